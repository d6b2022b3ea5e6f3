package io.tributary.protocol.codec;

import static io.tributary.protocol.codec.MessageHeader.ORDER;
import static io.tributary.protocol.codec.WeightsChunkLayout.*;

import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import java.nio.ByteBuffer;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Serializes a {@link PolicyVersion} once into a preallocated payload, then writes chunk {@code i} as a
 * message of at most {@code maxMessageLength} bytes (e.g. an Aeron publication's {@code maxMessageLength()}).
 * One instance per broadcaster; nothing is allocated per broadcast.
 */
public final class WeightsChunker {

    private final int payloadLength;
    private final int stride;
    private final int chunkCount;
    private final UnsafeBuffer payload;
    private final Crc32c crc = new Crc32c();
    private long specHash;
    private long version;
    private int payloadCrc;
    private long runId;

    /** The run every chunk this chunker writes belongs to (0 until set). */
    public void runId(long runId) {
        this.runId = runId;
    }

    public WeightsChunker(PolicySpec spec, int maxMessageLength) {
        payloadLength = WeightsChunkLayout.payloadLength(spec);
        if (maxMessageLength <= CHUNK_DATA + 8) throw new IllegalArgumentException("maxMessageLength too small: " + maxMessageLength);
        stride = Math.min(maxMessageLength - CHUNK_DATA, payloadLength);
        chunkCount = (payloadLength + stride - 1) / stride;
        payload = new UnsafeBuffer(BufferUtil.allocateDirectAligned(align(payloadLength), 64));
    }

    private static int align(int n) {
        return (n + 63) & ~63;
    }

    /** Serializes {@code w} into the payload; call before {@link #writeChunk}. */
    public void load(PolicyVersion w) {
        if (WeightsChunkLayout.payloadLength(w.spec) != payloadLength) {
            throw new IllegalArgumentException("a version of " + w.spec + " does not fit this chunker's payload of " + payloadLength + " bytes");
        }
        payload.putInt(P_PARAMETER_COUNT, w.policyParameterCount, ORDER);
        payload.putInt(P_OBSERVATION_DIM, w.observationDim, ORDER);
        payload.putDouble(P_OBS_COUNT, w.obsCount, ORDER);
        int p = WireArrays.putFloats(payload, P_WEIGHTS, w.weights, w.policyParameterCount);
        p = WireArrays.putDoubles(payload, p, w.obsMean, w.observationDim);
        p = WireArrays.putDoubles(payload, p, w.obsVar, w.observationDim);
        assert p == payloadLength;
        specHash = w.specHash;
        version = w.version;
        payloadCrc = crc.compute(payload, 0, payloadLength);
    }

    public int chunkCount() {
        return chunkCount;
    }

    /** The largest chunk message this chunker writes. */
    public int maxChunkMessageLength() {
        return CHUNK_DATA + stride;
    }

    /** Writes chunk {@code index} of the loaded version at {@code offset}; returns the message length. */
    public int writeChunk(int index, MutableDirectBuffer buffer, int offset) {
        int start = index * stride;
        int len = Math.min(stride, payloadLength - start);
        buffer.putLong(offset + SPEC_HASH, specHash, ORDER);
        buffer.putLong(offset + VERSION, version, ORDER);
        buffer.putInt(offset + CHUNK_INDEX, index, ORDER);
        buffer.putInt(offset + CHUNK_COUNT, chunkCount, ORDER);
        buffer.putInt(offset + PAYLOAD_LENGTH, payloadLength, ORDER);
        buffer.putInt(offset + CHUNK_STRIDE, stride, ORDER);
        buffer.putInt(offset + CHUNK_LENGTH, len, ORDER);
        buffer.putInt(offset + PAYLOAD_CRC, payloadCrc, ORDER);
        buffer.putBytes(offset + CHUNK_DATA, payload, start, len);
        int length = CHUNK_DATA + len;
        MessageHeader.write(buffer, offset, MessageType.WEIGHTS_CHUNK, length, runId, crc);
        return length;
    }

    /** For tests and tools: a heap buffer big enough for one chunk message. */
    public UnsafeBuffer newChunkBuffer() {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(maxChunkMessageLength()));
    }
}
