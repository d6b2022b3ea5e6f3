package io.tributary.protocol.codec;

import static io.tributary.protocol.codec.MessageHeader.ORDER;
import static io.tributary.protocol.codec.WeightsChunkLayout.*;

import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Collects weights chunks into a payload and decodes it into a preallocated {@link PolicyVersion} when the last
 * one arrives. Each chunk is validated (header, checksum, spec hash, payload length for this spec, index, stride)
 * before it is copied; the payload's own CRC is checked before it is read. A chunk of a newer version abandons the
 * one in progress (the actor only ever wants the newest); one of an older or already completed version is STALE.
 */
public final class WeightsReassembler {

    private final long expectedSpecHash;
    private final int parameterCount;
    private final int observationDim;
    private final int payloadLength;
    private final UnsafeBuffer payload;
    private final Crc32c crc = new Crc32c();
    private boolean[] received = new boolean[0];

    private long inProgressVersion = -1;
    private int inProgressStride;
    private int inProgressCount;
    private int inProgressCrc;
    private int receivedCount;
    private long completedVersion = -1;
    private long expectedRunId;

    /** Accept only run {@code runId}'s chunks from now on (0, the start: run 0's). */
    public void expectRun(long runId) {
        this.expectedRunId = runId;
    }

    public WeightsReassembler(PolicySpec spec) {
        this.expectedSpecHash = spec.hash();
        this.parameterCount = spec.policyParameterCount();
        this.observationDim = spec.observationDim();
        this.payloadLength = WeightsChunkLayout.payloadLength(spec);
        this.payload = new UnsafeBuffer(BufferUtil.allocateDirectAligned((payloadLength + 63) & ~63, 64));
    }

    /** The newest version completed so far, -1 before the first. */
    public long completedVersion() {
        return completedVersion;
    }

    /**
     * Offers one chunk message. Returns {@link DecodeResult#OK} when it completed a version (now in {@code into}),
     * {@link DecodeResult#INCOMPLETE} when it was stored, {@link DecodeResult#ALREADY_HELD} for a copy of the version
     * completed last, or the reason it was dropped.
     */
    public DecodeResult onChunk(DirectBuffer buffer, int offset, int length, PolicyVersion into) {
        DecodeResult header = MessageHeader.validate(buffer, offset, length, MessageType.WEIGHTS_CHUNK, crc);
        if (header != DecodeResult.OK) return header;
        if (length < CHUNK_DATA) return DecodeResult.TOO_SHORT;
        if (MessageHeader.runId(buffer, offset) != expectedRunId) return DecodeResult.FOREIGN_RUN;
        if (buffer.getLong(offset + SPEC_HASH, ORDER) != expectedSpecHash) return DecodeResult.FOREIGN_SPEC;
        if (buffer.getInt(offset + PAYLOAD_LENGTH, ORDER) != payloadLength) return DecodeResult.SHAPE_MISMATCH;
        long version = buffer.getLong(offset + VERSION, ORDER);
        int index = buffer.getInt(offset + CHUNK_INDEX, ORDER);
        int count = buffer.getInt(offset + CHUNK_COUNT, ORDER);
        int stride = buffer.getInt(offset + CHUNK_STRIDE, ORDER);
        int chunkLength = buffer.getInt(offset + CHUNK_LENGTH, ORDER);
        if (stride <= 0 || stride > payloadLength) return DecodeResult.BAD_COUNT;
        if (count != (payloadLength + stride - 1) / stride) return DecodeResult.BAD_COUNT;
        if (index < 0 || index >= count) return DecodeResult.BAD_COUNT;
        long start = (long) index * stride;
        if (chunkLength != Math.min(stride, payloadLength - start)) return DecodeResult.LENGTH_MISMATCH;
        if (length != CHUNK_DATA + chunkLength) return DecodeResult.LENGTH_MISMATCH;
        if (version < 0) return DecodeResult.BAD_COUNT;
        if (version == completedVersion) return DecodeResult.ALREADY_HELD; // a re-broadcast meant for another actor
        if (version < completedVersion || version < inProgressVersion) return DecodeResult.STALE;
        int payloadCrc = buffer.getInt(offset + PAYLOAD_CRC, ORDER);

        if (version != inProgressVersion) {
            begin(version, stride, count, payloadCrc);
        } else if (stride != inProgressStride || payloadCrc != inProgressCrc) {
            // Same version, another cut or another content: the sender restarted; start over with this one.
            begin(version, stride, count, payloadCrc);
        }
        if (received[index]) return DecodeResult.INCOMPLETE; // a duplicate is harmless
        payload.putBytes((int) start, buffer, offset + CHUNK_DATA, chunkLength);
        received[index] = true;
        receivedCount++;
        if (receivedCount < inProgressCount) return DecodeResult.INCOMPLETE;

        inProgressVersion = -1;
        if (crc.compute(payload, 0, payloadLength) != inProgressCrc) return DecodeResult.BAD_CHECKSUM;
        DecodeResult r = decodePayload(version, into);
        if (r == DecodeResult.OK) completedVersion = version;
        return r;
    }

    private void begin(long version, int stride, int count, int payloadCrc) {
        if (received.length < count) received = new boolean[count];
        java.util.Arrays.fill(received, 0, count, false);
        inProgressVersion = version;
        inProgressStride = stride;
        inProgressCount = count;
        inProgressCrc = payloadCrc;
        receivedCount = 0;
    }

    private DecodeResult decodePayload(long version, PolicyVersion into) {
        if (payload.getInt(P_PARAMETER_COUNT, ORDER) != parameterCount
                || payload.getInt(P_OBSERVATION_DIM, ORDER) != observationDim
                || into.policyParameterCount != parameterCount || into.observationDim != observationDim) {
            return DecodeResult.SHAPE_MISMATCH;
        }
        double obsCount = payload.getDouble(P_OBS_COUNT, ORDER);
        if (!(obsCount >= 0) || Double.isInfinite(obsCount)) {
            return DecodeResult.NON_FINITE;
        }
        int p = P_WEIGHTS;
        boolean finite = WireArrays.getFloats(payload, p, into.weights, 0, parameterCount);
        p += 4 * parameterCount;
        finite &= WireArrays.getDoubles(payload, p, into.obsMean, observationDim);
        p += 8 * observationDim;
        finite &= WireArrays.getDoubles(payload, p, into.obsVar, observationDim);
        for (int i = 0; i < observationDim; i++) finite &= into.obsVar[i] >= 0; // a variance; NaN already failed above
        if (!finite) return DecodeResult.NON_FINITE;
        into.version = version;
        into.specHash = expectedSpecHash;
        into.obsCount = obsCount;
        return DecodeResult.OK;
    }
}
