package io.tributary.envs.state;

/**
 * The buffers every vector env keeps for its copies (observations, final observations, rewards, the two done flags),
 * saved and restored under one set of keys, so that each vector env adds only the state that is its own.
 */
public record VectorBuffers(int numEnvs, double[] observations, double[] finalObservations, double[] rewards,
        boolean[] terminated, boolean[] truncated) {

    public void save(StateMap s) {
        s.putLong("vector.num_envs", numEnvs);
        s.putDoubles("vector.observations", observations);
        s.putDoubles("vector.final_observations", finalObservations);
        s.putDoubles("vector.rewards", rewards);
        s.putBooleans("vector.terminated", terminated);
        s.putBooleans("vector.truncated", truncated);
    }

    /**
     * Reads the saved buffers and checks them against these (a wrong copy count or size names the key); the returned
     * action copies them in, so that a caller can read and check the rest of a state before it changes anything.
     */
    public Runnable read(StateMap s) {
        long n = s.getLong("vector.num_envs");
        if (n != numEnvs) {
            throw new IllegalArgumentException("state key 'vector.num_envs' is " + n + ", this vector has " + numEnvs + " copies");
        }
        double[] o = s.doubles("vector.observations", observations.length);
        double[] f = s.doubles("vector.final_observations", finalObservations.length);
        double[] r = s.doubles("vector.rewards", rewards.length);
        boolean[] term = s.booleans("vector.terminated", terminated.length);
        boolean[] trunc = s.booleans("vector.truncated", truncated.length);
        return () -> {
            System.arraycopy(o, 0, observations, 0, o.length);
            System.arraycopy(f, 0, finalObservations, 0, f.length);
            System.arraycopy(r, 0, rewards, 0, r.length);
            System.arraycopy(term, 0, terminated, 0, term.length);
            System.arraycopy(trunc, 0, truncated, 0, trunc.length);
        };
    }
}
