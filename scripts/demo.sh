#!/usr/bin/env bash
# The README's demo: builds the project, creates a SoftHSM2 token, and runs examples/plain-java against the local
# emulator — credentials for a key file, then for a key generated inside the token, each proven by a signed STS call.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
echo "Building (tests skipped; scripts/test.sh runs them)..."
mvn -B -q -ntp -Dstyle.color=never install -DskipTests -Dquick
exec examples/run.sh plain-java
