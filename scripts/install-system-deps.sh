#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the build needs, when any is missing.
#   scripts/install-system-deps.sh demo   what scripts/demo.sh needs: a JDK, Maven, SoftHSM2
#   scripts/install-system-deps.sh        (or "all") what scripts/test.sh needs: everything below
# Packages are installed with --no-install-recommends, so each one the build uses is named here, even where another
# package merely recommends it (gcc recommends libc6-dev, whose headers the native test fixtures include).
set -euo pipefail

# The JDK and Maven; ca-certificates for Maven Central; SoftHSM2 for the demo's token.
demo=(openjdk-17-jdk-headless maven ca-certificates softhsm2)
all=("${demo[@]}"
  # gcc and the C headers (libc6-dev: dlfcn.h, pthread.h) for the fault-injection PKCS#11 module, the object helper
  # and the benchmarks' C baseline; libp11-kit-dev for pkcs11.h
  gcc libc6-dev libp11-kit-dev
  # openssl: the independent reference the golden tests compare against; opensc: pkcs11-tool, which provisions the
  # test tokens; p11-kit(-modules): the p11-kit command and p11-kit-proxy.so
  openssl opensc p11-kit p11-kit-modules
  # a TPM-backed token: a software TPM behind tpm2-abrmd on a private D-Bus, and tpm2-pkcs11 in front of it
  swtpm swtpm-tools tpm2-tools libtpm2-pkcs11-1 libtpm2-pkcs11-tools libtss2-tcti-swtpm0
  tpm2-abrmd libtss2-tcti-tabrmd0 dbus-daemon
  # the command line's completion scripts are loaded in the shells they are for; util-linux gives the prompt tests a
  # pseudo-terminal (script) and the update tests a bind mount in a namespace of their own (unshare)
  bash zsh fish util-linux
)

case "${1:-all}" in
  demo) packages=("${demo[@]}") ;;
  all) packages=("${all[@]}") ;;
  *) echo "usage: $0 [demo|all]" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "This script installs Debian/Ubuntu packages and found no dpkg/apt-get. Install the equivalents of:" >&2
  echo "  ${packages[*]}" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# scripts/test.sh also runs part of the suite on JDK 25 (the provider's tests, the launcher's AOT cache). Where the
# distribution packages one (Debian 13, Ubuntu 25.10) it is installed like the rest; Debian 12 has none.
jdk25_found() {
  [ -n "${ROLESANYWHERE_JDK25:-}" ] && [ -x "$ROLESANYWHERE_JDK25/bin/java" ] && return 0
  for dir in /usr/lib/jvm/*25*; do
    [ -x "$dir/bin/java" ] && return 0
  done
  return 1
}
if [ "${1:-all}" = all ] && ! jdk25_found; then
  if apt-cache show openjdk-25-jdk-headless >/dev/null 2>&1; then
    missing+=(openjdk-25-jdk-headless)
  else
    {
      echo "scripts/test.sh also runs tests on JDK 25, and there is none under /usr/lib/jvm and no"
      echo "openjdk-25-jdk-headless package for this system (Debian 12 has none). Install Temurin 25 (Adoptium's APT"
      echo "repository, https://adoptium.net/installation/linux/, puts temurin-25-jdk under /usr/lib/jvm) or unpack"
      echo "any JDK 25 and set ROLESANYWHERE_JDK25 to its directory, then run scripts/test.sh again."
    } >&2
    exit 1
  fi
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

install_command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  {
    echo "These packages are missing: ${missing[*]}"
    echo "Installing them needs root, and this user is not root and has no sudo. As root, run:"
    echo "  $install_command"
    echo "then run $0 (or the script that called it) again."
  } >&2
  exit 1
fi

echo "Installing system packages: ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
