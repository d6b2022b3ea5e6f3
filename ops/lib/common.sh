# Sourced by every ops/ script: finds a JDK 25 and the repository root, reads the JVM flags.
# Why here: the flags are written once in the parent pom and filtered into protocol's resources;
# scripts read that copy so nothing is repeated by hand.

TRIBUTARY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

tributary_java_major() { # prints the major version of the java binary given, or 0
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}

tributary_pick_jdk() {
  local cand
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(tributary_java_major "$JAVA_HOME/bin/java") >= 25 )); then
    return 0
  fi
  if command -v java >/dev/null && (( $(tributary_java_major "$(command -v java)") >= 25 )); then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
    return 0
  fi
  for cand in /usr/lib/jvm/*25* /usr/lib/jvm/*-2[5-9]* /opt/jdk-25* /opt/java/*25*; do
    if [[ -x "$cand/bin/java" ]] && (( $(tributary_java_major "$cand/bin/java") >= 25 )); then
      export JAVA_HOME="$cand"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "tributary: no JDK 25 found (default java is $(java -version 2>&1 | head -n1)). Install one (e.g. Temurin 25 or openjdk-25-jdk) and set JAVA_HOME." >&2
  return 1
}

tributary_jvm_flags() {
  local f="$TRIBUTARY_ROOT/protocol/target/classes/tributary/jvm.options"
  if [[ ! -f "$f" ]]; then
    echo "tributary: $f is missing: run ops/setup.sh (or mvn -DskipTests package) first" >&2
    return 1
  fi
  cat "$f"
}

tributary_classpath() { # module
  local m="$1" cp="$TRIBUTARY_ROOT/$1/target/classpath.txt"
  if [[ ! -f "$cp" ]]; then
    echo "tributary: $cp is missing: run ops/setup.sh (or mvn -DskipTests package) first" >&2
    return 1
  fi
  echo "$TRIBUTARY_ROOT/$m/target/classes:$(cat "$cp")"
}

# Installs the system packages this machine lacks (maven, gcc, libmujoco-dev and any given as arguments) when run as
# root; otherwise names them and fails. $1: who speaks in the messages ("tributary setup", "ci").
tributary_install_missing() {
  local who="$1" need=()
  shift
  command -v mvn >/dev/null || need+=(maven)
  command -v gcc >/dev/null || need+=(gcc)
  # the network-namespace tests drop packets with nftables (this kernel kind has no netem)
  command -v nft >/dev/null || [[ -x /usr/sbin/nft ]] || need+=(nftables)
  command -v ip >/dev/null || [[ -x /usr/sbin/ip ]] || need+=(iproute2)
  [[ -f /usr/include/mujoco/mujoco.h ]] || need+=(libmujoco-dev)
  # the tests' independent readers (TensorBoard event files, safetensors) run on Debian's python3
  /usr/bin/python3 -c 'import google.protobuf' 2>/dev/null || need+=(python3-protobuf)
  /usr/bin/python3 -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
  need+=("$@")
  ((${#need[@]})) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "$who: missing ${need[*]}; run: sudo apt-get install ${need[*]}" >&2
    return 1
  fi
  echo "$who: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q "${need[@]}"
}

# The packages only some tests need, that this machine lacks (large ones that a user's setup does without: each
# test skips with the reason when its tool is missing; .ci/run installs them).
tributary_missing_test_packages() {
  # the live page's test opens it in headless chromium, driven by chromedriver (WebDriver)
  [[ -x /usr/bin/chromium ]] || echo chromium
  [[ -x /usr/bin/chromedriver ]] || echo chromium-driver
  # a real Prometheus server scrapes a run's --metrics-port
  [[ -x /usr/bin/prometheus ]] || echo prometheus
  # launch --on slurm's test starts a one-node Slurm cluster here (ops/lib/slurm-cluster.sh)
  [[ -x /usr/sbin/slurmctld ]] || echo slurmctld
  [[ -x /usr/sbin/slurmd ]] || echo slurmd
  [[ -x /usr/bin/sbatch ]] || echo slurm-client
  [[ -x /usr/sbin/munged ]] || echo munge
  # launch --on ssh's test runs Debian's OpenSSH server (its own sshd in each network namespace; the client comes with it)
  [[ -x /usr/sbin/sshd ]] || echo openssh-server
  # ops/image-test builds the container image's base with debootstrap, reads the image with skopeo and umoci and runs
  # it with runc
  command -v debootstrap >/dev/null || [[ -x /usr/sbin/debootstrap ]] || echo debootstrap
  command -v skopeo >/dev/null || echo skopeo
  command -v umoci >/dev/null || echo umoci
  command -v runc >/dev/null || [[ -x /usr/sbin/runc ]] || echo runc
  # KubernetesSchemaTest checks the k8s manifests with npm packages pinned by ops/k8s-schema's lock file: installed
  # here since they come from npm, not apt (npm's output to stderr: this function's output is the apt package list)
  if [[ ! -d $TRIBUTARY_ROOT/ops/k8s-schema/node_modules ]]; then
    if command -v npm >/dev/null; then
      (cd "$TRIBUTARY_ROOT/ops/k8s-schema" && npm ci --no-audit --no-fund >&2) \
        || echo "tributary: npm ci in ops/k8s-schema failed: KubernetesSchemaTest will skip" >&2
    else
      echo npm
    fi
  fi
  return 0
}

# Replaces the shell with a JVM running a main class on a module's classpath, with the JDK 25, the project's JVM
# flags, ${TRIBUTARY_JAVA_OPTS} and OMP_NUM_THREADS=1 unless set (the brief's per-process default).
tributary_exec_java() { # module main-class args...
  local module="$1" main="$2" flags cp
  shift 2
  tributary_pick_jdk
  export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
  flags="$(tributary_jvm_flags)"
  cp="$(tributary_classpath "$module")"
  # shellcheck disable=SC2086 # the flags are a word list on purpose
  exec "$JAVA_HOME/bin/java" $flags ${TRIBUTARY_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
}
