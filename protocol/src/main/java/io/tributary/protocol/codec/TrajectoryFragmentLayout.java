package io.tributary.protocol.codec;

/**
 * Wire layout of a trajectory fragment (after the {@link MessageHeader}). Little-endian.
 *
 * <pre>
 *  24 long   specHash        80 sections, back to back:
 *  32 long   policyVersion      float  observations   [T*N*obsDim]
 *  40 long   sequence           float  actions        [T*N*actDim]
 *  48 int    actorId            float  logProbs       [T*N]
 *  52 int    numEnvs            float  rewards        [T*N]
 *  56 int    steps              byte   flags          [T*N]  bit 0 terminated, bit 1 truncated
 *  60 int    observationDim     float  finalObs       [truncatedRows*obsDim] (rows with bit 1, in row order)
 *  64 int    actionDim          float  nextObs        [N*obsDim]
 *  68 int    episodeCount       double episodeReturns [episodeCount]
 *  72 int    truncatedRows      int    episodeLengths [episodeCount]
 *  76 int    reserved (0)
 * </pre>

 * Only raw data: the learner recomputes the policy's inputs, the training rewards and the observation moments it
 * merges into its statistics from these fields, so nothing derived from them is sent.
 *
 *
 * Only truncated rows carry a final observation: a terminated episode is not bootstrapped, and the other rows'
 * final observation does not exist; sending all of them would double the fragment.
 */
public final class TrajectoryFragmentLayout {

    public static final int SPEC_HASH = 24;
    public static final int POLICY_VERSION = 32;
    public static final int SEQUENCE = 40;
    public static final int ACTOR_ID = 48;
    public static final int NUM_ENVS = 52;
    public static final int STEPS = 56;
    public static final int OBSERVATION_DIM = 60;
    public static final int ACTION_DIM = 64;
    public static final int EPISODE_COUNT = 68;
    public static final int TRUNCATED_ROWS = 72;
    public static final int RESERVED = 76;
    public static final int SECTIONS = 80;

    public static final byte TERMINATED = 1;
    public static final byte TRUNCATED = 2;

    private TrajectoryFragmentLayout() {}

    /** Encoded length, in a long so that a hostile count cannot overflow it. */
    public static long length(long numEnvs, long steps, long obsDim, long actDim, long truncatedRows, long episodes) {
        long rows = numEnvs * steps;
        return SECTIONS
                + 4 * rows * obsDim
                + 4 * rows * actDim
                + 4 * rows
                + 4 * rows
                + rows
                + 4 * truncatedRows * obsDim
                + 4 * numEnvs * obsDim
                + 8 * episodes
                + 4 * episodes;
    }

    /** The largest encoding of a fragment of these dimensions (every row truncated, an episode per row). */
    public static int maxLength(int numEnvs, int steps, int obsDim, int actDim) {
        long rows = (long) numEnvs * steps;
        long len = length(numEnvs, steps, obsDim, actDim, rows, rows);
        if (len > Integer.MAX_VALUE) throw new IllegalArgumentException("a fragment of " + rows + " rows is too large to encode");
        return (int) len;
    }
}
