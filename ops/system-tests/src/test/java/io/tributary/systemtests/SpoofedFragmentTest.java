package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.aeron.Aeron;
import io.tributary.learner.pipeline.IterationMetrics;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.transport.AeronClients;
import io.tributary.transport.FragmentPublisher;
import io.tributary.transport.TransportConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aeron's data plane does not authenticate: any publication on the fragments stream can claim any actor id. A second
 * publication sends well-formed fragments of the current version, right spec and shape, claiming to be actor 0 (each
 * with a finished episode of return +12345, which no Pendulum episode reaches), stamped with the run's id (which any
 * listener on the wire can read). The learner binds actor 0 to the
 * session of its own publication, so every spoof is dropped and counted as FOREIGN_SESSION and none reaches a batch.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpoofedFragmentTest {

    @TempDir
    Path tmp;

    @Test
    void fragmentsFromAnotherSessionClaimingAnAssignedActorAreDroppedAndCounted() throws Exception {
        TransportConfig t = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron"));
        int iterations = 8;
        PipelineConfig cfg = PipelineEndToEndTest.config(t, tmp.resolve("run"), 1, 2, 128, iterations);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineLearner learner = new PipelineLearner(cfg, new ActorProcesses(cfg), new PrintStream(log, true, StandardCharsets.UTF_8));
        PolicySpec spec = learner.spec();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Thread spoofer = new Thread(() -> {
            while (running.get() && !Files.exists(t.aeronDir().resolve("cnc.dat"))) Thread.onSpinWait();
            try (Aeron aeron = AeronClients.connect(t.aeronDir());
                    FragmentPublisher pub = new FragmentPublisher(aeron, t, 2, 128, spec.observationDim(), spec.actionDim())) {
                pub.runId(cfg.runId()); // the worst case: the spoofer knows the run id (it travels in clear)
                TrajectoryFragment f = new TrajectoryFragment(2, 128, spec.observationDim(), spec.actionDim());
                f.specHash = spec.hash();
                f.actorId = 0;
                f.episodeCount = 1;
                f.episodeReturns[0] = 12345;
                f.episodeLengths[0] = 1;
                YieldingIdleStrategy idle = new YieldingIdleStrategy();
                while (running.get()) {
                    f.policyVersion = learner.history().size(); // the version the learner is collecting now
                    if (pub.isConnected()) {
                        pub.publish(f, idle, TimeUnit.SECONDS.toNanos(5));
                        sent.incrementAndGet();
                    }
                    Thread.sleep(1);
                }
            } catch (Exception e) {
                if (running.get()) e.printStackTrace();
            }
        }, "spoofer");
        spoofer.start();
        List<IterationMetrics> history;
        try {
            history = learner.run();
        } finally {
            running.set(false);
            spoofer.join(10_000);
            System.out.print(log.toString(StandardCharsets.UTF_8));
        }
        assertEquals(iterations, history.size());
        assertTrue(sent.get() >= iterations, "spoofs sent: " + sent.get());
        for (IterationMetrics m : history) {
            assertFalse(m.meanEpisodicReturn() > 0, "a spoofed episode reached the batch of version " + (m.version() - 1) + ": " + m.meanEpisodicReturn());
        }
        Matcher m = Pattern.compile("FOREIGN_SESSION=(\\d+)").matcher(log.toString(StandardCharsets.UTF_8));
        assertTrue(m.find(), "the drops name FOREIGN_SESSION:\n" + log);
        System.out.println("spoofs sent " + sent.get() + ", dropped as FOREIGN_SESSION " + m.group(1));
        assertTrue(Long.parseLong(m.group(1)) >= iterations, m.group(1));
    }
}
