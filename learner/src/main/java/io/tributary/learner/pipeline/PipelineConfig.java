package io.tributary.learner.pipeline;

import io.tributary.transport.TransportConfig;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.nn.Device;
import java.nio.file.Path;

/**
 * One distributed run. The batch is {@code actors x envsPerActor x T}: {@code hp.numEnvs()} must equal
 * {@code actors * envsPerActor} and {@code hp.numSteps()} is T, so CleanRL's batch arithmetic (minibatches, LR
 * annealing over {@code total-timesteps}) reads as in the single-process trainer.
 *
 * @param spawnActors         start the actor JVMs on this host (false: wait for actors started by hand)
 * @param startupTimeoutMs    how long to wait for every actor's hello
 * @param fragmentTimeoutMs   how long one iteration may wait for the fragments of its version
 * @param iterations          stop after this many iterations (0: {@code hp.numIterations()})
 * @param threadsPerActor     rollout threads in each actor process (each steps envsPerActor / threads copies)
 * @param device              where the learner's networks run ({@code --device})
 */
public record PipelineConfig(Hyperparameters hp, int actors, int envsPerActor, TransportConfig transport, Path runDir,
        boolean spawnActors, long startupTimeoutMs, long fragmentTimeoutMs, int iterations, double rolloutPerturbAlpha,
        int threadsPerActor, Device device) {

    /** The learner on the CPU. */
    public PipelineConfig(Hyperparameters hp, int actors, int envsPerActor, TransportConfig transport, Path runDir,
            boolean spawnActors, long startupTimeoutMs, long fragmentTimeoutMs, int iterations, double rolloutPerturbAlpha,
            int threadsPerActor) {
        this(hp, actors, envsPerActor, transport, runDir, spawnActors, startupTimeoutMs, fragmentTimeoutMs, iterations,
                rolloutPerturbAlpha, threadsPerActor, Device.CPU);
    }

    /** One rollout thread per actor. */
    public PipelineConfig(Hyperparameters hp, int actors, int envsPerActor, TransportConfig transport, Path runDir,
            boolean spawnActors, long startupTimeoutMs, long fragmentTimeoutMs, int iterations, double rolloutPerturbAlpha) {
        this(hp, actors, envsPerActor, transport, runDir, spawnActors, startupTimeoutMs, fragmentTimeoutMs, iterations,
                rolloutPerturbAlpha, 1);
    }

    public PipelineConfig {
        if (actors < 1) throw new IllegalArgumentException("--actors must be >= 1, was " + actors);
        if (envsPerActor < 1) throw new IllegalArgumentException("--envs-per-actor must be >= 1, was " + envsPerActor);
        if (hp.numEnvs() != actors * envsPerActor) {
            throw new IllegalArgumentException("num-envs (" + hp.numEnvs() + ") must be actors x envs-per-actor = " + actors * envsPerActor);
        }
        if (threadsPerActor < 1 || envsPerActor % threadsPerActor != 0) {
            throw new IllegalArgumentException("--threads-per-actor must be >= 1 and divide --envs-per-actor (" + envsPerActor + "), was "
                    + threadsPerActor);
        }
        java.util.Objects.requireNonNull(device, "device");
        if (iterations < 0) throw new IllegalArgumentException("--iterations must be >= 0, was " + iterations);
    }

    public int iterationsToRun() {
        return iterations > 0 ? iterations : hp.numIterations();
    }
}
