#!/usr/bin/env bash
# ops/gpu-check.sh PHASE...: issue 15's measurement on the GPU machine (an H100/H200 with a CUDA 13 driver, the pip
# CUDA 13 libraries and PyTorch; no JDK, no Maven, no network). Everything comes from files ops/gpu-stage puts in
# gpu-carry/ (the device tool carries them; each call takes at most 64 MiB, so the work is split in two calls on the
# same warm machine, the second within its 30 s warm window):
#
#   call 1, carry gpu-carry/tributary-gpu-linux-x86_64.tar.gz (~57 MiB):        ops/gpu-check.sh gpu      (~5 min)
#   call 2, carry gpu-carry/tributary-nd4j-linux-x86_64.tar.xz gpu-carry/cleanrl (~47 MiB):
#                                                                               ops/gpu-check.sh cpu peer (~6 min)
#
# Phases (steps in order of importance; each under its own time limit, and none started that the call's deadline
# would cut off):
#   gpu:  the machine (nvidia-smi, CPUs, the CUDA libraries found, python/torch); gpu-checks (GPU gradient checks
#         of the host loss over the GPU seam and of the device loss kernels, inference agreement, the device update's
#         growth); bench-update --device cuda (cuda-graph, cuda-seam) at 64, 4096 and 65,536 rows for 64-64 and
#         256-256; train dm_control/walker-walk-v0 with the learner on cuda and 1, 4, 8, 14 actor processes (4 envs
#         each, the 2048-step batch, ITERATIONS iterations); ours on Pendulum-v1 (--actors 0, cuda, PEER_STEPS).
#   cpu:  the gpu bundle of call 1 with the nd4j add-on unpacked over it (the CPU route): gpu-checks again, adding
#         the CPU-vs-GPU update agreement; bench-update --device cpu (fused-cblas, the learner's CPU route) at the
#         same sizes, one BLAS thread (the launcher's default); the same walker runs with the learner on cpu; ours
#         on Pendulum-v1 on cpu; the CPU bench again with a BLAS thread per core.
#   peer: CleanRL's rpo_continuous_action.py --cuda on Pendulum-v1, PEER_STEPS steps, PyTorch on the GPU.
#
# Results: $OUT (the device tool brings back at most 8 files) gets summary.txt (every step so far, with its exit
# code and seconds), figures.txt (the bench lines; per run its steps/s and the mean rollout/transfer/update/broadcast
# seconds of its iterations after the first, and which is largest; the peer's steps/s and return) and
# logs-PHASES.tar.gz (each step's output, each run's metrics.csv and config). Both calls' results accumulate in
# $STATE (default /tmp/tributary-gpu-check), so the second call's summary and figures hold the first's too.
# Environment: OUT, GPU_CHECK_STATE, GPU_CHECK_CARRY (default gpu-carry beside ops/), GPU_CHECK_ITERATIONS (20),
# GPU_CHECK_PEER_STEPS (100000), GPU_CHECK_DEADLINE_S (seconds this call may take, default 560).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CARRY="${GPU_CHECK_CARRY:-$here/../gpu-carry}"
OUT="${OUT:-$PWD/gpu-check-out}"
STATE="${GPU_CHECK_STATE:-/tmp/tributary-gpu-check}"
ITER="${GPU_CHECK_ITERATIONS:-20}"
PEER_STEPS="${GPU_CHECK_PEER_STEPS:-100000}"
DEADLINE=$((SECONDS + ${GPU_CHECK_DEADLINE_S:-560}))
(($#)) || { echo "usage: ops/gpu-check.sh gpu|cpu|peer..." >&2; exit 2; }
for p in "$@"; do
  case "$p" in gpu|cpu|peer) ;; *) echo "ops/gpu-check.sh: unknown phase '$p' (gpu, cpu, peer)" >&2; exit 2 ;; esac
done
mkdir -p "$OUT" "$STATE/logs" "$STATE/runs"
summary="$STATE/logs/summary.txt"
touch "$summary"

# step NAME LIMIT_S CMD...: CMD with its output in logs/NAME.txt under LIMIT_S seconds (less if the deadline is
# nearer; not started with under 20 s left), then one summary line: exit code (124: timed out) and seconds
step() {
  local name="$1" limit="$2"; shift 2
  local left=$((DEADLINE - SECONDS - 15))
  if ((left < 20)); then
    printf '%-34s not run: out of time\n' "$name" | tee -a "$summary"
    return
  fi
  ((limit > left)) && limit=$left
  local t0=$SECONDS
  echo "== $name (limit ${limit}s): $*" > "$STATE/logs/$name.txt"
  # bash -c runs the exported shell functions (machine, peer) under timeout too
  timeout -k 10 "$limit" bash -c '"$@"' _ "$@" >> "$STATE/logs/$name.txt" 2>&1
  local rc=$?
  printf '%-34s exit %3d  %5ds\n' "$name" "$rc" "$((SECONDS - t0))" | tee -a "$summary"
}
skip() { printf '%-34s not run: %s\n' "$1" "$2" | tee -a "$summary"; }

# the unpacked gpu bundle (kept in $STATE across the two calls), and the gpu bundle with the add-on over it
gpu_launcher() {
  local b="$STATE/gpu/tributary-gpu-linux-x86_64/bin/tributary"
  if [[ ! -x $b ]]; then
    [[ -f $CARRY/tributary-gpu-linux-x86_64.tar.gz ]] || return 1
    mkdir -p "$STATE/gpu" && tar -C "$STATE/gpu" -xzf "$CARRY/tributary-gpu-linux-x86_64.tar.gz" || return 1
  fi
  echo "$b"
}
cpu_launcher() {
  local b="$STATE/cpu/tributary-gpu-linux-x86_64/bin/tributary" addon="$STATE/nd4j.tar.xz"
  [[ -x $b ]] && { echo "$b"; return 0; }
  gpu_launcher >/dev/null || return 1
  if [[ -f $CARRY/tributary-nd4j-linux-x86_64.tar.xz ]]; then
    cp "$CARRY/tributary-nd4j-linux-x86_64.tar.xz" "$addon"
  elif ls "$CARRY"/tributary-nd4j-linux-x86_64.tar.xz.part-* >/dev/null 2>&1; then
    cat "$CARRY"/tributary-nd4j-linux-x86_64.tar.xz.part-* > "$addon"
  else
    return 1
  fi
  if [[ -f $CARRY/tributary-nd4j-linux-x86_64.tar.xz.sha256 ]]; then
    [[ "$(sha256sum < "$addon" | cut -d' ' -f1)" == "$(cut -d' ' -f1 "$CARRY/tributary-nd4j-linux-x86_64.tar.xz.sha256")" ]] \
      || { echo "the nd4j add-on's SHA-256 does not match" >&2; return 1; }
  fi
  rm -rf "$STATE/cpu" && mkdir -p "$STATE/cpu" && cp -a "$STATE/gpu/tributary-gpu-linux-x86_64" "$STATE/cpu/" || return 1
  if command -v xz >/dev/null; then
    tar -C "$STATE/cpu" -xJf "$addon" || return 1
  else # no xz here: Python's lzma reads it
    python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1], "r:xz").extractall(sys.argv[2])' "$addon" "$STATE/cpu" || return 1
  fi
  echo "$b"
}

machine() {
  nvidia-smi
  nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap,clocks.max.sm --format=csv
  echo "cpus: $(nproc)"; uname -a; free -g | head -2
  cat "$(dirname "$1")/../VERSION"
  python3 -c 'import torch, sys; print("python", sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available())'
  python3 -c 'import site; print("site-packages:", site.getsitepackages())'
  ls -d "$(python3 -c 'import site; print(site.getsitepackages()[0])')"/nvidia/*/lib 2>/dev/null
  command -v xz || echo "no xz (the add-on is unpacked by Python's lzma)"
}

# walker DEVICE LAUNCHER: the pipeline with the learner on DEVICE and 1, 4, 8, 14 actor processes
walker() {
  local dev="$1" launcher="$2" n="$3" actors
  for actors in 1 4 8 14; do
    rm -rf "$STATE/runs/walker-$dev-$actors" # a phase run again starts its runs afresh
    step "$n-walker-$dev-actors-$actors" 120 "$launcher" train --env dm_control/walker-walk-v0 --algo rpo --device "$dev" \
      --actors "$actors" --envs-per-actor 4 --iterations "$ITER" --checkpoint-every 0 --progress false \
      --runs-dir "$STATE/runs" --run-name "walker-$dev-$actors"
  done
}

pendulum() {
  local dev="$1" launcher="$2" n="$3"
  rm -rf "$STATE/runs/pendulum-$dev"
  step "$n-ours-pendulum-$dev" 90 "$launcher" train --env Pendulum-v1 --algo rpo --actors 0 --device "$dev" \
    --total-timesteps "$PEER_STEPS" --checkpoint-every 0 --progress false --runs-dir "$STATE/runs" --run-name "pendulum-$dev"
}

peer() {
  local src="$CARRY/cleanrl" work="$STATE/peer"
  mkdir -p "$work" && cd "$work" || return 1
  PYTHONPATH="$src/src/gymnasium:$src/src/tyro:$src/src/docstring_parser:$src/src/shtab:$src/src/farama_notifications" \
    PYTHONUNBUFFERED=1 python3 "$src/launch.py" "$src/src/cleanrl/cleanrl/rpo_continuous_action.py" --env-id Pendulum-v1 \
    --seed 1 --total-timesteps "$PEER_STEPS" --cuda --no-capture-video --no-track
}

export CARRY STATE PEER_STEPS
export -f machine peer
for phase in "$@"; do
  case "$phase" in
    gpu)
      if gpu="$(gpu_launcher)"; then
        step 0-machine 60 machine "$gpu"
        step 1-gpu-checks 150 "$gpu" gpu-checks
        step 2-bench-update-cuda 150 "$gpu" bench-update --device cuda --rows 64,4096,65536 --hidden 64-64,256-256 --rounds 3
        walker cuda "$gpu" 4
        pendulum cuda "$gpu" 6
      else
        skip gpu "no $CARRY/tributary-gpu-linux-x86_64.tar.gz (ops/gpu-stage)"
      fi
      ;;
    cpu)
      if cpu="$(cpu_launcher)"; then
        step 1b-gpu-checks-cpu-route 150 "$cpu" gpu-checks
        step 3-bench-update-cpu 150 "$cpu" bench-update --device cpu --paths fused-cblas --rows 64,4096,65536 \
          --hidden 64-64,256-256 --rounds 3
        walker cpu "$cpu" 5
        pendulum cpu "$cpu" 6
        # the launcher's default is one BLAS thread (the learner shares the machine with its actors); the CPU
        # route's best case on this machine, for the 10x target's other side
        step 3b-bench-update-cpu-all-cores 120 env OMP_NUM_THREADS="$(nproc)" "$cpu" bench-update --device cpu \
          --paths fused-cblas --rows 64,4096,65536 --hidden 64-64,256-256 --rounds 3
      else
        skip cpu "no unpacked gpu bundle, or no nd4j add-on in $CARRY (ops/gpu-stage)"
      fi
      ;;
    peer)
      if [[ -f $CARRY/cleanrl/launch.py ]]; then
        step 7-cleanrl-rpo-pendulum-cuda 200 peer
      else
        skip 7-cleanrl-rpo-pendulum-cuda "no $CARRY/cleanrl (ops/gpu-stage --cleanrl DEST)"
      fi
      ;;
  esac
done

# the figures of every step so far (this call's and an earlier call's)
{
  for f in "$STATE"/logs/[23]*-bench-*.txt; do
    [[ -f $f ]] && grep -hE "^bench-update:|rows=" "$f"
  done
  for d in "$STATE"/runs/*/; do
    [[ -f $d/metrics.csv ]] || continue
    name="$(basename "$d")"
    awk -F, -v name="$name" '
      NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; pipeline = ("env_steps_per_s" in c); next }
      $c["iteration"] <= 1 { next }
      pipeline && $c["broadcast_s"] ~ /[Nn]a[Nn]/ { next }
      pipeline { n++; sps += $c["env_steps_per_s"]; r += $c["rollout_s"]; t += $c["transfer_s"]; u += $c["update_s"]; b += $c["broadcast_s"]; next }
      { n++; sps += $c["charts/SPS"]; r += $c["tributary/rollout_s"]; u += $c["tributary/update_s"] }
      END {
        if (n == 0) { print name ": no iterations after the first"; exit }
        big = "rollout"; m = r; if (t > m) { big = "transfer"; m = t } if (u > m) { big = "update"; m = u } if (b > m) { big = "broadcast" }
        printf "%s: %d iterations after the first, mean %.0f steps/s; mean s per iteration rollout %.4f transfer %.4f update %.4f broadcast %.4f; largest: %s\n",
          name, n, sps / n, r / n, t / n, u / n, b / n, big
      }' "$d/metrics.csv"
  done
  for f in "$STATE"/logs/[456]-*.txt; do
    [[ -f $f ]] || continue
    line="$(grep -hE "^learner: .*steps/s|^train: " "$f" | tail -n 1)"
    echo "$(basename "$f" .txt): ${line:-no result line (see its log)}"
  done
  f="$STATE/logs/7-cleanrl-rpo-pendulum-cuda.txt"
  if [[ -f $f ]]; then
    awk '/^SPS:/ { sps = $2 } /episodic_return=/ { sub(/.*episodic_return=\[?/, ""); sub(/\].*/, ""); ret[++n] = $1 }
      END { s = 0; k = 0; for (i = (n > 20 ? n - 19 : 1); i <= n; i++) { s += ret[i]; k++ }
            printf "cleanrl rpo Pendulum-v1 --cuda: last SPS %s, %d episodes, mean return of the last %d %.1f\n", sps, n, k, k ? s / k : 0 }' "$f"
  fi
} > "$STATE/logs/figures.txt" 2>&1

cp "$summary" "$OUT/summary.txt"
cp "$STATE/logs/figures.txt" "$OUT/figures.txt"
# the step logs and each run's metrics and configuration (no checkpoints, weights or event files), under 16 MiB
tar -C "$STATE" -czf "$OUT/logs-$(IFS=-; echo "$*").tar.gz" logs \
  $(cd "$STATE" && find runs -maxdepth 2 \( -name metrics.csv -o -name config.properties -o -name 'scalars.csv' \) 2>/dev/null) \
  $(cd "$STATE" && find peer -name scalars.csv 2>/dev/null)
echo "== summary (every call so far)"; cat "$OUT/summary.txt"
echo "== figures"; cat "$OUT/figures.txt"
