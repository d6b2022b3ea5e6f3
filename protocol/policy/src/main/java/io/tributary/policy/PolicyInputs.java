package io.tributary.policy;

/**
 * What the policy saw while a {@link io.tributary.protocol.TrajectoryFragment} was collected, and the reward the
 * learner trains on: the learner-side companion of the wire record, never sent. In the single-process CleanRL mode
 * the rollout worker fills it (its statistics change every step, so only it knows them); in the learner-owned mode
 * the learner recomputes it from the fragment's raw fields. Same indexing as the fragment.
 */
public final class PolicyInputs {

    public final int numEnvs;
    public final int steps;
    public final int observationDim;

    /** [T*N*obsDim] the observation as the policy saw it (normalized, then clipped). */
    public final float[] observations;
    /** [T*N*obsDim] the fragment's final observations (rows that ended an episode) as the policy would see them. */
    public final float[] finalObservations;
    /** [N*obsDim] the observation after the last step as the policy sees it. */
    public final float[] nextObservations;
    /** [T*N] the training reward: scaled by the return statistics, then clipped. */
    public final float[] rewards;

    public PolicyInputs(int numEnvs, int steps, int observationDim) {
        if (numEnvs <= 0 || steps <= 0 || observationDim <= 0) {
            throw new IllegalArgumentException("policy inputs dimensions must be > 0: numEnvs=" + numEnvs + " steps=" + steps
                    + " observationDim=" + observationDim);
        }
        this.numEnvs = numEnvs;
        this.steps = steps;
        this.observationDim = observationDim;
        int rows = numEnvs * steps;
        observations = new float[rows * observationDim];
        finalObservations = new float[rows * observationDim];
        nextObservations = new float[numEnvs * observationDim];
        rewards = new float[rows];
    }

    /** Inputs shaped like {@code f}. */
    public static PolicyInputs like(io.tributary.protocol.TrajectoryFragment f) {
        return new PolicyInputs(f.numEnvs, f.steps, f.observationDim);
    }

    public int rows() {
        return numEnvs * steps;
    }

    public boolean fits(io.tributary.protocol.TrajectoryFragment f) {
        return f.numEnvs == numEnvs && f.steps == steps && f.observationDim == observationDim;
    }
}
