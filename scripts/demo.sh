#!/usr/bin/env bash
# The README's demo: builds what examples/plain-java needs, creates a SoftHSM2 token, and runs the example against the
# local emulator — credentials for a key file, then for a key generated inside the token, each proven by a signed STS
# call. Nothing for the tests is built (-Dmaven.test.skip=true): no test compiles, no C compiler needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh demo
echo "Building the library modules and the example (tests skipped; scripts/test.sh runs them)..."
mvn -B -q -ntp -Dstyle.color=never install -pl examples/plain-java -am -Dmaven.test.skip=true -Dquick
exec examples/run.sh plain-java
