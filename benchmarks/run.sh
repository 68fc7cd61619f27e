#!/bin/sh
# One command for the whole benchmark run: build, make a fresh SoftHSM2 token, run the C baseline and the JMH suites
# interleaved, print the table (also written to benchmarks/target/benchmark-results.txt).
#
#   benchmarks/run.sh                                   default, about 10 minutes
#   benchmarks/run.sh --iterations 10 --seconds 5 --warmup-seconds 5 --forks 2 --first-scale 3   a longer run
#   benchmarks/run.sh --suites signing                  one suite (signing, provider, first)
#
# Environment:
#   BENCH_SKIP_BUILD=1   use what is already built (benchmarks/target, rolesanywhere-cli/target/bin)
#   BENCH_MVN_FLAGS      extra Maven flags for the build (default: -o, offline)
#   BENCH_KEEP=1         keep the temporary token directory (its path is printed)
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd -P)

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # -am: the library modules the benchmarks and the CLI launcher are built from, at this checkout.
  mvn ${BENCH_MVN_FLAGS:--o} -q -f "$repo/pom.xml" -pl rolesanywhere-cli,benchmarks -am install -DskipTests -Dquick
fi

for tool in softhsm2-util pkcs11-tool gcc java; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "run.sh: $tool is missing (Debian: apt-get install -y softhsm2 opensc gcc openjdk-17-jdk-headless)" >&2
    exit 1
  }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/rolesanywhere-bench.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
  echo "Keeping the token directory $work"
else
  trap 'rm -rf "$work"' EXIT INT TERM
fi

cp="$repo/benchmarks/target/classes:$repo/benchmarks/target/lib/*"
java -cp "$cp" dev.rolesanywhere.benchmarks.PrepareFixture "$work/fixture"

# SoftHSM2 reads SOFTHSM2_CONF once, when loaded: every process below (C, JMH forks, the CLI) inherits it.
SOFTHSM2_CONF="$work/fixture/softhsm2.conf"
ROLESANYWHERE_BENCH_FIXTURE="$work/fixture"
ROLESANYWHERE_BENCH_CLI="${ROLESANYWHERE_BENCH_CLI:-$repo/rolesanywhere-cli/target/bin/aws_signing_helper}"
export SOFTHSM2_CONF ROLESANYWHERE_BENCH_FIXTURE ROLESANYWHERE_BENCH_CLI

echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
java -version 2>&1 | head -1
echo "Checkout: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [ "${BENCH_SKIP_BUILD:-0}" = 1 ] && echo ' (BENCH_SKIP_BUILD=1: the library jars in benchmarks/target/lib from its last build, not necessarily this checkout)')"
echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

java -cp "$cp" dev.rolesanywhere.benchmarks.SuiteRunner \
  --c-binary "$repo/benchmarks/target/native/pkcs11_sign_bench" \
  --report "$repo/benchmarks/target/benchmark-results.txt" \
  "$@"
echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
