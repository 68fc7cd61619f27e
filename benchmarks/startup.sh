#!/bin/sh
# credential_process start-up beside a bare JVM, in one hyperfine run (docs/benchmarks.md, "credential-process
# start-up"): `java -version`, the least a JVM needs for one HTTPS request (HttpsRequestFloor), and credential-process
# with a file key and with a SoftHSM2 key, on every JDK given, against the local emulator. Then, with --phases N, the
# median of each start-up phase over N traced runs (-Drolesanywhere.startup.trace=true).
#
#   benchmarks/startup.sh                                      JDK 17 (java on PATH) and every /usr/lib/jvm/*25*
#   benchmarks/startup.sh --runs 41 --phases 21 --jdk /usr/lib/jvm/temurin-25-jdk-amd64
#
# Environment:
#   BENCH_SKIP_BUILD=1   use what is already built (rolesanywhere-cli/target, benchmarks/target/classes)
#   BENCH_MVN_FLAGS      extra Maven flags for the build (default: -o, offline)
#   BENCH_BASELINE_CLI   another launcher (say, an older build's bin/aws_signing_helper) to measure beside this one
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd -P)
runs=31
phases=0
jdks=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --phases) phases=$2; shift 2 ;;
    --jdk) jdks="$jdks $2"; shift 2 ;;
    *) echo "startup.sh: unknown option $1 (--runs N, --phases N, --jdk PATH)" >&2; exit 2 ;;
  esac
done
if [ -z "$jdks" ]; then
  jdks=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  for candidate in /usr/lib/jvm/*25*; do
    [ -x "$candidate/bin/java" ] && jdks="$jdks $candidate" && break
  done
fi

for tool in hyperfine softhsm2-util pkcs11-tool openssl java jar; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "startup.sh: $tool is missing (Debian: apt-get install -y hyperfine softhsm2 opensc openssl openjdk-17-jdk-headless)" >&2
    exit 1
  }
done

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn ${BENCH_MVN_FLAGS:--o} -q -f "$repo/pom.xml" -pl rolesanywhere-cli,benchmarks -am install -DskipTests -Dquick
fi
cli=$repo/rolesanywhere-cli/target/bin/aws_signing_helper

work=$(mktemp -d "${TMPDIR:-/tmp}/rolesanywhere-startup.XXXXXX")
emulator=
# The work directory holds the emulator's CA and client keys, the token and its PIN: it must go whatever happens. Under
# set -e a failing command in the trap would end it early, so nothing in it may fail (wait returns the emulator's
# status, 143 after SIGTERM).
cleanup() {
  if [ -n "$emulator" ]; then
    kill "$emulator" 2>/dev/null || true
    wait "$emulator" 2>/dev/null || true
  fi
  rm -rf "$work" || true
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
# The launchers keep their class caches here, not in the user's own cache directory.
export ROLESANYWHERE_CDS_DIR="$work/cache"

# The emulator with an EC P-256 client key; Nagle off, as in the first-credentials benchmark (see that section).
ROLESANYWHERE_CDS=off ROLESANYWHERE_OPTS=-Dsun.net.httpserver.nodelay=true \
  "$cli" emulator --dir "$work/emu" --key-type EC_P256 > "$work/emulator.out" 2>&1 &
emulator=$!
waited=0
until grep -q 'server trust PEM' "$work/emulator.out" 2>/dev/null; do
  waited=$((waited + 1))
  [ $waited -le 120 ] || { echo "startup.sh: the emulator did not start:" >&2; cat "$work/emulator.out" >&2; exit 1; }
  sleep 1
done
setting() { sed -n "s/^  $1  *//p" "$work/emulator.out"; }
session="--trust-anchor-arn $(setting 'trust anchor ARN') --profile-arn $(setting 'profile ARN')"
session="$session --role-arn $(setting 'role ARN') --endpoint $(setting endpoint) --ca-bundle $work/emu/server-trust.pem"
file_key="credential-process --certificate $work/emu/client.pem --private-key $work/emu/client-key.pem $session"

# The same key and certificate in a fresh SoftHSM2 token.
export SOFTHSM2_CONF="$work/softhsm2.conf"
mkdir "$work/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\n' "$work/tokens" > "$SOFTHSM2_CONF"
softhsm2-util --init-token --free --label bench --pin 1234 --so-pin 5678 >/dev/null
printf 1234 > "$work/pin"
openssl pkcs8 -topk8 -nocrypt -in "$work/emu/client-key.pem" -outform DER -out "$work/key.der"
openssl x509 -in "$work/emu/client.pem" -outform DER -out "$work/cert.der"
for object in "key.der privkey" "cert.der cert"; do
  set -- $object
  pkcs11-tool --module /usr/lib/softhsm/libsofthsm2.so --token-label bench --login --pin 1234 \
    --write-object "$work/$1" --type "$2" --id 01 --label client >/dev/null 2>&1
done
rm -f "$work/key.der"
uri="pkcs11:token=bench;object=client?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=$work/pin"
token_key="credential-process --certificate '$uri' $session"

# The floor program as a jar of its own: class caches take jars only.
jar cf "$work/floor.jar" -C "$repo/benchmarks/target/classes" dev/rolesanywhere/benchmarks/HttpsRequestFloor.class
floor_flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable"
floor_args="-cp $work/floor.jar dev.rolesanywhere.benchmarks.HttpsRequestFloor $work/emu/server-trust.pem $(setting endpoint)"

set --
: > "$work/traced"
for jdk in $jdks; do
  feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")
  # The floor gets a class cache as the launcher does: AOT from 25 on, else an AppCDS archive.
  if [ "$feature" -ge 25 ]; then
    "$jdk/bin/java" $floor_flags "-XX:AOTCacheOutput=$work/floor-$feature.aot" $floor_args >/dev/null 2>&1
    floor_cache="-XX:AOTCache=$work/floor-$feature.aot"
  else
    "$jdk/bin/java" $floor_flags "-XX:ArchiveClassesAtExit=$work/floor-$feature.jsa" $floor_args >/dev/null 2>&1
    floor_cache="-XX:SharedArchiveFile=$work/floor-$feature.jsa"
  fi
  set -- "$@" -n "java -version (Java $feature)" "$jdk/bin/java -version" \
    -n "HTTPS request floor (Java $feature)" "$jdk/bin/java $floor_flags $floor_cache $floor_args"
  for launcher in "$cli" ${BENCH_BASELINE_CLI:-}; do
    # One run of each launcher makes its class cache; on 25 it is assembled in the background: wait for it.
    JAVA_HOME=$jdk "$launcher" $file_key >/dev/null
    waited=0
    while ls "$ROLESANYWHERE_CDS_DIR"/*.lock >/dev/null 2>&1; do
      waited=$((waited + 1))
      [ $waited -le 120 ] || { echo "startup.sh: no class cache after 120 s" >&2; exit 1; }
      sleep 1
    done
    label="Java $feature"
    [ "$launcher" = "$cli" ] || label="$label; $launcher"
    set -- "$@" -n "credential-process file key ($label)" "env JAVA_HOME=$jdk $launcher $file_key" \
      -n "credential-process SoftHSM2 key ($label)" "env JAVA_HOME=$jdk $launcher $token_key"
    printf '%s\t%s\n' "file key ($label)" "env JAVA_HOME=$jdk $launcher $file_key" >> "$work/traced"
    printf '%s\t%s\n' "SoftHSM2 key ($label)" "env JAVA_HOME=$jdk $launcher $token_key" >> "$work/traced"
  done
done

echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "Checkout: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 3 --runs "$runs" --style basic --export-csv "$work/startup.csv" "$@" >/dev/null
echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
# Medians, and each row's median over the median of `java -version` on the same Java.
echo "| command | median | mean ± σ | user + system CPU | ratio to java -version (medians) |"
echo "|---|---:|---:|---:|---:|"
awk -F, 'NR > 1 {
  name = $1; java = name; sub(/.*\(/, "", java); sub(/[;)].*/, "", java)
  if (name ~ /^java -version/) base[java] = $4
  printf "| %s | %.1f ms | %.1f ± %.1f ms | %.0f ms | %.1f |\n", name, $4 * 1000, $2 * 1000, $3 * 1000, \
    ($5 + $6) * 1000, $4 / base[java]
}' "$work/startup.csv"

# The median of one phase's wall time (the first figure) or main-thread CPU time (the figure before "ms cpu"; "-" for a
# build whose trace has no CPU column).
median() {
  awk -v p="$1" -v what="$2" '$2 == p {
    if (what == "wall") print $3
    else for (i = 5; i <= NF; i++) if ($i == "cpu" && $(i - 1) == "ms") print $(i - 2)
  }' "$work/trace" | sort -n | awk '{v[NR]=$1} END {print NR ? v[int((NR+1)/2)] : "-"}'
}

if [ "$phases" -gt 0 ]; then
  echo "Start-up phases of credential-process, medians of $phases traced runs (main thread: wall ms, CPU ms)"
  while IFS="$(printf '\t')" read -r label command; do
    echo "== $label"
    : > "$work/trace"
    i=0
    while [ $i -lt "$phases" ]; do
      eval "ROLESANYWHERE_OPTS=-Drolesanywhere.startup.trace=true $command" </dev/null 2>&1 >/dev/null \
        | grep '^startup' >> "$work/trace" || true
      i=$((i + 1))
    done
    for phase in $(awk '!seen[$2]++ {print $2}' "$work/trace"); do
      wall=$(median "$phase" wall)
      cpu=$(median "$phase" cpu)
      printf '  %-16s %8s %8s\n' "$phase" "$wall" "$cpu"
    done
  done < "$work/traced"
  echo "Load average after the phases: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
