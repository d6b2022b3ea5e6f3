#!/usr/bin/env bash
# Sets up Tributary on a fresh Debian/Ubuntu machine: system packages (when run as root and missing),
# a JDK 25 check, and a build of every module (tests skipped; ops/test runs them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

need=()
command -v mvn >/dev/null || need+=(maven)
command -v gcc >/dev/null || need+=(gcc)
[[ -f /usr/include/mujoco/mujoco.h ]] || need+=(libmujoco-dev)
if ((${#need[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "tributary setup: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q "${need[@]}" >/dev/null
  else
    echo "tributary setup: missing ${need[*]}; run: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
fi
tributary_pick_jdk
echo "tributary setup: JDK $JAVA_HOME"
cd "$TRIBUTARY_ROOT"
mvn -B -q -DskipTests package
echo "tributary setup: built. Next: ops/tributary help"
