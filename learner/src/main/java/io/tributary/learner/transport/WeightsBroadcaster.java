package io.tributary.learner.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.tributary.transport.OfferFailedException;
import io.tributary.transport.Offers;
import io.tributary.transport.TransportConfig;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.codec.WeightsChunkLayout;
import io.tributary.protocol.codec.WeightsChunker;
import io.tributary.protocol.control.ControlCodec;
import io.tributary.protocol.control.ControlMessage;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The learner's side of the weights stream: sends each new {@link PolicyVersion} as chunks no larger than
 * {@code chunkLimit} (and never larger than the publication's max message), and control messages (assign,
 * shutdown) on the same stream. One publication reaches every actor: IPC subscribers directly, UDP ones by
 * multi-destination-cast. Two ways to send: the blocking {@code broadcast}/{@code sendControl} (tests, benchmarks,
 * the last {@code Shutdown}) wait out back-pressure with an idle strategy; an agent uses the non-blocking path,
 * {@link #stage} + {@link #offerStaged} and {@link #tryControl}, which try each message once and keep what did not go
 * out as state.
 */
public final class WeightsBroadcaster implements AutoCloseable {

    /** Default chunk message size: large enough that the default networks go in one or two messages. */
    public static final int DEFAULT_CHUNK_LIMIT = 64 * 1024;

    private final ExclusivePublication publication;
    private final WeightsChunker chunker;
    private final UnsafeBuffer chunkBuffer;
    private final ControlCodec control = new ControlCodec();
    private final UnsafeBuffer controlBuffer = new UnsafeBuffer(new byte[ControlCodec.MAX_LENGTH]);
    private long bytesSent;
    /** The staged version's next chunk to offer, -1 when none is staged (the non-blocking path). */
    private int stagedChunk = -1;
    /** Length of that chunk once written into {@link #chunkBuffer}, 0 before: a retry does not copy it again. */
    private int stagedChunkLength;
    private long stagedBytes;

    public WeightsBroadcaster(Aeron aeron, TransportConfig config, PolicySpec spec, int chunkLimit) {
        this(aeron, config, spec, chunkLimit, 0L);
    }

    /** As above, every message stamped with run {@code runId}. */
    public WeightsBroadcaster(Aeron aeron, TransportConfig config, PolicySpec spec, int chunkLimit, long runId) {
        int payload = WeightsChunkLayout.payloadLength(spec);
        int largest = Math.min(chunkLimit, payload + WeightsChunkLayout.CHUNK_DATA);
        int termLength = TransportConfig.termLengthFor(Math.max(largest, ControlCodec.MAX_LENGTH));
        // The window must hold a whole broadcast so that one call never waits on the slowest actor chunk by chunk.
        while (termLength / 2 < payload + 4 * WeightsChunkLayout.CHUNK_DATA && termLength < (1 << 30)) termLength <<= 1;
        publication = aeron.addExclusivePublication(config.weightsPublicationChannel(termLength), config.weightsStreamId());
        chunker = new WeightsChunker(spec, Math.min(chunkLimit, publication.maxMessageLength()));
        chunkBuffer = chunker.newChunkBuffer();
        chunker.runId(runId);
        control.runId(runId);
    }

    /** Sends every chunk of {@code w}; returns the bytes sent. */
    public long broadcast(PolicyVersion w, IdleStrategy idle, long timeoutNs) {
        return broadcast(w, idle, timeoutNs, Offers.NEVER);
    }

    /** As above, but stops early (returning -1) when {@code abort} becomes true while a chunk waits. */
    public long broadcast(PolicyVersion w, IdleStrategy idle, long timeoutNs, java.util.function.BooleanSupplier abort) {
        chunker.load(w);
        long sent = 0;
        for (int i = 0; i < chunker.chunkCount(); i++) {
            int length = chunker.writeChunk(i, chunkBuffer, 0);
            if (Offers.offer(publication, chunkBuffer, 0, length, idle, timeoutNs, abort) == Offers.ABORTED) return -1;
            sent += length;
        }
        Offers.tailMarker(publication);
        bytesSent += sent;
        return sent;
    }

    public void sendControl(ControlMessage m, IdleStrategy idle, long timeoutNs) {
        sendControl(m, idle, timeoutNs, Offers.NEVER);
    }

    /** False when {@code abort} stopped the send first. */
    public boolean sendControl(ControlMessage m, IdleStrategy idle, long timeoutNs, java.util.function.BooleanSupplier abort) {
        int length = control.encode(m, controlBuffer, 0);
        return Offers.offer(publication, controlBuffer, 0, length, idle, timeoutNs, abort) != Offers.ABORTED;
    }

    /**
     * Loads {@code w} as the pending broadcast of the non-blocking path; {@link #offerStaged()} sends it. One at a
     * time: staging while one is pending is an error (the caller's state machine is wrong).
     */
    public void stage(PolicyVersion w) {
        if (hasStaged()) throw new IllegalStateException("a version is still pending (chunk " + stagedChunk + " of " + chunker.chunkCount() + ")");
        chunker.load(w);
        stagedChunk = 0;
        stagedChunkLength = 0;
        stagedBytes = 0;
    }

    public boolean hasStaged() {
        return stagedChunk >= 0;
    }

    /**
     * Offers the staged version's remaining chunks, each once, and stops at the first that does not go out; never
     * waits. True when the whole version has gone out (or none was staged), false while chunks are pending. A
     * closed publication is an {@link OfferFailedException}.
     */
    public boolean offerStaged() {
        while (stagedChunk >= 0) {
            if (stagedChunkLength == 0) stagedChunkLength = chunker.writeChunk(stagedChunk, chunkBuffer, 0);
            if (!offerOnce(chunkBuffer, stagedChunkLength)) return false;
            stagedBytes += stagedChunkLength;
            stagedChunkLength = 0;
            if (++stagedChunk == chunker.chunkCount()) {
                Offers.tailMarker(publication);
                stagedChunk = -1;
                bytesSent += stagedBytes;
            }
        }
        return true;
    }

    /** One offer of a control message, never a wait: false when it did not go out (the caller keeps it and retries). */
    public boolean tryControl(ControlMessage m) {
        return offerOnce(controlBuffer, control.encode(m, controlBuffer, 0));
    }

    private boolean offerOnce(UnsafeBuffer buffer, int length) {
        long r = publication.offer(buffer, 0, length);
        if (r > 0) return true;
        if (r == io.aeron.Publication.CLOSED || r == io.aeron.Publication.MAX_POSITION_EXCEEDED) {
            throw new OfferFailedException("publication " + publication.channel() + " stream " + publication.streamId() + " is closed (" + r + ")");
        }
        return false;
    }

    public boolean isConnected() {
        return publication.isConnected();
    }

    public int chunkCount() {
        return chunker.chunkCount();
    }

    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public void close() {
        publication.close();
    }
}
