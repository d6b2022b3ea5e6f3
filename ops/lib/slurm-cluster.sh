#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, everything in one directory (munge key and socket, slurm.conf, state,
# spool, logs): for trying `tributary launch --on slurm` and for its system test. Needs root (slurmd starts jobs as
# their users) and Debian's slurmctld, slurmd, slurm-client and munge; touches nothing outside DIR (no /etc/slurm,
# no system munged).
#   slurm-cluster.sh start DIR [CTLD_PORT SLURMD_PORT]  -> daemons running, the node idle; then: export SLURM_CONF=DIR/slurm.conf
#   slurm-cluster.sh stop DIR                           -> every job cancelled and gone, the daemons stopped (never fails)
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"

conf() { # DIR CTLD_PORT SLURMD_PORT
  local dir="$1" node cpus mem
  node="$(hostname -s)"
  # at least 4 CPUs declared (trusted as written: config_overrides), so that a learner and two actors get a task
  # each on a 2-core machine; the tasks share the real cores
  cpus="$(nproc)"
  ((cpus >= 4)) || cpus=4
  mem="$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo)"
  cat <<EOF
ClusterName=tributary
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$2
SlurmdPort=$3
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# cred_expire also sets how long a requeued job waits before it may start again (default 120 s)
AuthInfo=socket=$dir/munge/munge.socket.2,cred_expire=5
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
# no cgroups: processes tracked by their parents, no CPU binding (runs in containers and sandboxes)
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=2
JobRequeue=1
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
KillWait=30
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=tributary Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

start() { # DIR CTLD_PORT SLURMD_PORT
  local dir="$1" state=""
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  for cmd in munged slurmctld slurmd sinfo sbatch; do
    command -v "$cmd" >/dev/null || { echo "slurm-cluster: $cmd is missing (apt-get install slurmctld slurmd slurm-client munge)" >&2; exit 1; }
  done
  mkdir -p "$dir"/{state,spool}
  install -d -m 700 "$dir/munge-key"
  install -d -m 755 "$dir/munge"
  head -c 1024 /dev/urandom > "$dir/munge-key/munge.key"
  chmod 400 "$dir/munge-key/munge.key"
  # --force: munged refuses root without it
  munged --force --socket="$dir/munge/munge.socket.2" --key-file="$dir/munge-key/munge.key" --pid-file="$dir/munge/munged.pid" \
    --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
  conf "$dir" "$2" "$3" > "$dir/slurm.conf"
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$SLURM_CONF"
  slurmd -f "$SLURM_CONF"
  for _ in $(seq 120); do
    state="$(sinfo -h -N -o %T 2>/dev/null || true)"
    [[ $state == idle ]] && break
    sleep 0.5
  done
  if [[ $state != idle ]]; then
    echo "slurm-cluster: the node is not idle after 60 s (state '${state:-no answer}'); logs in $dir" >&2
    tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
    exit 1
  fi
  echo "export SLURM_CONF=$SLURM_CONF"
}

stop_pid_file() { # FILE: SIGTERM, then SIGKILL after 15 s
  local pid
  [[ -f $1 ]] || return 0
  pid="$(cat "$1")"
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 30); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
}

stop() { # DIR
  local dir="$1"
  export SLURM_CONF="$dir/slurm.conf"
  if [[ -f $SLURM_CONF ]] && [[ -f $dir/slurmctld.pid ]]; then
    # the jobs first: their processes belong to slurmd's step daemons, which end with them
    scancel --full --quiet --partition=tributary 2>/dev/null || true
    for _ in $(seq 90); do
      [[ -z "$(squeue -h -o %i 2>/dev/null)" ]] && break
      sleep 0.5
    done
  fi
  stop_pid_file "$dir/slurmd.pid"
  stop_pid_file "$dir/slurmctld.pid"
  stop_pid_file "$dir/munge/munged.pid"
  return 0
}

case "${1:-}" in
  start) (($# == 2 || $# == 4)) || { echo "usage: $0 start DIR [CTLD_PORT SLURMD_PORT]" >&2; exit 2; }
    start "$2" "${3:-6817}" "${4:-6818}" ;;
  stop) (($# == 2)) || { echo "usage: $0 stop DIR" >&2; exit 2; }
    stop "$2" ;;
  *) echo "usage: $0 start DIR [CTLD_PORT SLURMD_PORT] | stop DIR" >&2; exit 2 ;;
esac
