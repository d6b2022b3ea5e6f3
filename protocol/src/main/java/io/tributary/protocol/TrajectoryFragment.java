package io.tributary.protocol;

/**
 * One fixed-length piece of experience from one actor: {@code T} steps of {@code N} environment copies collected
 * with one policy version. The wire record and nothing more, preallocated once and reused: a rollout worker fills
 * it, the fragment codec encodes it and decodes it on the learner straight into the actor's batch slot, and the
 * batch assembler reads it. What the policy saw and the training rewards are the learner's
 * ({@code io.tributary.policy.PolicyInputs}), not the wire's.
 *
 * <p>Indexing: step {@code t}, env {@code n}: row {@code r = t * numEnvs + n}; per-row vectors start at
 * {@code r * dim}. Everything is raw (before observation or reward normalization): the learner owns the statistics.
 */
public final class TrajectoryFragment {

    public final int numEnvs;
    public final int steps;
    public final int observationDim;
    public final int actionDim;
    /** Upper bound on finished episodes in one fragment: at most one per env per step. */
    public final int episodeCapacity;

    public int actorId;
    public long sequence;
    public long policyVersion;
    public long specHash;

    /** [T*N*obsDim] the observation each action was taken in, raw. */
    public final float[] observations;
    /** [T*N*actDim] the sampled action as the policy produced it (before clipping to the action space). */
    public final float[] actions;
    /** [T*N] log-probability of the action under the behaviour policy. */
    public final float[] logProbs;
    /** [T*N] raw environment reward. */
    public final float[] rewards;
    /** [T*N] the step ended the episode in a terminal state. */
    public final boolean[] terminated;
    /** [T*N] the step ended the episode by truncation (time limit); the state is not terminal. */
    public final boolean[] truncated;
    /**
     * [T*N*obsDim] for rows with {@code truncated}: the last observation of the finished episode, so the learner
     * can bootstrap from its value. Other rows are unspecified.
     */
    public final float[] finalObservations;
    /** [N*obsDim] the observation after the last step, to bootstrap the fragment's tail. */
    public final float[] nextObservations;

    /** Episodes that finished inside this fragment: raw undiscounted return and length. */
    public int episodeCount;
    public final double[] episodeReturns;
    public final int[] episodeLengths;

    public TrajectoryFragment(int numEnvs, int steps, int observationDim, int actionDim) {
        if (numEnvs <= 0 || steps <= 0 || observationDim <= 0 || actionDim <= 0) {
            throw new IllegalArgumentException("fragment dimensions must be > 0: numEnvs=" + numEnvs + " steps=" + steps
                    + " observationDim=" + observationDim + " actionDim=" + actionDim);
        }
        this.numEnvs = numEnvs;
        this.steps = steps;
        this.observationDim = observationDim;
        this.actionDim = actionDim;
        int rows = numEnvs * steps;
        this.episodeCapacity = rows;
        observations = new float[rows * observationDim];
        actions = new float[rows * actionDim];
        logProbs = new float[rows];
        rewards = new float[rows];
        terminated = new boolean[rows];
        truncated = new boolean[rows];
        finalObservations = new float[rows * observationDim];
        nextObservations = new float[numEnvs * observationDim];
        episodeReturns = new double[rows];
        episodeLengths = new int[rows];
    }

    public int rows() {
        return numEnvs * steps;
    }

    /** True when another fragment has the same dimensions, so its contents can be copied into this one. */
    public boolean sameShape(TrajectoryFragment other) {
        return numEnvs == other.numEnvs && steps == other.steps && observationDim == other.observationDim
                && actionDim == other.actionDim;
    }

    /** Records a finished episode; silently capped at capacity, which cannot be exceeded by construction. */
    public void addEpisode(double episodeReturn, int length) {
        if (episodeCount < episodeCapacity) {
            episodeReturns[episodeCount] = episodeReturn;
            episodeLengths[episodeCount] = length;
            episodeCount++;
        }
    }

    /** Clears the per-fragment counters before it is filled again; arrays are overwritten, not cleared. */
    public void clearCounters() {
        episodeCount = 0;
    }
}
