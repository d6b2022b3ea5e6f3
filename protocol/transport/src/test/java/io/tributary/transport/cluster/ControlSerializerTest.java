package io.tributary.transport.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.protocol.control.ControlMessage;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cluster's control messages through Pekko's serialization as a cluster node configures it. */
class ControlSerializerTest {

    private static ActorSystem<ControlEnvelope> system;
    private static Serialization serialization;

    @BeforeAll
    static void start() throws Exception {
        int port = freePort();
        system = ActorSystem.create(Behaviors.ignore(), ClusterNode.SYSTEM,
                ClusterNode.config(new ClusterConfig(port, null), "127.0.0.1", port, "127.0.0.1", ClusterNode.LEARNER_ROLE,
                        List.of(ClusterNode.LEARNER_ROLE)));
        serialization = SerializationExtension.get(Adapter.toClassic(system));
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static final List<ControlMessage> EVERY_KIND = List.of(
            new ControlMessage.Hello(0x1234_5678_9abc_def0L, -7L, 42, "host-ä", 99L, "dm_control/walker-walk", 0xfeedL, 8, 256, -1),
            new ControlMessage.Assign(1L, 3, 77L, 42),
            new ControlMessage.Heartbeat(3, 1L, 10L, 9L, 123_456L, 1_700_000_000_000L),
            new ControlMessage.Shutdown("training finished"),
            new ControlMessage.Resend(3, 9L),
            new ControlMessage.Goodbye(3, 1L, "signal"));

    @Test
    void everyControlMessageIsBoundToTheKryoSerializerAndComesBackEqualWithItsReplyTo() throws Exception {
        ActorRef<ControlEnvelope> self = system;
        for (ControlMessage m : EVERY_KIND) {
            ControlEnvelope e = new ControlEnvelope(0xabcdefL, m, self);
            Serializer s = serialization.findSerializerFor(e);
            assertInstanceOf(ControlSerializer.class, s, "the binding in ClusterNode's configuration");
            assertEquals(ControlSerializer.IDENTIFIER, s.identifier());
            byte[] bytes = serialization.serialize(e).get();
            ControlEnvelope back = (ControlEnvelope) serialization.deserialize(bytes, s.identifier(), "").get();
            assertEquals(e.runId(), back.runId());
            assertEquals(m, back.message());
            assertEquals(self.path(), back.replyTo().path());
        }
    }

    @Test
    void bytesThatAreNotOneControlMessageAreRefusedWithoutAnythingElseBeingThrown() {
        ControlEnvelope envelope = new ControlEnvelope(5L, EVERY_KIND.get(0), system);
        ControlSerializer s = (ControlSerializer) serialization.findSerializerFor(envelope);
        byte[] good = s.toBinary(envelope);
        Random random = new Random(11);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bad = switch (i % 4) {
                case 0 -> random.ints(random.nextInt(200), 0, 256).collect(java.io.ByteArrayOutputStream::new,
                        (o, b) -> o.write(b), (a, b) -> a.writeBytes(b.toByteArray())).toByteArray();
                case 1 -> java.util.Arrays.copyOf(good, random.nextInt(good.length)); // truncated
                case 2 -> { // bit-flipped
                    byte[] f = good.clone();
                    f[random.nextInt(f.length)] ^= (byte) (1 << random.nextInt(8));
                    yield f;
                }
                default -> { // a length field claiming far more than is there, and trailing bytes
                    byte[] f = java.util.Arrays.copyOf(good, good.length + 1 + random.nextInt(8));
                    f[8] = (byte) 0xff;
                    yield f;
                }
            };
            try {
                Object o = s.fromBinaryJava(bad, null);
                assertInstanceOf(ControlEnvelope.class, o); // a flip that still decodes is a well-formed message
            } catch (RuntimeException e) {
                assertInstanceOf(java.io.NotSerializableException.class, e.getCause(), e.toString());
                refused++;
            }
        }
        assertTrue(refused > 15_000, "most garbage is refused, was " + refused);
        assertThrows(IllegalArgumentException.class, () -> s.toBinary("not a control message"));
    }
}
