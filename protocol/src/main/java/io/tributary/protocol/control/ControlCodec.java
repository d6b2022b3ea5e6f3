package io.tributary.protocol.control;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.tributary.protocol.codec.Crc32c;
import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.codec.MessageHeader;
import io.tributary.protocol.codec.MessageType;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Kryo framing for {@link ControlMessage}s: a {@link MessageHeader} (type CONTROL, checksum) followed by Kryo's
 * class id and fields. Registration is explicit and required, with hand-written serializers, so the wire format is
 * fixed by this file and a hostile message cannot name a class or make the reader allocate an attacker-chosen size
 * (strings are bounded by {@link #MAX_STRING} and by the bytes actually present). Not thread-safe: one per thread.
 */
public final class ControlCodec {

    /** Upper bound on a control message (and so on the Kryo buffer). */
    public static final int MAX_LENGTH = 4096;
    public static final int MAX_STRING = 512;

    private final Kryo kryo = new Kryo();
    private final Output output = new Output(MAX_LENGTH - MessageHeader.LENGTH);
    private final byte[] inputBytes = new byte[MAX_LENGTH];
    private final Input input = new Input();
    private final Crc32c crc = new Crc32c();
    private DecodeResult lastResult = DecodeResult.OK;
    private long runId;
    private long lastRunId;

    /**
     * The run this codec writes and accepts: {@code encode} stamps it; {@code decode} accepts a message of this run
     * or of run 0 (a sender that does not know its run yet: an actor's first hello) and drops any other run's as
     * {@link DecodeResult#FOREIGN_RUN}. While this codec's own run is 0 (an actor that has not learned its run),
     * every run's messages are accepted; {@link #lastRunId()} says which.
     */
    public void runId(long runId) {
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }

    /** The run id of the last message {@link #decode} returned. */
    public long lastRunId() {
        return lastRunId;
    }

    public ControlCodec() {
        register(kryo);
    }

    /**
     * Registers the control messages, and only those, on {@code kryo} with their hand-written serializers: the wire
     * format of the Aeron control frames and of the cluster's control messages (transport's Pekko serializer).
     */
    public static void register(Kryo kryo) {
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        // The registration list: ids are part of the wire format.
        kryo.register(ControlMessage.Hello.class, new HelloSerializer(), 20);
        kryo.register(ControlMessage.Assign.class, new AssignSerializer(), 21);
        kryo.register(ControlMessage.Heartbeat.class, new HeartbeatSerializer(), 22);
        kryo.register(ControlMessage.Shutdown.class, new ShutdownSerializer(), 23);
        kryo.register(ControlMessage.Resend.class, new ResendSerializer(), 24);
        kryo.register(ControlMessage.Goodbye.class, new GoodbyeSerializer(), 25);
    }

    /** Encodes at {@code offset}; returns the message length. */
    public int encode(ControlMessage message, MutableDirectBuffer buffer, int offset) {
        output.reset();
        kryo.writeClassAndObject(output, message);
        int bodyLength = output.position();
        int length = MessageHeader.LENGTH + bodyLength;
        buffer.putBytes(offset + MessageHeader.LENGTH, output.getBuffer(), 0, bodyLength);
        MessageHeader.write(buffer, offset, MessageType.CONTROL, length, runId, crc);
        return length;
    }

    /** The message, or null when it was dropped; then {@link #lastResult()} says why. Never throws on bad bytes. */
    public ControlMessage decode(DirectBuffer buffer, int offset, int length) {
        if (length > MAX_LENGTH) {
            lastResult = DecodeResult.LENGTH_MISMATCH;
            return null;
        }
        lastResult = MessageHeader.validate(buffer, offset, length, MessageType.CONTROL, crc);
        if (lastResult != DecodeResult.OK) return null;
        long run = MessageHeader.runId(buffer, offset);
        if (runId != 0 && run != 0 && run != runId) {
            lastResult = DecodeResult.FOREIGN_RUN;
            return null;
        }
        lastRunId = run;
        int bodyLength = length - MessageHeader.LENGTH;
        buffer.getBytes(offset + MessageHeader.LENGTH, inputBytes, 0, bodyLength);
        input.setBuffer(inputBytes, 0, bodyLength);
        try {
            Object o = kryo.readClassAndObject(input);
            if (!(o instanceof ControlMessage m) || input.position() != bodyLength) {
                lastResult = DecodeResult.BAD_CONTROL;
                return null;
            }
            return m;
        } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException e) {
            lastResult = DecodeResult.BAD_CONTROL;
            return null;
        }
    }

    public DecodeResult lastResult() {
        return lastResult;
    }

    /** A string of at most {@link #MAX_STRING} UTF-8 bytes. */
    public static void writeString(Output out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING) throw new IllegalArgumentException("control string longer than " + MAX_STRING + " bytes");
        out.writeVarInt(b.length, true);
        out.writeBytes(b);
    }

    /** A string written by {@link #writeString}; a length beyond the bound or the bytes present is a {@link KryoException}. */
    public static String readString(Input in) {
        int n = in.readVarInt(true);
        if (n < 0 || n > MAX_STRING || n > in.limit() - in.position()) throw new KryoException("bad string length " + n);
        return new String(in.readBytes(n), StandardCharsets.UTF_8);
    }

    private static final class HelloSerializer extends Serializer<ControlMessage.Hello> {
        @Override
        public void write(Kryo k, Output out, ControlMessage.Hello m) {
            out.writeLong(m.instanceId());
            out.writeLong(m.secret());
            out.writeInt(m.sessionId());
            writeString(out, m.host());
            out.writeLong(m.pid());
            writeString(out, m.envId());
            out.writeLong(m.specHash());
            out.writeInt(m.numEnvs());
            out.writeInt(m.steps());
            out.writeInt(m.requestedActorId());
        }

        @Override
        public ControlMessage.Hello read(Kryo k, Input in, Class<? extends ControlMessage.Hello> type) {
            return new ControlMessage.Hello(in.readLong(), in.readLong(), in.readInt(), readString(in), in.readLong(), readString(in), in.readLong(),
                    in.readInt(), in.readInt(), in.readInt());
        }
    }

    private static final class AssignSerializer extends Serializer<ControlMessage.Assign> {
        @Override
        public void write(Kryo k, Output out, ControlMessage.Assign m) {
            out.writeLong(m.instanceId());
            out.writeInt(m.actorId());
            out.writeLong(m.seed());
            out.writeInt(m.sessionId());
        }

        @Override
        public ControlMessage.Assign read(Kryo k, Input in, Class<? extends ControlMessage.Assign> type) {
            return new ControlMessage.Assign(in.readLong(), in.readInt(), in.readLong(), in.readInt());
        }
    }

    private static final class HeartbeatSerializer extends Serializer<ControlMessage.Heartbeat> {
        @Override
        public void write(Kryo k, Output out, ControlMessage.Heartbeat m) {
            out.writeInt(m.actorId());
            out.writeLong(m.instanceId());
            out.writeLong(m.weightsVersion());
            out.writeLong(m.publishedVersion());
            out.writeLong(m.envSteps());
            out.writeLong(m.timestampMs());
        }

        @Override
        public ControlMessage.Heartbeat read(Kryo k, Input in, Class<? extends ControlMessage.Heartbeat> type) {
            return new ControlMessage.Heartbeat(in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
        }
    }

    private static final class ShutdownSerializer extends Serializer<ControlMessage.Shutdown> {
        @Override
        public void write(Kryo k, Output out, ControlMessage.Shutdown m) {
            writeString(out, m.reason());
        }

        @Override
        public ControlMessage.Shutdown read(Kryo k, Input in, Class<? extends ControlMessage.Shutdown> type) {
            return new ControlMessage.Shutdown(readString(in));
        }
    }

    private static final class ResendSerializer extends Serializer<ControlMessage.Resend> {
        @Override
        public void write(Kryo k, Output out, ControlMessage.Resend m) {
            out.writeInt(m.actorId());
            out.writeLong(m.version());
        }

        @Override
        public ControlMessage.Resend read(Kryo k, Input in, Class<? extends ControlMessage.Resend> type) {
            return new ControlMessage.Resend(in.readInt(), in.readLong());
        }
    }

    private static final class GoodbyeSerializer extends Serializer<ControlMessage.Goodbye> {
        @Override
        public void write(Kryo k, Output out, ControlMessage.Goodbye m) {
            out.writeInt(m.actorId());
            out.writeLong(m.instanceId());
            writeString(out, m.reason());
        }

        @Override
        public ControlMessage.Goodbye read(Kryo k, Input in, Class<? extends ControlMessage.Goodbye> type) {
            return new ControlMessage.Goodbye(in.readInt(), in.readLong(), readString(in));
        }
    }
}
