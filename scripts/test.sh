#!/usr/bin/env bash
# Runs every test of every module: the README's test command, and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
exec mvn -B -ntp install "$@"
