#!/usr/bin/env bash
# Builds Tributary's MuJoCo shim (and the raw mj_step benchmark loop) with gcc.
# Needs only gcc and libmujoco-dev. Overrides: MUJOCO_INCLUDE (dir containing mujoco/mujoco.h),
# MUJOCO_LIB_DIR (dir containing libmujoco.so) for a MuJoCo build elsewhere.
# Usage: build.sh <output dir for libtributary_mujoco.so> <output dir for executables>
set -euo pipefail
src_dir="$(cd "$(dirname "$0")" && pwd)"
lib_out="$1"; bin_out="$2"
inc="${MUJOCO_INCLUDE:-/usr/include}"
libdir="${MUJOCO_LIB_DIR:-}"
if ! command -v gcc >/dev/null 2>&1; then
  echo "ERROR: gcc not found; the MuJoCo shim needs a C compiler: apt-get install gcc" >&2; exit 1
fi
if [ ! -f "$inc/mujoco/mujoco.h" ]; then
  echo "ERROR: MuJoCo headers not found at $inc/mujoco/mujoco.h: install libmujoco-dev (apt-get install libmujoco-dev), or set MUJOCO_INCLUDE to the directory that contains mujoco/mujoco.h" >&2
  exit 1
fi
link=(-lmujoco -lm)
if [ -n "$libdir" ]; then link=(-L"$libdir" -Wl,-rpath,"$libdir" -lmujoco -lm); fi
mkdir -p "$lib_out" "$bin_out"
so="$lib_out/libtributary_mujoco.so"
if [ ! -f "$so" ] || [ "$src_dir/tributary_mujoco.c" -nt "$so" ] || [ "$0" -nt "$so" ]; then
  gcc -O2 -fPIC -shared -std=gnu11 -Wall -Wextra -Wno-unused-parameter -I"$inc" \
      -o "$so" "$src_dir/tributary_mujoco.c" "${link[@]}" \
    || { echo "ERROR: building the MuJoCo shim failed; is libmujoco-dev installed (apt-get install libmujoco-dev)?" >&2; exit 1; }
fi
bench="$bin_out/tributary-mjbench"
if [ ! -f "$bench" ] || [ "$src_dir/mjbench.c" -nt "$bench" ]; then
  gcc -O2 -std=gnu11 -Wall -I"$inc" -o "$bench" "$src_dir/mjbench.c" "${link[@]}"
fi
