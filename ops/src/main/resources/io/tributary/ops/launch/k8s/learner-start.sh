# The learner container's command: bash -c THIS learner-start N TRAIN_ARGS(N) RESUME_ARGS.
# Environment: RUN_DIR (on the run volume), LEARNER_HOST (the headless Service's name), POD_IP (this pod's address).
set -euo pipefail
n="$1"
shift
train=("${@:1:n}")
resume=("${@:n+1}")
# The learner binds its ports on LEARNER_HOST's address, so the Service's DNS record must name this pod first (it
# follows the pod's IP within seconds; publishNotReadyAddresses makes it independent of readiness).
for ((i = 0; i < 120; i++)); do
  addrs="$(getent ahostsv4 "$LEARNER_HOST" 2>/dev/null | cut -d' ' -f1 | sort -u | tr '\n' ' ')" || addrs=""
  [[ " $addrs" == *" $POD_IP "* ]] && break
  ((i % 10)) || echo "learner-start: waiting for $LEARNER_HOST to resolve to this pod ($POD_IP; now: ${addrs:-nothing})"
  sleep 1
done
[[ " $addrs" == *" $POD_IP "* ]] || { echo "learner-start: $LEARNER_HOST does not resolve to $POD_IP after 120 s" >&2; exit 1; }
if compgen -G "$RUN_DIR/checkpoint-*.bin" >/dev/null; then
  echo "learner-start: $RUN_DIR has a checkpoint: resuming"
  exec tributary "${resume[@]}"
fi
if [[ -d "$RUN_DIR" ]] && [[ -n "$(ls -A "$RUN_DIR")" ]]; then
  # a start that ended before its first checkpoint: nothing to resume, and train refuses a used run directory
  aside="$RUN_DIR.before-$(date +%Y%m%d-%H%M%S)"
  echo "learner-start: $RUN_DIR has no checkpoint: moving it to $aside and starting the run afresh"
  mv "$RUN_DIR" "$aside"
fi
exec tributary "${train[@]}"
