package io.tributary.protocol.codec;

import static io.tributary.protocol.codec.MessageHeader.ORDER;
import static io.tributary.protocol.codec.TrajectoryFragmentLayout.*;
import static io.tributary.protocol.codec.WireArrays.getDoubles;
import static io.tributary.protocol.codec.WireArrays.getFloats;

import io.tributary.protocol.TrajectoryFragment;
import org.agrona.DirectBuffer;

/**
 * Reads a fragment into a preallocated {@link TrajectoryFragment} of the dimensions this receiver expects.
 * Everything is validated before the first section is read: header (magic, schema, type, length, checksum), spec
 * hash, dimensions, counts, the exact length the counts imply, the flags. Returns a {@link DecodeResult}; never
 * throws on bad input. On anything but {@link DecodeResult#OK} the target's contents are unspecified.
 */
public final class TrajectoryFragmentDecoder {

    private final long expectedSpecHash;
    private final long expectedRunId;
    private final Crc32c crc = new Crc32c();

    /** A decoder of run 0's fragments (tests, tools). */
    public TrajectoryFragmentDecoder(long expectedSpecHash) {
        this(expectedSpecHash, 0L);
    }

    /** A decoder that accepts only run {@code expectedRunId}'s fragments (others are {@link DecodeResult#FOREIGN_RUN}). */
    public TrajectoryFragmentDecoder(long expectedSpecHash, long expectedRunId) {
        this.expectedSpecHash = expectedSpecHash;
        this.expectedRunId = expectedRunId;
    }

    /** Validates, then reads into {@code into} (whose dimensions are the expected ones). */
    public DecodeResult decode(DirectBuffer buffer, int offset, int length, TrajectoryFragment into) {
        DecodeResult r = validate(buffer, offset, length, into.numEnvs, into.steps, into.observationDim, into.actionDim);
        return r == DecodeResult.OK ? read(buffer, offset, into) : r;
    }

    /**
     * Every structural check, without reading a section: header (magic, schema, type, length, checksum), spec hash,
     * dimensions against the expected ones, counts, the exact length the counts imply, the flags. After
     * {@link DecodeResult#OK} the header fields ({@link #actorId}, {@link #policyVersion}) can be read for an
     * admission decision before {@link #read} copies the sections into the admitted target.
     */
    public DecodeResult validate(DirectBuffer buffer, int offset, int length, int expectedEnvs, int expectedSteps, int expectedObsDim,
            int expectedActDim) {
        DecodeResult header = MessageHeader.validate(buffer, offset, length, MessageType.TRAJECTORY_FRAGMENT, crc);
        if (header != DecodeResult.OK) return header;
        if (length < SECTIONS) return DecodeResult.TOO_SHORT;
        if (MessageHeader.runId(buffer, offset) != expectedRunId) return DecodeResult.FOREIGN_RUN;

        if (buffer.getLong(offset + SPEC_HASH, ORDER) != expectedSpecHash) return DecodeResult.FOREIGN_SPEC;
        int numEnvs = buffer.getInt(offset + NUM_ENVS, ORDER);
        int steps = buffer.getInt(offset + STEPS, ORDER);
        int obsDim = buffer.getInt(offset + OBSERVATION_DIM, ORDER);
        int actDim = buffer.getInt(offset + ACTION_DIM, ORDER);
        if (numEnvs != expectedEnvs || steps != expectedSteps || obsDim != expectedObsDim || actDim != expectedActDim) {
            return DecodeResult.SHAPE_MISMATCH;
        }
        int rows = numEnvs * steps;
        int episodes = buffer.getInt(offset + EPISODE_COUNT, ORDER);
        int truncatedRows = buffer.getInt(offset + TRUNCATED_ROWS, ORDER);
        if (episodes < 0 || episodes > rows || truncatedRows < 0 || truncatedRows > rows) {
            return DecodeResult.BAD_COUNT;
        }
        if (buffer.getInt(offset + RESERVED, ORDER) != 0) return DecodeResult.BAD_COUNT;
        if (TrajectoryFragmentLayout.length(numEnvs, steps, obsDim, actDim, truncatedRows, episodes) != length) {
            return DecodeResult.LENGTH_MISMATCH;
        }

        int flagsAt = offset + SECTIONS + 4 * rows * (obsDim + actDim + 2);
        int flaggedTruncated = 0;
        for (int r = 0; r < rows; r++) {
            byte flags = buffer.getByte(flagsAt + r);
            if ((flags & ~(TERMINATED | TRUNCATED)) != 0) return DecodeResult.BAD_COUNT;
            if ((flags & TRUNCATED) != 0) flaggedTruncated++;
        }
        if (flaggedTruncated != truncatedRows) return DecodeResult.BAD_COUNT;
        return DecodeResult.OK;
    }

    /** The actor id in a validated fragment's header. */
    public static int actorId(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + ACTOR_ID, ORDER);
    }

    /** The policy version in a validated fragment's header. */
    public static long policyVersion(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + POLICY_VERSION, ORDER);
    }

    /**
     * Reads a fragment that {@link #validate} accepted for {@code into}'s dimensions; the values are still checked
     * (finite, episode lengths > 0). On anything but {@link DecodeResult#OK} the target's contents are unspecified.
     */
    public DecodeResult read(DirectBuffer buffer, int offset, TrajectoryFragment into) {
        int rows = into.rows();
        int obsDim = into.observationDim;
        int actDim = into.actionDim;
        int numEnvs = into.numEnvs;
        int episodes = buffer.getInt(offset + EPISODE_COUNT, ORDER);
        // Validated: now read.
        into.specHash = expectedSpecHash;
        into.policyVersion = buffer.getLong(offset + POLICY_VERSION, ORDER);
        into.sequence = buffer.getLong(offset + SEQUENCE, ORDER);
        into.actorId = buffer.getInt(offset + ACTOR_ID, ORDER);
        boolean finite = true;
        int p = offset + SECTIONS;
        finite &= getFloats(buffer, p, into.observations, 0, rows * obsDim);
        p += 4 * rows * obsDim;
        finite &= getFloats(buffer, p, into.actions, 0, rows * actDim);
        p += 4 * rows * actDim;
        finite &= getFloats(buffer, p, into.logProbs, 0, rows);
        p += 4 * rows;
        finite &= getFloats(buffer, p, into.rewards, 0, rows);
        p += 4 * rows;
        for (int r = 0; r < rows; r++) {
            byte flags = buffer.getByte(p++);
            into.terminated[r] = (flags & TERMINATED) != 0;
            into.truncated[r] = (flags & TRUNCATED) != 0;
        }
        for (int r = 0; r < rows; r++) {
            if (!into.truncated[r]) continue;
            finite &= getFloats(buffer, p, into.finalObservations, r * obsDim, obsDim);
            p += 4 * obsDim;
        }
        finite &= getFloats(buffer, p, into.nextObservations, 0, numEnvs * obsDim);
        p += 4 * numEnvs * obsDim;
        finite &= getDoubles(buffer, p, into.episodeReturns, episodes);
        p += 8 * episodes;
        boolean lengthsOk = true;
        for (int e = 0; e < episodes; e++, p += 4) {
            int len = buffer.getInt(p, ORDER);
            lengthsOk &= len > 0;
            into.episodeLengths[e] = len;
        }
        into.episodeCount = episodes;
        if (!finite) return DecodeResult.NON_FINITE;
        if (!lengthsOk) return DecodeResult.BAD_COUNT;
        return DecodeResult.OK;
    }
}
