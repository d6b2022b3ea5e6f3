package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.pipeline.IterationMetrics;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import io.aeron.Aeron;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.transport.FragmentPublisher;
import io.tributary.transport.TransportConfig;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.codec.TrajectoryFragmentEncoder;
import io.tributary.protocol.codec.TrajectoryFragmentLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a learner trains with one real actor process, a rogue publisher on the same IPC stream sends malformed
 * (bit-flipped, truncated), stale-version (claiming actor 0 from its own session: FOREIGN_SESSION) and foreign-spec
 * fragments. Every one is counted and dropped; training
 * finishes all its iterations with only the real actor's current-version fragments.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DropsDuringTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void malformedStaleAndForeignFragmentsAreCountedAndTrainingContinues() throws Exception {
        TransportConfig transport = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron"));
        int iterations = 4;
        PipelineConfig cfg = PipelineEndToEndTest.config(transport, tmp.resolve("run"), 1, 2, 128, iterations);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineLearner learner = new PipelineLearner(cfg, new ActorProcesses(cfg), new PrintStream(log, true, StandardCharsets.UTF_8));
        PolicySpec spec = learner.spec();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Thread rogue = new Thread(() -> {
            // wait for the learner's driver
            while (running.get() && !Files.exists(transport.aeronDir().resolve("cnc.dat"))) Thread.onSpinWait();
            try (Aeron aeron = io.tributary.transport.AeronClients.connect(transport.aeronDir());
                    FragmentPublisher pub = new FragmentPublisher(aeron, transport, 2, 128, spec.observationDim(), spec.actionDim())) {
                pub.runId(cfg.runId()); // this run's: the checks below the run id are what this test is about
                TrajectoryFragment f = new TrajectoryFragment(2, 128, spec.observationDim(), spec.actionDim());
                f.actorId = 0;
                UnsafeBuffer raw = new UnsafeBuffer(new byte[TrajectoryFragmentLayout.maxLength(2, 128, spec.observationDim(), spec.actionDim())]);
                TrajectoryFragmentEncoder enc = new TrajectoryFragmentEncoder();
                enc.runId(cfg.runId());
                YieldingIdleStrategy idle = new YieldingIdleStrategy();
                long timeout = TimeUnit.SECONDS.toNanos(5);
                // an actor built for another network asks to join: refused by name, never assigned
                while (running.get() && !pub.isConnected()) Thread.onSpinWait();
                pub.publishControl(new io.tributary.protocol.control.ControlMessage.Hello(99L, 1L, pub.sessionId(), "rogue-host", 4242, "Pendulum-v1", 12345L, 2, 128, -1),
                        idle, timeout);
                int k = 0;
                while (running.get()) {
                    f.specHash = spec.hash();
                    f.policyVersion = 1_000_000; // stale: never the current version
                    f.observations[0] = k;
                    switch (k++ % 4) {
                        case 0 -> pub.publish(f, idle, timeout);
                        case 1 -> {
                            f.specHash = 12345; // foreign spec, current-looking version
                            f.policyVersion = 0;
                            pub.publish(f, idle, timeout);
                        }
                        case 2 -> {
                            int len = enc.encode(f, raw, 0);
                            raw.putByte(len / 3, (byte) ~raw.getByte(len / 3));
                            pub.publishRaw(raw, 0, len, idle, timeout);
                        }
                        default -> {
                            int len = enc.encode(f, raw, 0);
                            pub.publishRaw(raw, 0, len / 2, idle, timeout);
                        }
                    }
                    sent.incrementAndGet();
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                if (running.get()) e.printStackTrace();
            }
        }, "rogue-publisher");
        rogue.start();
        List<IterationMetrics> history;
        try {
            history = learner.run();
        } finally {
            running.set(false);
            rogue.join(10_000);
            System.out.print(log.toString(StandardCharsets.UTF_8));
        }
        assertEquals(iterations, history.size(), "training finished despite the garbage");
        long dropped = history.get(history.size() - 1).fragmentsDropped();
        assertTrue(sent.get() >= 8, "the rogue sent " + sent.get());
        assertTrue(dropped >= 4, "drops counted: " + dropped);
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("rejected actor rogue-host pid 4242: spec hash"), text);
        // its stale-version fragments claim actor 0 from another session: refused on the session before the version
        for (String reason : new String[] {"FOREIGN_SESSION", "FOREIGN_SPEC", "BAD_CHECKSUM", "LENGTH_MISMATCH"}) {
            assertTrue(text.contains(reason), "the final log line names " + reason + ":\n" + text);
        }
    }
}
