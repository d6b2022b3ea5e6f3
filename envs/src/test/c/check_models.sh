#!/usr/bin/env bash
# Dev tool (not run by Maven): compile mjcheck.c against libmujoco and diff each named
# dm_control model of ours against the golden physics trajectory.
#   envs/src/test/c/check_models.sh point_mass reacher finger ball_in_cup
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
models="$here/../../main/resources/io/tributary/envs/dmc"
golden="${TRIBUTARY_SHARED:-$here/../../../../../shared}/golden/dm_control/physics"
[ -d "$golden" ] || golden=/work/shared/golden/dm_control/physics
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -o "$tmp/mjcheck" "$here/mjcheck.c" -lmujoco -lm
for d in "$@"; do
  echo "=== $d"
  "$tmp/mjcheck" "$models/$d.xml" > "$tmp/$d.jsonl"
  python3 "$here/compare_physics.py" "$tmp/$d.jsonl" "$golden/$d.jsonl.gz"
done
