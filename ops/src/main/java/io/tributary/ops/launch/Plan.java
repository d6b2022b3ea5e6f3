package io.tributary.ops.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One job resolved into the command lines every target starts, before anything runs: the learner's {@code train}
 * arguments and an actor's {@code actor} arguments, both without host addresses, which only the target knows (ssh:
 * the hosts file; Slurm: the allocation, at run time; Kubernetes: the Service name and the pod's IP). The run id is
 * fixed here, so actors started anywhere join this run and no other.
 *
 * @param job         the job it came from
 * @param runId       the run's id (hexadecimal), the learner's {@code --run-id} and every actor's
 * @param runDir      the run directory, as the learner's host sees it
 * @param learnerArgs {@code train ...} for actors started elsewhere ({@link #REMOTE_LEARNER}), without {@code --learner-host}
 * @param actorArgs   {@code actor ...} without {@code --learner-host}/{@code --actor-host}
 */
public record Plan(Job job, String runId, Path runDir, List<String> learnerArgs, List<String> actorArgs) {

    /** What makes a learner wait for actors started elsewhere, over UDP (every target but local). */
    public static final List<String> REMOTE_LEARNER = List.of("--spawn", "false", "--transport", "udp");

    public Plan {
        learnerArgs = List.copyOf(learnerArgs);
        actorArgs = List.copyOf(actorArgs);
    }

    /** The learner's command-line arguments (after {@code tributary}), listening on {@code learnerHost} for actors started elsewhere. */
    public List<String> learner(String learnerHost) {
        List<String> a = new ArrayList<>(learnerArgs);
        a.addAll(List.of("--learner-host", learnerHost));
        return a;
    }

    /** The learner's arguments for a run on this host alone: it spawns its actors (IPC). */
    public List<String> local() {
        return learnerArgs.subList(0, learnerArgs.size() - REMOTE_LEARNER.size());
    }

    /** An actor's command-line arguments (after {@code tributary}), joining {@code learnerHost}, receiving on {@code actorHost}. */
    public List<String> actor(String learnerHost, String actorHost) {
        List<String> a = new ArrayList<>(actorArgs);
        a.addAll(List.of("--learner-host", learnerHost, "--actor-host", actorHost));
        return a;
    }
}
