package io.tributary.protocol.codec;

/**
 * A {@link io.tributary.protocol.PolicyVersion} on the wire: its payload cut into chunks that each fit one
 * Aeron message, each chunk a message of its own (so a lost or damaged chunk costs one chunk, and the reassembler
 * can validate each before copying it).
 *
 * <pre>
 * chunk (after the header):            payload (reassembled):
 *  16 long specHash                       0 int    policyParameterCount (the policy prefix only)
 *  24 long version                        4 int    observationDim
 *  32 int  chunkIndex                     8 double obsCount
 *  36 int  chunkCount                    16 float  weights [policyParameterCount]
 *  40 int  payloadLength
 *  44 int  chunkStride  (chunk i starts at i * stride)   double obsMean [obsDim]
 *  48 int  chunkLength                      double obsVar  [obsDim]
 *  52 int  payloadCrc   (CRC-32C of the whole payload)
 *  56 byte chunk [chunkLength]
 * </pre>
 * The critic's parameters and the return statistics stay on the learner: actors use neither.
 */
public final class WeightsChunkLayout {

    public static final int SPEC_HASH = 16;
    public static final int VERSION = 24;
    public static final int CHUNK_INDEX = 32;
    public static final int CHUNK_COUNT = 36;
    public static final int PAYLOAD_LENGTH = 40;
    public static final int CHUNK_STRIDE = 44;
    public static final int CHUNK_LENGTH = 48;
    public static final int PAYLOAD_CRC = 52;
    public static final int CHUNK_DATA = 56;

    public static final int P_PARAMETER_COUNT = 0;
    public static final int P_OBSERVATION_DIM = 4;
    public static final int P_OBS_COUNT = 8;
    public static final int P_WEIGHTS = 16;

    private WeightsChunkLayout() {}

    /** The payload of a version of {@code spec}: its policy prefix and observation statistics. */
    public static int payloadLength(io.tributary.protocol.PolicySpec spec) {
        return payloadLength(spec.policyParameterCount(), spec.observationDim());
    }

    public static int payloadLength(int policyParameterCount, int observationDim) {
        long len = P_WEIGHTS + 4L * policyParameterCount + 16L * observationDim;
        if (len > Integer.MAX_VALUE) throw new IllegalArgumentException("weights payload too large: " + len);
        return (int) len;
    }
}
