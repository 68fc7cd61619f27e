#!/usr/bin/env bash
# Installs the system packages the build, tests and demo use, when any is missing (Debian/Ubuntu).
# SoftHSM2, p11-kit and OpenSC give real PKCS#11 tokens; swtpm + tpm2-abrmd + tpm2-pkcs11 give a TPM-backed token;
# openssl is the independent reference the golden tests compare against; gcc builds the fault-injection module.
set -euo pipefail

packages=(
  openjdk-17-jdk-headless maven gcc make openssl
  softhsm2 p11-kit libp11-kit-dev opensc
  swtpm swtpm-tools tpm2-tools libtpm2-pkcs11-1 libtpm2-pkcs11-tools libtss2-tcti-swtpm0
  tpm2-abrmd libtss2-tcti-tabrmd0 dbus-daemon
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing system packages: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
