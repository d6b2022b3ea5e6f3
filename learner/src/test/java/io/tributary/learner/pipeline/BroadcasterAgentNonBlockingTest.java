package io.tributary.learner.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import io.aeron.Aeron;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.transport.WeightsBroadcaster;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.codec.DropCounters;
import io.tributary.protocol.control.ControlMessage;
import io.tributary.transport.AeronClients;
import io.tributary.transport.EmbeddedDriver;
import io.tributary.transport.TransportConfig;
import io.tributary.transport.WeightsSubscriber;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broadcaster's duty cycle never waits: with no actor on the weights stream a queued assign and a version stay
 * pending as state and each duty cycle returns at once; once an actor subscribes, the next duty cycles send them,
 * the assign first, and the broadcast is reported once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BroadcasterAgentNonBlockingTest {

    static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void cleanup() {
        testKit.shutdownTestKit();
    }

    @TempDir
    Path tmp;

    @Test
    void pendingMessagesAreStateAndGoOutOnceAnActorSubscribes() throws Exception {
        TransportConfig transport = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("driver"));
        CountersManager cm = new CountersManager(new UnsafeBuffer(new byte[1 << 16]), new UnsafeBuffer(new byte[1 << 14]));
        Hyperparameters hp = Hyperparameters.rpo("Pendulum-v1").with("num-envs", "4").with("num-steps", "8").with("num-minibatches", "2");
        PipelineConfig cfg = new PipelineConfig(hp, 2, 2, transport, Path.of("unused"), false, 1000, 1000, 1, 0.0);
        PolicySpec spec = hp.policySpec(3, 1);
        LearnerState st = new LearnerState(cfg, spec, new DropCounters("fragments", (type, label) -> cm.newCounter(label, type)),
                new LearnerCounters((type, label) -> cm.newCounter(label, type)));
        TestProbe<MetricsRecorder.Command> metrics = testKit.createTestProbe();
        try (EmbeddedDriver driver = EmbeddedDriver.launch(transport.aeronDir()); Aeron aeron = AeronClients.connect(transport.aeronDir())) {
            // a small chunk limit: the version goes out in several chunks
            BroadcasterAgent agent = new BroadcasterAgent(new WeightsBroadcaster(aeron, transport, spec, 1024), st, metrics.getRef());
            try {
                st.outbox.add(new ControlMessage.Assign(7, 0, 42, 9));
                PolicyVersion v0 = st.learner.snapshot();
                st.toBroadcast.set(v0);
                long slowestNs = 0;
                for (int i = 0; i < 20; i++) {
                    long t = System.nanoTime();
                    assertEquals(0, agent.doWork(), "nobody subscribes: nothing goes out");
                    slowestNs = Math.max(slowestNs, System.nanoTime() - t);
                }
                // one attempt per duty cycle: no offer loop (the blocking path sat out a 30 s deadline here)
                assertTrue(slowestNs < TimeUnit.MILLISECONDS.toNanos(50), "slowest duty cycle " + slowestNs / 1e6 + " ms");
                assertEquals(1, st.outbox.size(), "the assign is still queued");
                assertEquals(-1, st.broadcastVersionSent);

                List<ControlMessage> received = new ArrayList<>();
                try (WeightsSubscriber actor = new WeightsSubscriber(aeron, transport, spec,
                        new DropCounters("weights", (type, label) -> cm.newCounter(label, type)), received::add)) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (actor.latest() == null) {
                        assertTrue(System.nanoTime() < deadline, "the version never arrived; sent " + st.broadcastVersionSent);
                        agent.doWork();
                        actor.poll();
                    }
                    assertEquals(List.of(new ControlMessage.Assign(7, 0, 42, 9)), received, "the assign went out before the version");
                    assertEquals(0, actor.latest().version);
                    assertArrayEquals(v0.weights, actor.latest().weights);
                    assertEquals(0, st.broadcastVersionSent);
                    assertTrue(st.outbox.isEmpty());
                    MetricsRecorder.Broadcast b = metrics.expectMessageClass(MetricsRecorder.Broadcast.class, Duration.ofSeconds(5));
                    assertEquals(0, b.version());
                }
            } finally {
                agent.onClose();
            }
        }
    }
}
