package io.tributary.learner.transport;

import static org.junit.jupiter.api.Assertions.*;

import io.aeron.Aeron;
import io.tributary.transport.EmbeddedDriver;
import io.tributary.transport.FragmentPublisher;
import io.tributary.transport.TransportConfig;
import io.tributary.transport.WeightsSubscriber;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.codec.DropCounters;
import io.tributary.protocol.codec.TrajectoryFragmentEncoder;
import io.tributary.protocol.codec.TrajectoryFragmentLayout;
import io.tributary.protocol.control.ControlMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport with a real media driver: two actors publish fragments to the learner's ingest and receive the
 * learner's chunked weights, over IPC (one driver) and over UDP on loopback (a driver per actor, as on separate
 * hosts). Malformed, stale and foreign-spec fragments are sent through the same real stream: counted, dropped,
 * and good fragments keep flowing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransportTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(20);
    private final PolicySpec spec = PolicySpec.cleanRl(67, 21);
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);

    @TempDir
    Path tmp;

    @Test
    void ipc() throws Exception {
        TransportConfig cfg = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("learner"));
        try (EmbeddedDriver driver = EmbeddedDriver.launch(cfg.aeronDir())) {
            exchange(cfg, cfg, cfg, null);
        }
        assertFalse(Files.exists(tmp.resolve("learner")), "the driver deletes its directory on close");
    }

    @Test
    void udpLoopback() throws Exception {
        TransportConfig learner = new TransportConfig(TransportConfig.Mode.UDP, tmp.resolve("learner"), "127.0.0.1",
                freePort(), freePort(), "127.0.0.1", 1001, 1002, 1408, 2 * 1024 * 1024);
        try (EmbeddedDriver ld = EmbeddedDriver.launch(learner.aeronDir());
                EmbeddedDriver a0 = EmbeddedDriver.launch(tmp.resolve("a0"));
                EmbeddedDriver a1 = EmbeddedDriver.launch(tmp.resolve("a1"))) {
            exchange(learner, learner.withAeronDir(tmp.resolve("a0")), learner.withAeronDir(tmp.resolve("a1")), null);
        }
    }

    static int freePort() throws Exception {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void exchange(TransportConfig learnerCfg, TransportConfig actor0, TransportConfig actor1, Object unused) {
        int envs = 4;
        int steps = 32;
        long[] version = {1};
        List<TrajectoryFragment> received = new CopyOnWriteArrayList<>();
        List<ControlMessage> learnerControl = new CopyOnWriteArrayList<>();
        List<ControlMessage> actorControl = new ArrayList<>();
        try (Aeron learnerAeron = io.tributary.transport.AeronClients.connect(learnerCfg.aeronDir());
                Aeron aeron0 = io.tributary.transport.AeronClients.connect(actor0.aeronDir());
                Aeron aeron1 = io.tributary.transport.AeronClients.connect(actor1.aeronDir())) {
            DropCounters ingestDrops = new DropCounters("fragments", learnerAeron::addCounter);
            TrajectoryFragment slot = new TrajectoryFragment(envs, steps, 67, 21);
            FragmentIngest ingest = new FragmentIngest(learnerAeron, learnerCfg, spec, envs, steps, ingestDrops,
                    new FragmentIngest.Sink() {
                        @Override
                        public TrajectoryFragment admit(int actorId, long policyVersion, int sessionId) {
                            if (policyVersion == version[0]) return slot;
                            ingestDrops.record(DecodeResult.STALE);
                            return null;
                        }

                        @Override
                        public void onFragment(TrajectoryFragment f, int len) {
                            TrajectoryFragment copy = new TrajectoryFragment(envs, steps, 67, 21);
                            copy.actorId = f.actorId;
                            copy.sequence = f.sequence;
                            copy.policyVersion = f.policyVersion;
                            System.arraycopy(f.observations, 0, copy.observations, 0, f.observations.length);
                            received.add(copy);
                        }

                        @Override
                        public void onControl(ControlMessage m, int sessionId) {
                            learnerControl.add(m);
                        }
                    });
            // Chunks of 16 KiB: the 77 KiB humanoid-sized weights go in 5 chunks, each larger than the UDP MTU.
            WeightsBroadcaster broadcaster = new WeightsBroadcaster(learnerAeron, learnerCfg, spec, 16 * 1024);
            assertTrue(broadcaster.chunkCount() > 1);
            // The ingest runs as it does in the learner: an agent on its own thread.
            AgentRunner ingestRunner = new AgentRunner(new BackoffIdleStrategy(10, 10, 1_000, 1_000_000), Throwable::printStackTrace, null, ingest);
            AgentRunner.startOnThread(ingestRunner);
            FragmentPublisher pub0 = new FragmentPublisher(aeron0, actor0, envs, steps, 67, 21);
            FragmentPublisher pub1 = new FragmentPublisher(aeron1, actor1, envs, steps, 67, 21);
            WeightsSubscriber sub0 = new WeightsSubscriber(aeron0, actor0, spec, new DropCounters("weights", aeron0::addCounter), actorControl::add);
            WeightsSubscriber sub1 = new WeightsSubscriber(aeron1, actor1, spec, new DropCounters("weights", aeron1::addCounter), m -> {});

            await(() -> pub0.isConnected() && pub1.isConnected() && sub0.isConnected() && sub1.isConnected()
                    && broadcaster.isConnected() && ingest.imageCount() == 2, ingest, sub0, sub1);

            // Weights: version 1 reaches both actors intact; then an assign control message.
            PolicyVersion w = new PolicyVersion(spec);
            w.version = 1;
            for (int i = 0; i < w.weights.length; i++) w.weights[i] = i * 1e-3f;
            w.obsMean[3] = 0.25;
            w.obsVar[3] = 4;
            w.obsCount = 99;
            broadcaster.broadcast(w, idle, TIMEOUT);
            broadcaster.sendControl(new ControlMessage.Assign(5L, 0, 123L, 3), idle, TIMEOUT);
            await(() -> sub0.latestVersion() == 1 && sub1.latestVersion() == 1 && !actorControl.isEmpty(), ingest, sub0, sub1);
            assertArrayEquals(w.weights, sub0.latest().weights);
            assertArrayEquals(w.obsMean, sub1.latest().obsMean);
            assertEquals(99, sub1.latest().obsCount);
            assertEquals(new ControlMessage.Assign(5L, 0, 123L, 3), actorControl.get(0));

            // Fragments: 10 good ones from each actor, interleaved with bad ones.
            TrajectoryFragment f = new TrajectoryFragment(envs, steps, 67, 21);
            f.specHash = spec.hash();
            UnsafeBuffer raw = new UnsafeBuffer(new byte[TrajectoryFragmentLayout.maxLength(envs, steps, 67, 21)]);
            TrajectoryFragmentEncoder enc = new TrajectoryFragmentEncoder();
            pub0.publishControl(new ControlMessage.Hello(5L, 6L, pub0.sessionId(), "h", 1, "Pendulum-v1", spec.hash(), envs, steps, -1), idle, TIMEOUT);
            for (int k = 0; k < 10; k++) {
                for (int a = 0; a < 2; a++) {
                    FragmentPublisher p = a == 0 ? pub0 : pub1;
                    f.actorId = a;
                    f.sequence = k;
                    f.policyVersion = 1;
                    f.observations[0] = a * 100 + k;
                    p.publish(f, idle, TIMEOUT);
                }
                // stale
                f.policyVersion = 0;
                pub0.publish(f, idle, TIMEOUT);
                // foreign spec
                f.policyVersion = 1;
                f.specHash = 42;
                pub1.publish(f, idle, TIMEOUT);
                f.specHash = spec.hash();
                // malformed: a good encoding with one flipped byte in the middle
                int len = enc.encode(f, raw, 0);
                raw.putByte(len / 2, (byte) (raw.getByte(len / 2) ^ 0x10));
                pub1.publishRaw(raw, 0, len, idle, TIMEOUT);
                // truncated
                len = enc.encode(f, raw, 0);
                pub0.publishRaw(raw, 0, len - 100, idle, TIMEOUT);
            }
            await(() -> received.size() == 20 && ingestDrops.total() == 40, ingest, sub0, sub1);
            // over UDP every message is followed by an empty tail marker (Offers.tailMarker): skipped, never a drop
            assertEquals(40, ingestDrops.total(), ingestDrops.snapshot().toString());
            assertEquals(10, ingestDrops.get(DecodeResult.STALE));
            assertEquals(10, ingestDrops.get(DecodeResult.FOREIGN_SPEC));
            assertEquals(10, ingestDrops.get(DecodeResult.BAD_CHECKSUM));
            assertEquals(10, ingestDrops.get(DecodeResult.LENGTH_MISMATCH));
            for (TrajectoryFragment g : received) {
                assertEquals(1, g.policyVersion);
                assertEquals(g.actorId * 100 + g.sequence, g.observations[0]);
            }
            assertEquals(1, learnerControl.size());
            assertInstanceOf(ControlMessage.Hello.class, learnerControl.get(0));

            // The next version arrives after the bad traffic as well.
            w.version = 2;
            broadcaster.broadcast(w, idle, TIMEOUT);
            await(() -> sub0.latestVersion() == 2 && sub1.latestVersion() == 2, ingest, sub0, sub1);
            assertEquals(0, sub0.drops().total());
            ingestRunner.close();
            broadcaster.close();
            pub0.close();
            pub1.close();
            sub0.close();
            sub1.close();
        }
    }

    private void await(BooleanSupplier done, FragmentIngest ingest, WeightsSubscriber s0, WeightsSubscriber s1) {
        long deadline = System.nanoTime() + TIMEOUT;
        idle.reset();
        while (!done.getAsBoolean()) {
            int work = s0.poll() + s1.poll();
            if (System.nanoTime() > deadline) fail("timed out; ingest drops " + ingest.drops().snapshot() + ", accepted " + ingest.fragmentsAccepted());
            idle.idle(work);
        }
    }
}
