package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.pipeline.FinalWeights;
import io.tributary.learner.pipeline.IterationMetrics;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.transport.TransportConfig;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.protocol.PolicyVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner (this JVM) and two actor JVMs it spawns train Pendulum-v1 for a few iterations over a real media driver:
 * IPC on one driver, and UDP on loopback with a driver per actor. Checks the synchronous protocol end to end:
 * versions go up by one, every actor collects with every version and receives the last one, each batch holds only
 * current-version fragments (the learner refuses anything else), nothing is dropped, the run directory is complete,
 * the driver's files are gone and no actor process is left.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PipelineEndToEndTest {

    static final int ITERATIONS = 4;

    @TempDir
    Path tmp;

    static PipelineConfig config(TransportConfig transport, Path runDir, int actors, int envs, int steps, int iterations) {
        Hyperparameters hp = Hyperparameters.rpo("Pendulum-v1")
                .with("num-envs", Integer.toString(actors * envs))
                .with("num-steps", Integer.toString(steps))
                .with("num-minibatches", "4")
                .with("update-epochs", "2")
                .with("total-timesteps", Integer.toString(actors * envs * steps * iterations));
        return new PipelineConfig(hp, actors, envs, transport, runDir, true, 60_000, 60_000, iterations, 0.0);
    }

    @Test
    void ipc() throws Exception {
        TransportConfig t = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron"));
        runAndCheck(t);
    }

    @Test
    void udpLoopback() throws Exception {
        TransportConfig d = TransportConfig.defaults(TransportConfig.Mode.UDP);
        TransportConfig t = new TransportConfig(TransportConfig.Mode.UDP, tmp.resolve("aeron"), "127.0.0.1", freePort(), freePort(),
                "127.0.0.1", d.fragmentsStreamId(), d.weightsStreamId(), d.mtu(), d.socketBuffer());
        runAndCheck(t);
    }

    @Test
    void oneActorWithTwoRolloutThreads() throws Exception {
        TransportConfig t = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron"));
        PipelineConfig base = config(t, tmp.resolve("run"), 1, 4, 64, 3);
        PipelineConfig cfg = new PipelineConfig(base.hp(), 1, 4, t, base.runDir(), true, 60_000, 60_000, 3, 0.0, 2);
        List<IterationMetrics> h = new PipelineLearner(cfg, new ActorProcesses(cfg), System.out).run();
        assertEquals(3, h.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, h.get(i).version());
            assertEquals(0, h.get(i).fragmentsDropped());
        }
        String actorLog = Files.readString(base.runDir().resolve("actor-0.log"));
        assertTrue(actorLog.contains("4 x Pendulum-v1 on 2 thread(s)"), actorLog);
        assertTrue(actorLog.contains("0 versions skipped"), actorLog);
    }

    static int freePort() throws Exception {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void runAndCheck(TransportConfig transport) throws Exception {
        Path runDir = tmp.resolve("run");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        PipelineConfig cfg = config(transport, runDir, 2, 2, 128, ITERATIONS);
        PipelineLearner learner = new PipelineLearner(cfg, new ActorProcesses(cfg), out);
        List<IterationMetrics> history;
        try {
            history = learner.run();
        } finally {
            System.out.print(log.toString(StandardCharsets.UTF_8));
        }
        assertEquals(ITERATIONS, history.size());
        for (int i = 0; i < ITERATIONS; i++) {
            IterationMetrics m = history.get(i);
            assertEquals(i + 1, m.iteration());
            assertEquals(i + 1, m.version(), "versions increase by one");
            assertEquals((i + 1) * 2L * 2 * 128, m.envSteps());
            assertEquals(0, m.fragmentsDropped());
            assertTrue(Double.isFinite(m.metric("losses/policy_loss")) && Double.isFinite(m.metric("losses/value_loss")));
        }
        // Every actor collected with versions 0..ITERATIONS-1 without a gap and received the final version.
        for (int a = 0; a < 2; a++) {
            String actorLog = Files.readString(runDir.resolve("actor-" + a + ".log"));
            Matcher m = Pattern.compile("collected versions (\\d+)\\.\\.(\\d+) \\((\\d+) fragments published, (\\d+) versions skipped\\), newest received (\\d+)")
                    .matcher(actorLog);
            assertTrue(m.find(), "actor " + a + " reports its versions:\n" + actorLog);
            assertEquals(0, Long.parseLong(m.group(1)));
            long last = Long.parseLong(m.group(2));
            // the final version may be used for one more fragment before the shutdown message arrives
            assertTrue(last == ITERATIONS - 1 || last == ITERATIONS, "last version collected with: " + last);
            // fragments published: one per version 0..ITERATIONS-1 (the learner needed each), plus the final version's
            // when it went out before the shutdown arrived
            long published = Long.parseLong(m.group(3));
            assertTrue(published == ITERATIONS || published == ITERATIONS + 1 && last == ITERATIONS, "published " + published);
            assertEquals(0, Long.parseLong(m.group(4)));
            assertEquals(ITERATIONS, Long.parseLong(m.group(5)));
            assertTrue(actorLog.contains("stopping: learner: training finished"), actorLog);
        }
        // The run directory: resolved config, one CSV row per iteration, final weights readable by the codec.
        assertTrue(Files.readString(runDir.resolve("config.properties")).contains("transport=" + transport.mode().name().toLowerCase()));
        assertEquals(ITERATIONS + 1, Files.readAllLines(runDir.resolve("metrics.csv")).size());
        PolicyVersion w = FinalWeights.read(runDir.resolve("final-weights.bin"), learner.spec());
        assertEquals(ITERATIONS, w.version);
        assertTrue(w.obsCount > 2 * 2 * 128 * (ITERATIONS - 1), "observation statistics merged from the actors: " + w.obsCount);
        assertFalse(Files.exists(transport.aeronDir()), "the media driver removed its directory");
        assertEquals(2, learner.actorProcesses().size());
        assertEquals(0, learner.actorProcesses().stream().filter(ProcessHandle::isAlive).count(), "no actor process is left");
    }
}
