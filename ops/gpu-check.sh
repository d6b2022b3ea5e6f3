#!/usr/bin/env bash
# ops/gpu-check.sh GPU_BUNDLE [CPU_BUNDLE] [CLEANRL_SRC]: the GPU measurement of issue 15, run once on the GPU
# machine (no JDK, no Maven, no network: everything comes from the bundles ops/bundle builds). Everything it
# prints and every file it makes goes under $OUT (default ./gpu-check-out); summary.txt has one line per step with
# its exit code and seconds. Steps, in order (a failing step is recorded and the next one runs):
#   0. the machine: nvidia-smi, CPU count, the CUDA libraries the search finds, python3/torch versions;
#   1. gpu-checks: the GPU gradient checks (host loss over the GPU seam, device loss kernels), inference agreement
#      (exit 0 only if all ran and passed); 1b. the same from the cpu bundle, adding the CPU-vs-GPU update agreement;
#   2. bench-update --device cuda at 64, 4096 and 65,536 rows, 64-64 and 256-256 (cuda-graph and cuda-seam);
#   3. bench-update --device cpu, the same sizes (fused-cblas)                                  [needs CPU_BUNDLE];
#   4. train dm_control/walker-walk-v0, RPO, learner --device cuda, 1, 4, 8 and 14 actor processes (4 envs each,
#      the default 2048-step batch, 20 iterations): steps/s and the rollout/transfer/update/broadcast split;
#   5. the same with the learner on CPU                                                          [needs CPU_BUNDLE];
#   6. the peer: CleanRL's rpo_continuous_action.py --cuda on Pendulum-v1 (PyTorch on the GPU), 100,000 steps, next
#      to ours on the same task (--actors 0, --device cuda, 100,000 steps)        [needs CLEANRL_SRC, see below].
# The gpu bundle is under 60 MiB and fits one command's 64 MiB; the cpu bundle (ND4J's native jar, ~180 MiB) does
# not: send it in 60 MiB pieces over consecutive calls on the same warm machine (split -b 60M; the pieces stay in
# the work tree between calls) and pass the re-joined file. CLEANRL_SRC is the `src` folder that
# shared/peers/cleanrl/setup.sh makes (cleanrl, gymnasium 0.29.1, tyro, docstring_parser, shtab,
# farama_notifications, pure Python); launch.py and tb_stub.py come from shared/peers/cleanrl.
set -uo pipefail
gpu_tgz="${1:?usage: ops/gpu-check.sh GPU_BUNDLE [CPU_BUNDLE] [CLEANRL_SRC]}"
cpu_tgz="${2:-}"
cleanrl_src="${3:-}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${OUT:-$PWD/gpu-check-out}"
mkdir -p "$OUT"
work="$(mktemp -d)"
summary="$OUT/summary.txt"
: > "$summary"
ITER="${GPU_CHECK_ITERATIONS:-20}"

# step NAME CMD...: runs CMD with output to $OUT/NAME.txt, records exit code and wall seconds
step() {
  local name="$1"; shift
  local t0=$SECONDS
  echo "== $name: $*" | tee -a "$OUT/$name.txt"
  "$@" >>"$OUT/$name.txt" 2>&1
  local rc=$?
  printf '%-28s exit %3d  %5ds\n' "$name" "$rc" "$((SECONDS - t0))" | tee -a "$summary"
}
unpack() { mkdir -p "$work/$1" && tar -C "$work/$1" -xzf "$2" && echo "$work/$1/$(ls "$work/$1")/bin/tributary"; }

gpu="$(unpack gpu "$gpu_tgz")" || { echo "cannot unpack $gpu_tgz" | tee -a "$summary"; exit 1; }
cpu=""
[[ -n $cpu_tgz ]] && { cpu="$(unpack cpu "$cpu_tgz")" || cpu=""; }

machine() {
  nvidia-smi; nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv
  echo "cpus: $(nproc)"; uname -a; cat "$(dirname "$gpu")/../VERSION"
  python3 -c 'import torch, sys; print("python", sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available())'
  python3 -c 'import site; print(site.getsitepackages())'
}
step 0-machine machine
step 1-gpu-checks "$gpu" gpu-checks
[[ -n $cpu ]] && step 1b-gpu-checks-with-cpu-agreement "$cpu" gpu-checks
step 2-bench-update-cuda "$gpu" bench-update --device cuda --rows 64,4096,65536 --hidden 64-64,256-256 --rounds 5
if [[ -n $cpu ]]; then
  step 3-bench-update-cpu "$cpu" bench-update --device cpu --paths fused-cblas --rows 64,4096,65536 --hidden 64-64,256-256 --rounds 3
else
  echo "3-bench-update-cpu           not run: no CPU bundle given" | tee -a "$summary"
fi
for dev in cuda cpu; do
  launcher="$gpu"
  if [[ $dev == cpu ]]; then
    [[ -n $cpu ]] || { echo "5-walker-learner-cpu         not run: no CPU bundle given" | tee -a "$summary"; continue; }
    launcher="$cpu"
  fi
  for actors in 1 4 8 14; do
    step "$([[ $dev == cuda ]] && echo 4 || echo 5)-walker-$dev-actors-$actors" "$launcher" train --env dm_control/walker-walk-v0 \
      --algo rpo --device "$dev" --actors "$actors" --envs-per-actor 4 --iterations "$ITER" --runs-dir "$OUT/runs" \
      --run-name "walker-$dev-$actors"
  done
done
step 6-ours-pendulum-cuda "$gpu" train --env Pendulum-v1 --algo rpo --actors 0 --device cuda --total-timesteps 100000 \
  --runs-dir "$OUT/runs" --run-name pendulum-cuda
if [[ -n $cleanrl_src && -d $cleanrl_src/cleanrl ]]; then
  peer() {
    local shim="$here/../shared/peers/cleanrl"
    [[ -f $shim/launch.py ]] || shim="${CLEANRL_SHIM:?set CLEANRL_SHIM to shared/peers/cleanrl}"
    mkdir -p "$OUT/peer/shim" && cp "$shim/tb_stub.py" "$OUT/peer/shim/" && cp "$shim/launch.py" "$OUT/peer/"
    cd "$OUT/peer" && PYTHONPATH="$cleanrl_src/gymnasium:$cleanrl_src/tyro:$cleanrl_src/docstring_parser:$cleanrl_src/shtab:$cleanrl_src/farama_notifications" \
      python3 "$OUT/peer/launch.py" "$cleanrl_src/cleanrl/cleanrl/rpo_continuous_action.py" --env-id Pendulum-v1 --seed 1 \
      --total-timesteps 100000 --cuda --no-capture-video --no-track
  }
  step 6-cleanrl-rpo-pendulum-cuda peer
else
  echo "6-cleanrl-rpo-pendulum-cuda  not run: no CleanRL source given" | tee -a "$summary"
fi
# the figures in one place: bench lines, and each training run's last iteration line (steps/s and the split)
{
  grep -h "rows=" "$OUT"/2-*.txt "$OUT"/3-*.txt 2>/dev/null
  for f in "$OUT"/4-*.txt "$OUT"/5-*.txt "$OUT"/6-*.txt; do
    [[ -f $f ]] && echo "$(basename "$f" .txt): $(grep -E "steps/s|SPS" "$f" | tail -n 1)"
  done
} > "$OUT/figures.txt"
cat "$summary"
rm -rf "$work"
