package io.tributary.transport.cluster;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.tributary.protocol.control.ControlCodec;
import io.tributary.protocol.control.ControlMessage;
import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.JSerializer;

/**
 * Pekko's serializer for {@link ControlEnvelope}: the run id, the reply-to actor's path, then the message in Kryo with
 * the control plane's one registration list ({@link ControlCodec#register}), so the cluster carries the same bytes
 * the Aeron control frames did. Registration is required and strings are bounded: a hostile peer cannot name a class
 * or make this node allocate an attacker-chosen size; bytes that do not decode are a {@link NotSerializableException},
 * which Pekko's remoting logs and drops (the association stays up). Thread-safe: one Kryo per thread.
 */
public final class ControlSerializer extends JSerializer {

    /** Pekko's serializer id: user serializers take ids above 40. */
    public static final int IDENTIFIER = 7_301;

    private static final int MAX_LENGTH = ControlCodec.MAX_LENGTH;

    private final ExtendedActorSystem system;
    private final ThreadLocal<Kryo> kryo = ThreadLocal.withInitial(() -> {
        Kryo k = new Kryo();
        ControlCodec.register(k);
        return k;
    });
    private volatile ActorRefResolver resolver;

    public ControlSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public boolean includeManifest() {
        return false;
    }

    @Override
    public byte[] toBinary(Object o) {
        if (!(o instanceof ControlEnvelope e)) {
            throw new IllegalArgumentException("ControlSerializer serializes ControlEnvelope only, not " + o.getClass().getName());
        }
        Output out = new Output(MAX_LENGTH);
        out.writeLong(e.runId());
        ControlCodec.writeString(out, resolver().toSerializationFormat(e.replyTo()));
        kryo.get().writeClassAndObject(out, e.message());
        return out.toBytes();
    }

    @Override
    public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
        try {
            if (bytes.length > MAX_LENGTH) throw new KryoException(bytes.length + " bytes, more than " + MAX_LENGTH);
            Input in = new Input(bytes);
            long runId = in.readLong();
            ActorRef<ControlEnvelope> replyTo = resolver().resolveActorRef(ControlCodec.readString(in));
            Object m = kryo.get().readClassAndObject(in);
            if (!(m instanceof ControlMessage message) || in.position() != bytes.length) throw new KryoException("not one control message");
            return new ControlEnvelope(runId, message, replyTo);
        } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new RuntimeException(new NotSerializableException("malformed control message: " + e.getMessage()));
        }
    }

    private ActorRefResolver resolver() {
        ActorRefResolver r = resolver;
        if (r == null) resolver = r = ActorRefResolver.get(Adapter.toTyped(system));
        return r;
    }
}
