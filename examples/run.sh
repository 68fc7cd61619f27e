#!/usr/bin/env bash
# Runs one example against the local emulator with a fresh SoftHSM2 token:
#   examples/run.sh plain-java | provider-chain | spring-boot
# The token lives in a temporary directory that is removed afterwards; its PIN is read from a file (pin-source),
# the way a service account would hold it.
set -euo pipefail
cd "$(dirname "$0")/.."
example="${1:-plain-java}"
if [ ! -d "examples/$example" ]; then
  echo "No example named '$example' (try plain-java, provider-chain or spring-boot)" >&2
  exit 1
fi

softhsm_module=/usr/lib/softhsm/libsofthsm2.so
if [ ! -f "$softhsm_module" ] || ! command -v softhsm2-util >/dev/null; then
  echo "SoftHSM2 is not installed: run scripts/install-system-deps.sh (or apt-get install softhsm2)" >&2
  exit 1
fi

work="$(mktemp -d -t rolesanywhere-demo.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tokens"
cat > "$work/softhsm2.conf" <<CONF
directories.tokendir = $work/tokens
objectstore.backend = file
log.level = ERROR
CONF
export SOFTHSM2_CONF="$work/softhsm2.conf"

# A throwaway PIN for a throwaway token; real deployments keep theirs in a file only the service can read.
pin="$(od -An -N4 -tu4 /dev/urandom | tr -d ' \n')"
umask 077
printf '%s\n' "$pin" > "$work/user.pin"
softhsm2-util --init-token --free --label rolesanywhere-demo --so-pin "so-$pin" --pin "$pin" >/dev/null
export ROLESANYWHERE_DEMO_TOKEN_URI="pkcs11:token=rolesanywhere-demo?module-path=$softhsm_module&pin-source=$work/user.pin"

echo "SoftHSM2 token 'rolesanywhere-demo' created in $work/tokens"
mvn -B -q -ntp -Dstyle.color=never -f "examples/$example/pom.xml" exec:java
