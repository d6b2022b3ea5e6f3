
# ---- Below: the same for every job (BatchScript appends it); the values above are this job's. ----
# The batch script runs on the allocation's first node. The learner is one Slurm task there (step "learner"), each
# actor one task in the rest of the allocation (step "actors"). A restart (scontrol requeue, a node failure,
# preemption, the time limit) runs this script again: when the run directory holds a checkpoint the learner resumes
# the run from it, keeping its id, so the actors' command line stays valid.
set -uo pipefail
shopt -s nullglob dotglob

say() { echo "$(date '+%F %T') tributary: $*"; }

# This node's address as the other nodes reach it: its name's IPv4 address, or its first global address when the
# name maps to a loopback one (Debian maps a host's own name to 127.0.1.1). Kept as text: the actor tasks run it too.
# shellcheck disable=SC2016 # expanded where it runs
NODE_ADDRESS='node_address() {
  local a
  a=$(getent ahostsv4 "$(hostname)" | awk "NR == 1 {print \$1}")
  if [[ -z $a || $a == 127.* ]]; then a=$(hostname -I 2>/dev/null | awk "{print \$1}"); fi
  echo "${a:-127.0.0.1}"
}'
eval "$NODE_ADDRESS"

# The id (JOB.STEP) of this job's running step named $1; empty when there is none.
step_id() { squeue -h -s -j "$SLURM_JOB_ID" -o '%i %j' 2>/dev/null | awk -v name="$1" '$2 == name {print $1; exit}'; }
# Sends signal $2 to the step named $1. Not `kill` on its srun: srun answers SIGTERM by killing its tasks (SIGKILL).
signal_step() {
  local id
  id=$(step_id "$1")
  if [[ -n $id ]]; then scancel --signal="$2" "$id"; fi
}

mkdir -p "$RUN_DIR"
checkpoints=("$RUN_DIR"/checkpoint-*.bin)
if ((${#checkpoints[@]})); then
  say "start $((${SLURM_RESTART_COUNT:-0} + 1)) of job $SLURM_JOB_ID: $RUN_DIR holds a checkpoint (${checkpoints[-1]##*/});" \
    "the learner resumes run $RUN_ID from it"
  learner_args=("${RESUME[@]}")
else
  if [[ -e $RUN_DIR/config.conf || -e $RUN_DIR/config.properties ]]; then
    # an earlier start ended before its first checkpoint: its files would make the fresh learner refuse the directory
    aside="$RUN_DIR/before-restart-${SLURM_RESTART_COUNT:-0}"
    say "an earlier start of this job ended before its first checkpoint; its files go to $aside and the run starts afresh"
    mkdir -p "$aside"
    for f in "$RUN_DIR"/*; do
      case "${f##*/}" in
        slurm-*.out | *.sbatch | learner.log | actor-*.log | before-restart-*) ;;
        *) mv "$f" "$aside/" ;;
      esac
    done
  fi
  say "start $((${SLURM_RESTART_COUNT:-0} + 1)) of job $SLURM_JOB_ID: a fresh run $RUN_ID in $RUN_DIR"
  learner_args=("${FRESH[@]}")
fi

LEARNER_HOST=$(node_address)
say "nodes $SLURM_JOB_NODELIST: the learner on $SLURMD_NODENAME ($LEARNER_HOST), $ACTORS actors (step 'actors');" \
  "logs: $RUN_DIR/learner.log, $RUN_DIR/actor-<task>.log"
TRIBUTARY_JAVA_OPTS="-Xmx$LEARNER_HEAP ${TRIBUTARY_JAVA_OPTS:-}" srun --exact --job-name=learner --nodes=1 --ntasks=1 \
  --cpus-per-task="$CPUS_PER_TASK" --nodelist="$SLURMD_NODENAME" --output="$RUN_DIR/learner.log" --open-mode=append \
  "$TRIBUTARY" "${learner_args[@]}" --learner-host "$LEARNER_HOST" &
learner=$!
# each actor task finds its own node's address; "$0" is the tributary command
# shellcheck disable=SC2016 # expanded in the task's shell
TRIBUTARY_JAVA_OPTS="-Xmx$ACTOR_HEAP ${TRIBUTARY_JAVA_OPTS:-}" srun --exact --job-name=actors --ntasks="$ACTORS" \
  --cpus-per-task="$CPUS_PER_TASK" --output="$RUN_DIR/actor-%t.log" --open-mode=append \
  bash -c "$NODE_ADDRESS"'
exec "$0" "$@" --actor-host "$(node_address)"' "$TRIBUTARY" "${ACTOR[@]}" --learner-host "$LEARNER_HOST" &
actors=$!

# Slurm sends SIGTERM to every step on scancel and requeue; a SIGTERM to this script alone (scancel --batch, or
# --signal=B:TERM given at submission) is passed on to the learner, which writes a checkpoint and stops.
trap 'say "SIGTERM: passed on to the learner, which writes a checkpoint and stops"; signal_step learner TERM' TERM
# --signal=B:USR1@SECONDS: the time limit is near. Requeueing sends every step SIGTERM (the learner writes a
# checkpoint) and starts this script again later, which resumes from it.
trap 'say "the time limit is near: requeueing job $SLURM_JOB_ID; its next start resumes from the checkpoint written now"
  scontrol requeue "$SLURM_JOB_ID"' USR1

# a trapped signal interrupts wait: wait again until the learner's srun is gone
wait "$learner"
status=$?
while kill -0 "$learner" 2>/dev/null; do
  wait "$learner"
  status=$?
done
say "the learner's step ended (exit $status)"
# the actors leave by themselves once the learner says the run is over; those still there after 30 s are stopped
for _ in $(seq 30); do
  kill -0 "$actors" 2>/dev/null || break
  sleep 1
done
if kill -0 "$actors" 2>/dev/null; then
  say "stopping the actors"
  signal_step actors TERM
fi
while kill -0 "$actors" 2>/dev/null; do wait "$actors"; done
exit "$status"
