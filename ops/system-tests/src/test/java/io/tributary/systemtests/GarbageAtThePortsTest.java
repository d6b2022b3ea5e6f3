package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.aeron.protocol.DataHeaderFlyweight;
import io.aeron.protocol.HeaderFlyweight;
import io.aeron.protocol.SetupFlyweight;
import io.tributary.learner.pipeline.IterationMetrics;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.codec.TrajectoryFragmentEncoder;
import io.tributary.protocol.codec.TrajectoryFragmentLayout;
import io.tributary.protocol.control.ControlCodec;
import io.tributary.protocol.control.ControlMessage;
import io.tributary.transport.TransportConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 10,000 garbage datagrams at each of the learner's UDP ports (fragments, weights control) during a
 * {@code --transport udp} run, one run per seed. Four kinds, in turn: random bytes; well-formed frames (an Aeron
 * setup frame, then data frames with the run's stream id around a real encoded Tributary fragment or hello) sent
 * truncated; the same bit-flipped; and crafted Aeron headers (setup, data, status, NAK, with random session, stream,
 * term ids and offsets). Every run completes all its iterations; what was rejected is printed: Aeron's invalid-packet
 * counter and Tributary's drop counters.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GarbageAtThePortsTest {

    static final int PER_PORT = 10_000;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void everyRunCompletesAndTheRejectsAreCounted(long seed) throws Exception {
        TransportConfig d = TransportConfig.defaults(TransportConfig.Mode.UDP);
        TransportConfig t = new TransportConfig(TransportConfig.Mode.UDP, tmp.resolve("aeron"), "127.0.0.1", PipelineEndToEndTest.freePort(),
                PipelineEndToEndTest.freePort(), "127.0.0.1", d.fragmentsStreamId(), d.weightsStreamId(), d.mtu(), d.socketBuffer());
        int iterations = 150;
        PipelineConfig cfg = PipelineEndToEndTest.config(t, tmp.resolve("run"), 2, 2, 64, iterations);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineLearner learner = new PipelineLearner(cfg, new ActorProcesses(cfg), new PrintStream(log, true, StandardCharsets.UTF_8));
        CompletableFuture<List<IterationMetrics>> run = CompletableFuture.supplyAsync(() -> {
            try {
                return learner.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (learner.history().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no progress:\n" + log);
            assertFalse(run.isDone(), "ended early:\n" + log);
            Thread.sleep(10);
        }
        // channels bind only where configured: no socket of the learner (this JVM) or of an actor on a wildcard address
        List<String> bindings = new ArrayList<>(UdpBindings.of(ProcessHandle.current().pid()));
        for (ProcessHandle a : learner.actorProcesses()) bindings.addAll(UdpBindings.of(a.pid()));
        System.out.println("udp sockets of the learner and its actors: " + bindings);
        assertFalse(bindings.isEmpty());
        assertTrue(bindings.stream().noneMatch(UdpBindings::wildcard), "a wildcard bind: " + bindings);
        Garbage g = new Garbage(seed, learner.spec(), t);
        int[] sent = new int[2];
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress[] ports = {new InetSocketAddress("127.0.0.1", t.fragmentsPort()), new InetSocketAddress("127.0.0.1", t.weightsPort())};
            for (int i = 0; i < PER_PORT; i++) {
                for (int p = 0; p < 2; p++) {
                    ch.send(g.next(i), ports[p]);
                    sent[p]++;
                }
                if (i % 200 == 199) Thread.sleep(1); // a flood, not a socket-buffer overflow on the sender
            }
        }
        boolean sentDuringRun = !run.isDone();
        List<IterationMetrics> history;
        try {
            history = run.get(90, TimeUnit.SECONDS);
        } finally {
            System.out.print(log.toString(StandardCharsets.UTF_8));
        }
        assertTrue(sentDuringRun, "the garbage went out while the run was training (make the run longer)");
        assertEquals(iterations, history.size(), "every iteration done");
        String text = log.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("drops (\\{[^}]*\\}); fragments asked for again (\\d+); aeron invalid packets (\\d+), driver errors (\\d+)")
                .matcher(text);
        assertTrue(m.find(), text);
        System.out.printf("seed %d: sent %d + %d datagrams; aeron invalid packets %s, driver errors %s; tributary drops %s; asked again %s%n",
                seed, sent[0], sent[1], m.group(3), m.group(4), m.group(1), m.group(2));
        assertTrue(Long.parseLong(m.group(3)) > 0, "aeron rejected the malformed datagrams");
    }

    /** The four kinds of datagrams, from one seed. */
    static final class Garbage {
        private final Random rnd;
        private final int streamId;
        private final List<byte[]> wellFormed = new ArrayList<>();
        private final ByteBuffer out = ByteBuffer.allocate(65_536);

        Garbage(long seed, PolicySpec spec, TransportConfig t) {
            rnd = new Random(seed);
            streamId = t.fragmentsStreamId();
            // real Tributary messages: a hello and a small fragment, each in a data frame of a crafted session after its setup
            byte[] hello = new byte[ControlCodec.MAX_LENGTH];
            int helloLength = new ControlCodec().encode(new ControlMessage.Hello(42, 43, 0, "garbage", 1, "Pendulum-v1", spec.hash(), 2, 64, -1),
                    new UnsafeBuffer(hello), 0);
            TrajectoryFragment f = new TrajectoryFragment(1, 4, spec.observationDim(), spec.actionDim());
            f.specHash = spec.hash();
            f.actorId = 0;
            UnsafeBuffer fb = new UnsafeBuffer(new byte[TrajectoryFragmentLayout.maxLength(1, 4, spec.observationDim(), spec.actionDim())]);
            int fragmentLength = new TrajectoryFragmentEncoder().encode(f, fb, 0);
            for (int k = 0; k < 8; k++) {
                int session = rnd.nextInt();
                wellFormed.add(setup(session, 0, 0));
                wellFormed.add(data(session, 0, 0, hello, helloLength));
                wellFormed.add(data(session, 0, align(32 + helloLength), fb.byteArray(), fragmentLength));
            }
        }

        ByteBuffer next(int i) {
            out.clear();
            switch (i % 4) {
                case 0 -> { // random bytes
                    byte[] b = new byte[1 + rnd.nextInt(1400)];
                    rnd.nextBytes(b);
                    out.put(b);
                }
                case 1 -> { // a truncated copy of a well-formed frame
                    byte[] w = wellFormed.get(rnd.nextInt(wellFormed.size()));
                    out.put(w, 0, 1 + rnd.nextInt(w.length - 1));
                }
                case 2 -> { // a bit-flipped copy
                    byte[] w = wellFormed.get(rnd.nextInt(wellFormed.size())).clone();
                    for (int k = 1 + rnd.nextInt(4); k > 0; k--) w[rnd.nextInt(w.length)] ^= (byte) (1 << rnd.nextInt(8));
                    out.put(w);
                }
                default -> { // a crafted header: setup, data, status message or NAK with random ids and offsets
                    int session = rnd.nextInt();
                    int stream = rnd.nextBoolean() ? streamId : rnd.nextInt();
                    byte[] b = switch (rnd.nextInt(4)) {
                        case 0 -> setup(session, rnd.nextInt(), stream);
                        case 1 -> {
                            byte[] payload = new byte[rnd.nextInt(1024)];
                            rnd.nextBytes(payload);
                            yield data(session, rnd.nextInt(), rnd.nextInt(1 << 16) & ~31, payload, payload.length, stream);
                        }
                        default -> {
                            byte[] h = new byte[32 + rnd.nextInt(32)];
                            rnd.nextBytes(h);
                            UnsafeBuffer hb = new UnsafeBuffer(h);
                            hb.putInt(0, h.length);
                            hb.putByte(4, (byte) 0);
                            hb.putShort(6, (short) (rnd.nextBoolean() ? HeaderFlyweight.HDR_TYPE_SM : HeaderFlyweight.HDR_TYPE_NAK));
                            hb.putInt(8, session);
                            hb.putInt(12, stream);
                            yield h;
                        }
                    };
                    out.put(b);
                }
            }
            return out.flip();
        }

        private byte[] setup(int session, int termId, int streamOverride) {
            byte[] b = new byte[SetupFlyweight.HEADER_LENGTH];
            SetupFlyweight s = new SetupFlyweight(new UnsafeBuffer(b));
            s.frameLength(b.length).version(HeaderFlyweight.CURRENT_VERSION).flags((short) 0).headerType(HeaderFlyweight.HDR_TYPE_SETUP);
            s.termOffset(0).sessionId(session).streamId(streamOverride != 0 ? streamOverride : streamId).initialTermId(termId)
                    .activeTermId(termId).termLength(64 * 1024).mtuLength(1408).ttl(0);
            return b;
        }

        private byte[] data(int session, int termId, int termOffset, byte[] payload, int length) {
            return data(session, termId, termOffset, payload, length, streamId);
        }

        private static byte[] data(int session, int termId, int termOffset, byte[] payload, int length, int stream) {
            byte[] b = new byte[align(DataHeaderFlyweight.HEADER_LENGTH + length)];
            DataHeaderFlyweight h = new DataHeaderFlyweight(new UnsafeBuffer(b));
            h.frameLength(DataHeaderFlyweight.HEADER_LENGTH + length).version(HeaderFlyweight.CURRENT_VERSION)
                    .flags(DataHeaderFlyweight.BEGIN_AND_END_FLAGS).headerType(HeaderFlyweight.HDR_TYPE_DATA);
            h.termOffset(termOffset).sessionId(session).streamId(stream).termId(termId).reservedValue(0);
            System.arraycopy(payload, 0, b, DataHeaderFlyweight.HEADER_LENGTH, length);
            return b;
        }

        private static int align(int n) {
            return (n + 31) & ~31;
        }
    }
}
