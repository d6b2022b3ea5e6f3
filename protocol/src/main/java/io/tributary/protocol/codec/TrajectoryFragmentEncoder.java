package io.tributary.protocol.codec;

import static io.tributary.protocol.codec.MessageHeader.ORDER;
import static io.tributary.protocol.codec.TrajectoryFragmentLayout.*;
import static io.tributary.protocol.codec.WireArrays.putDoubles;
import static io.tributary.protocol.codec.WireArrays.putFloats;

import io.tributary.protocol.TrajectoryFragment;
import org.agrona.MutableDirectBuffer;

/**
 * Writes a {@link TrajectoryFragment} into a buffer in the layout of {@link TrajectoryFragmentLayout}. One instance
 * per publishing thread; allocates nothing per message.
 */
public final class TrajectoryFragmentEncoder {

    private final Crc32c crc = new Crc32c();
    private long runId;

    /** The run every fragment this encoder writes belongs to (0 until set). */
    public void runId(long runId) {
        this.runId = runId;
    }

    /** Encodes at {@code offset}; returns the message length. The buffer needs {@link #encodedLength} bytes. */
    public int encode(TrajectoryFragment f, MutableDirectBuffer buffer, int offset) {
        int rows = f.rows();
        int obsDim = f.observationDim;
        int truncatedRows = 0;
        for (int r = 0; r < rows; r++) if (f.truncated[r]) truncatedRows++;
        int length = (int) TrajectoryFragmentLayout.length(f.numEnvs, f.steps, obsDim, f.actionDim, truncatedRows, f.episodeCount);
        if (buffer.capacity() - offset < length) {
            throw new IllegalArgumentException("buffer has " + (buffer.capacity() - offset) + " bytes, the fragment needs " + length);
        }
        buffer.putLong(offset + SPEC_HASH, f.specHash, ORDER);
        buffer.putLong(offset + POLICY_VERSION, f.policyVersion, ORDER);
        buffer.putLong(offset + SEQUENCE, f.sequence, ORDER);
        buffer.putInt(offset + ACTOR_ID, f.actorId, ORDER);
        buffer.putInt(offset + NUM_ENVS, f.numEnvs, ORDER);
        buffer.putInt(offset + STEPS, f.steps, ORDER);
        buffer.putInt(offset + OBSERVATION_DIM, obsDim, ORDER);
        buffer.putInt(offset + ACTION_DIM, f.actionDim, ORDER);
        buffer.putInt(offset + EPISODE_COUNT, f.episodeCount, ORDER);
        buffer.putInt(offset + TRUNCATED_ROWS, truncatedRows, ORDER);
        buffer.putInt(offset + RESERVED, 0, ORDER);

        int p = offset + SECTIONS;
        p = putFloats(buffer, p, f.observations, rows * obsDim);
        p = putFloats(buffer, p, f.actions, rows * f.actionDim);
        p = putFloats(buffer, p, f.logProbs, rows);
        p = putFloats(buffer, p, f.rewards, rows);
        for (int r = 0; r < rows; r++) {
            buffer.putByte(p++, (byte) ((f.terminated[r] ? TERMINATED : 0) | (f.truncated[r] ? TRUNCATED : 0)));
        }
        for (int r = 0; r < rows; r++) {
            if (!f.truncated[r]) continue;
            int base = r * obsDim;
            for (int i = 0; i < obsDim; i++, p += 4) buffer.putFloat(p, f.finalObservations[base + i], ORDER);
        }
        p = putFloats(buffer, p, f.nextObservations, f.numEnvs * obsDim);
        p = putDoubles(buffer, p, f.episodeReturns, f.episodeCount);
        for (int e = 0; e < f.episodeCount; e++, p += 4) buffer.putInt(p, f.episodeLengths[e], ORDER);
        assert p - offset == length;

        MessageHeader.write(buffer, offset, MessageType.TRAJECTORY_FRAGMENT, length, runId, crc);
        return length;
    }
}
