package io.tributary.learner.algo;

/**
 * A policy-optimization algorithm as the learner drives it: given one iteration's {@link RolloutBatch} (advantages
 * and returns already computed), update the network in place and report {@link UpdateStats}. Implementations are
 * made by name through {@link Algorithms}; each owns its optimizers and random generators, and exposes them as an
 * {@link AlgorithmState} for checkpoints.
 */
public interface Algorithm {

    /** The registry name this instance runs as ({@code ppo}, {@code rpo}, ...). */
    String name();

    /**
     * One update on {@code batch}; {@code iteration} counts from 1 as CleanRL's {@code iteration} does and is the
     * learning-rate schedule's position.
     */
    UpdateStats update(RolloutBatch batch, int iteration);

    /** A copy of the optimizer and generator states. */
    AlgorithmState state();

    /** Continues from {@code state} (one {@link #state()} of the same algorithm returned). */
    void restore(AlgorithmState state);
}
