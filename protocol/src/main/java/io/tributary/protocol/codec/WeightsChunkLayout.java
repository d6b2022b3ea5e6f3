package io.tributary.protocol.codec;

/**
 * A {@link io.tributary.protocol.PolicyVersion} on the wire: its payload cut into chunks that each fit one
 * Aeron message, each chunk a message of its own (so a lost or damaged chunk costs one chunk, and the reassembler
 * can validate each before copying it).
 *
 * <pre>
 * chunk (after the header):            payload (reassembled):
 *  24 long specHash                       0 int    policyParameterCount (the policy prefix only)
 *  32 long version                        4 int    observationDim
 *  40 int  chunkIndex                     8 double obsCount
 *  44 int  chunkCount                    16 float  weights [policyParameterCount]
 *  48 int  payloadLength
 *  52 int  chunkStride  (chunk i starts at i * stride)   double obsMean [obsDim]
 *  56 int  chunkLength                      double obsVar  [obsDim]
 *  60 int  payloadCrc   (CRC-32C of the whole payload)
 *  64 byte chunk [chunkLength]
 * </pre>
 * The critic's parameters and the return statistics stay on the learner: actors use neither.
 */
public final class WeightsChunkLayout {

    public static final int SPEC_HASH = 24;
    public static final int VERSION = 32;
    public static final int CHUNK_INDEX = 40;
    public static final int CHUNK_COUNT = 44;
    public static final int PAYLOAD_LENGTH = 48;
    public static final int CHUNK_STRIDE = 52;
    public static final int CHUNK_LENGTH = 56;
    public static final int PAYLOAD_CRC = 60;
    public static final int CHUNK_DATA = 64;

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
