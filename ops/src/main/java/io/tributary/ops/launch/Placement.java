package io.tributary.ops.launch;

import java.nio.file.Path;

/**
 * Where a job's processes run and how they find each other: the job file's {@code placement} block.
 *
 * @param actors          actor processes (on ssh: spread over the hosts after the learner's, round robin; on Slurm: over
 *                        the allocation's nodes; on Kubernetes: the actor Deployment's replicas)
 * @param envsPerActor    environment copies per actor process
 * @param threadsPerActor rollout threads per actor process (divides envsPerActor)
 * @param clusterPort     the learner's Pekko Cluster port (the seed node); every actor joins it
 * @param fragmentsPort   the learner's UDP port for fragments
 * @param weightsPort     the learner's UDP control port of the weights stream
 * @param credentials     a {@code tributary keys} directory (cluster remoting over mutual TLS), the same path on every
 *                        node; null: plain TCP
 * @param runsDir         where the run directory goes (on Slurm: shared storage every node sees)
 * @param runName         the run directory's name; empty: the job file's name and the launch time
 * @param learnerHeap     the learner JVM's -Xmx (e.g. {@code 4g})
 * @param actorHeap       each actor JVM's -Xmx
 */
public record Placement(int actors, int envsPerActor, int threadsPerActor, int clusterPort, int fragmentsPort,
        int weightsPort, Path credentials, Path runsDir, String runName, String learnerHeap, String actorHeap) {

    public Placement {
        if (actors < 1) throw new IllegalArgumentException("placement.actors must be >= 1, was " + actors);
        if (envsPerActor < 1) throw new IllegalArgumentException("placement.envs-per-actor must be >= 1, was " + envsPerActor);
        if (threadsPerActor < 1 || envsPerActor % threadsPerActor != 0) {
            throw new IllegalArgumentException("placement.threads-per-actor must be >= 1 and divide envs-per-actor ("
                    + envsPerActor + "), was " + threadsPerActor);
        }
        for (int port : new int[] {clusterPort, fragmentsPort, weightsPort}) {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("placement ports must be 1..65535, was " + port);
        }
    }
}
