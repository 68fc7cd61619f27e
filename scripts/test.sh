#!/usr/bin/env bash
# Runs every test of every module, then each example against the emulator with a fresh SoftHSM2 token:
# the README's test command, and what CI runs (after the demo).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
mvn -B -ntp install "$@"

# The library on JDK 25, the Temurin JDK every machine of this project has beside the default JDK 17: the provider's
# tests (PKCS#11 tokens, the emulator over HTTPS, SDK clients, the native-access check) again, in a JDK 25 test JVM
# with native access granted as the README tells users to. Maven itself stays on JDK 17.
jdk25="${ROLESANYWHERE_JDK25:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)}"
if [ ! -x "$jdk25/bin/java" ]; then
  echo "No JDK 25 under /usr/lib/jvm (set ROLESANYWHERE_JDK25 to one): the JDK 25 run cannot be skipped" >&2
  exit 1
fi
echo "== rolesanywhere-sdk-provider tests on $("$jdk25/bin/java" -version 2>&1 | head -1)"
mvn -B -ntp -o surefire:test -pl rolesanywhere-sdk-provider -Djvm="$jdk25/bin/java" \
  -DargLine=--enable-native-access=ALL-UNNAMED "$@"

# The examples are programs, not test classes: run each one and require the caller identity the emulator verified.
for example in plain-java provider-chain spring-boot; do
  echo "== examples/$example"
  output="$(examples/run.sh "$example" 2>&1)" || { printf '%s\n' "$output"; echo "examples/$example failed" >&2; exit 1; }
  # grep -q under pipefail would fail the pipe (and the script, silently) when nothing matches: test the text itself.
  case "$output" in
    *assumed-role/*) printf '%s\n' "$output" | grep -E "SigV4 verified|Credentials from" || true ;;
    *)
      printf '%s\n' "$output"
      echo "examples/$example printed no caller identity verified by the emulator (no 'assumed-role/' above)" >&2
      exit 1
      ;;
  esac
done
echo "examples: all 3 ran, each with a caller identity verified by the emulator"
