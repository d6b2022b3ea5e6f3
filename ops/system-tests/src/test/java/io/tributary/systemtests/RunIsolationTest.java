package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.pipeline.IterationMetrics;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.transport.TransportConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs are isolated and every actor has one identity. A learner trains over UDP with three spawned actors; an actor
 * of another run (its own run id) is started by hand against the same ports: it is never assigned, takes none of this
 * run's weights, and exits when its learner timeout passes; this run drops its hellos as FOREIGN_RUN and finishes.
 * Each spawned actor's log file is that actor's ({@code actor-i.log} says "actor i"). A learner whose UDP port is
 * taken fails at once with one line naming the port.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RunIsolationTest {

    @TempDir
    Path tmp;

    static List<String> java(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ActorProcesses.jvmFlags());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    @Test
    void anotherRunsActorTakesNothingFromThisRunAndEachActorLogIsItsOwn() throws Exception {
        TransportConfig d = TransportConfig.defaults(TransportConfig.Mode.UDP);
        TransportConfig t = new TransportConfig(TransportConfig.Mode.UDP, tmp.resolve("aeron"), "127.0.0.1", PipelineEndToEndTest.freePort(),
                PipelineEndToEndTest.freePort(), "127.0.0.1", d.fragmentsStreamId(), d.weightsStreamId(), d.mtu(), d.socketBuffer());
        PipelineConfig cfg = PipelineEndToEndTest.config(t, tmp.resolve("run"), 3, 1, 64, 100_000);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineLearner learner = new PipelineLearner(cfg, new ActorProcesses(cfg), new PrintStream(log, true, StandardCharsets.UTF_8));
        CompletableFuture<List<IterationMetrics>> run = CompletableFuture.supplyAsync(() -> {
            try {
                return learner.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Path foreignLog = tmp.resolve("foreign-actor.log");
        Process foreign = null;
        int foreignExit;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (learner.history().size() < 2) {
                assertTrue(System.nanoTime() < deadline, "no progress:\n" + log);
                assertFalse(run.isDone(), "ended early:\n" + log);
                Thread.sleep(20);
            }
            String otherRun = io.tributary.protocol.RunId.hex(PipelineConfig.newRunId());
            foreign = new ProcessBuilder(java("io.tributary.actors.ActorMain", List.of("--env", "Pendulum-v1", "--envs", "1", "--steps", "64",
                    "--transport", "udp", "--learner-host", "127.0.0.1", "--actor-host", "127.0.0.1",
                    "--fragments-port", Integer.toString(t.fragmentsPort()), "--weights-port", Integer.toString(t.weightsPort()),
                    "--run-id", otherRun, "--learner-timeout-ms", "8000")))
                    .redirectErrorStream(true).redirectOutput(foreignLog.toFile()).start();
            assertTrue(foreign.waitFor(60, TimeUnit.SECONDS), "the other run's actor exits by its learner timeout");
            foreignExit = foreign.exitValue();
            assertFalse(run.isDone(), "this run is still training:\n" + log);
        } finally {
            if (foreign != null) foreign.destroyForcibly();
            learner.requestStop();
        }
        List<IterationMetrics> history = run.get(60, TimeUnit.SECONDS);
        String text = log.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        String foreignText = Files.readString(foreignLog);
        System.out.print(foreignText);
        assertTrue(history.size() >= 2, text);
        assertEquals(3, foreignExit, "learner lost: " + foreignText);
        assertTrue(foreignText.contains("newest received -1"), "it took none of this run's weights:\n" + foreignText);
        assertTrue(foreignText.contains("stopping: learner lost: no assignment from the learner"), foreignText);
        assertTrue(text.matches("(?s).*FOREIGN_RUN=\\d+.*"), "this run dropped the other run's hellos:\n" + text);
        assertFalse(text.contains("rejected actor"), "never considered for a slot:\n" + text);
        for (int i = 0; i < 3; i++) {
            String actorLog = Files.readString(cfg.runDir().resolve("actor-" + i + ".log"));
            assertTrue(actorLog.contains("actor " + i + ": assigned"), "actor-" + i + ".log is actor " + i + "'s:\n" + actorLog);
            assertTrue(actorLog.contains("run " + cfg.runIdHex()), actorLog);
        }
        assertTrue(text.contains("learner: run " + cfg.runIdHex()), text);
    }

    @Test
    void aTakenPortFailsTheLearnerAtOnceWithOneLineNamingIt() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            int port = taken.getLocalPort();
            Path out = tmp.resolve("learner.out");
            long start = System.nanoTime();
            Process p = new ProcessBuilder(java("io.tributary.ops.cli.Main", List.of("train", "--env", "Pendulum-v1", "--actors", "1",
                    "--envs-per-actor", "1", "--num-steps", "64", "--transport", "udp", "--fragments-port", Integer.toString(port),
                    "--weights-port", Integer.toString(PipelineEndToEndTest.freePort()), "--runs-dir", tmp.toString(), "--run-name", "taken")))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits");
            double seconds = (System.nanoTime() - start) / 1e9;
            List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.startsWith("WARNING")).toList();
            System.out.println(String.join("\n", lines) + "\n(" + seconds + " s)");
            assertEquals(1, p.exitValue());
            List<String> errors = lines.stream().filter(l -> l.contains("failed")).toList();
            assertEquals(1, errors.size(), String.join("\n", lines));
            assertTrue(errors.get(0).contains("127.0.0.1:" + port + " (--fragments-port) is not free"), errors.get(0));
            assertTrue(lines.size() <= 3, "no stack trace: " + lines.size() + " lines\n" + String.join("\n", lines));
            assertTrue(seconds < 15, "at once (JVM start included): " + seconds + " s");
        }
    }
}
