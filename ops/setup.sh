#!/usr/bin/env bash
# Sets up Tributary on a fresh Debian/Ubuntu machine: system packages (when run as root and missing),
# a JDK 25 check, and a build of every module (tests skipped; ops/test runs them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tributary_install_missing "tributary setup"
tributary_pick_jdk
echo "tributary setup: JDK $JAVA_HOME"
cd "$TRIBUTARY_ROOT"
mvn -B -q -DskipTests package
echo "tributary setup: built. Next: ops/tributary help"
