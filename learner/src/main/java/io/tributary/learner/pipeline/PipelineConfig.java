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
 * @param resendAfterMs       ask an actor again for a fragment it published (its heartbeat says so) that has not
 *                            arrived this long after the learner learned of it, and again after each such interval
 * @param runId               this run's id, in every message's header; receivers drop other runs' messages
 * @param device              where the learner's networks run ({@code --device})
 */
public record PipelineConfig(Hyperparameters hp, int actors, int envsPerActor, TransportConfig transport, Path runDir,
        boolean spawnActors, long startupTimeoutMs, long fragmentTimeoutMs, int iterations, double rolloutPerturbAlpha,
        int threadsPerActor, long resendAfterMs, long runId, Device device) {

    /** Ask again for a published fragment that has not arrived after this long, by default. */
    public static final long DEFAULT_RESEND_AFTER_MS = 3_000;

    /** The learner on the CPU. */
    public PipelineConfig(Hyperparameters hp, int actors, int envsPerActor, TransportConfig transport, Path runDir,
            boolean spawnActors, long startupTimeoutMs, long fragmentTimeoutMs, int iterations, double rolloutPerturbAlpha,
            int threadsPerActor, long resendAfterMs, long runId) {
        this(hp, actors, envsPerActor, transport, runDir, spawnActors, startupTimeoutMs, fragmentTimeoutMs, iterations,
                rolloutPerturbAlpha, threadsPerActor, resendAfterMs, runId, Device.CPU);
    }

    public PipelineConfig(Hyperparameters hp, int actors, int envsPerActor, TransportConfig transport, Path runDir,
            boolean spawnActors, long startupTimeoutMs, long fragmentTimeoutMs, int iterations, double rolloutPerturbAlpha,
            int threadsPerActor) {
        this(hp, actors, envsPerActor, transport, runDir, spawnActors, startupTimeoutMs, fragmentTimeoutMs, iterations,
                rolloutPerturbAlpha, threadsPerActor, DEFAULT_RESEND_AFTER_MS);
    }

    /** A run with a fresh run id. */
    public PipelineConfig(Hyperparameters hp, int actors, int envsPerActor, TransportConfig transport, Path runDir,
            boolean spawnActors, long startupTimeoutMs, long fragmentTimeoutMs, int iterations, double rolloutPerturbAlpha,
            int threadsPerActor, long resendAfterMs) {
        this(hp, actors, envsPerActor, transport, runDir, spawnActors, startupTimeoutMs, fragmentTimeoutMs, iterations,
                rolloutPerturbAlpha, threadsPerActor, resendAfterMs, newRunId());
    }

    /** A random run id, never 0 (0 means "not known yet" on the wire). */
    public static long newRunId() {
        long id;
        do {
            id = new java.security.SecureRandom().nextLong();
        } while (id == 0);
        return id;
    }

    /** The run id as it is written in logs, config.properties and the actors' {@code --run-id}. */
    public String runIdHex() {
        return io.tributary.protocol.RunId.hex(runId);
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
        if (runId == 0) throw new IllegalArgumentException("run id must not be 0");
        if (resendAfterMs < 1) throw new IllegalArgumentException("--fragment-resend-ms must be >= 1, was " + resendAfterMs);
    }

    /** The same run, asking again for a missing fragment after {@code ms}. */
    public PipelineConfig withResendAfterMs(long ms) {
        return new PipelineConfig(hp, actors, envsPerActor, transport, runDir, spawnActors, startupTimeoutMs, fragmentTimeoutMs, iterations,
                rolloutPerturbAlpha, threadsPerActor, ms, runId);
    }

    public int iterationsToRun() {
        return iterations > 0 ? iterations : hp.numIterations();
    }
}
