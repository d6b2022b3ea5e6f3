package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An actor started by hand (no parent to watch, no {@code --run-id}: it takes the run of the learner that assigns
 * it) against a learner started with {@code --spawn false} over UDP. The learner is killed with SIGKILL (no hook,
 * no shutdown message): the actor exits by itself, code 3, within its {@code --learner-timeout-ms}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HandStartedActorTest {

    static final long LEARNER_TIMEOUT_MS = 6_000;

    @TempDir
    Path tmp;

    @Test
    void aHandStartedActorExitsWithinItsTimeoutWhenTheLearnerIsKilled() throws Exception {
        int fragmentsPort = PipelineEndToEndTest.freePort();
        int weightsPort = PipelineEndToEndTest.freePort();
        List<String> transport = List.of("--transport", "udp", "--learner-host", "127.0.0.1", "--actor-host", "127.0.0.1",
                "--fragments-port", Integer.toString(fragmentsPort), "--weights-port", Integer.toString(weightsPort));
        Path learnerOut = tmp.resolve("learner.out");
        Path actorOut = tmp.resolve("actor.out");
        List<String> train = new java.util.ArrayList<>(List.of("train", "--env", "Pendulum-v1", "--actors", "1", "--envs-per-actor", "2",
                "--num-steps", "64", "--iterations", "1000000", "--total-timesteps", "1000000000", "--num-minibatches", "4",
                "--update-epochs", "1", "--spawn", "false", "--runs-dir", tmp.toString(), "--run-name", "run"));
        train.addAll(transport);
        Process learner = new ProcessBuilder(RunIsolationTest.java("io.tributary.ops.cli.Main", train))
                .redirectErrorStream(true).redirectOutput(learnerOut.toFile()).start();
        List<String> actorArgs = new java.util.ArrayList<>(List.of("--env", "Pendulum-v1", "--envs", "2", "--steps", "64",
                "--learner-timeout-ms", Long.toString(LEARNER_TIMEOUT_MS)));
        actorArgs.addAll(transport);
        Process actor = null;
        Path aeronDir = Path.of(Files.exists(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty("java.io.tmpdir"),
                "tributary-" + System.getProperty("user.name") + "-learner-" + learner.pid());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(learnerOut).contains("waiting for 1 actors")) {
                assertTrue(learner.isAlive() && System.nanoTime() < deadline, "learner up:\n" + Files.readString(learnerOut));
                Thread.sleep(50);
            }
            actor = new ProcessBuilder(RunIsolationTest.java("io.tributary.actors.ActorMain", actorArgs))
                    .redirectErrorStream(true).redirectOutput(actorOut.toFile()).start();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(learnerOut).contains("iter 3 version")) {
                assertTrue(learner.isAlive() && actor.isAlive() && System.nanoTime() < deadline,
                        "training:\n" + Files.readString(learnerOut) + "\n" + Files.readString(actorOut));
                Thread.sleep(50);
            }
            learner.destroyForcibly(); // SIGKILL
            long killed = System.nanoTime();
            assertTrue(actor.waitFor(LEARNER_TIMEOUT_MS + 20_000, TimeUnit.MILLISECONDS), "the actor exits:\n" + Files.readString(actorOut));
            double seconds = (System.nanoTime() - killed) / 1e9;
            String text = Files.readString(actorOut);
            System.out.print(text);
            System.out.printf("actor exited %.1f s after the learner's SIGKILL (learner timeout %.1f s)%n", seconds, LEARNER_TIMEOUT_MS / 1e3);
            assertEquals(3, actor.exitValue(), text);
            assertTrue(text.contains("stopping: learner lost"), text);
            assertTrue(seconds <= LEARNER_TIMEOUT_MS / 1e3 + 3, "within its timeout (+3 s for the duty cycle and the exit): " + seconds + " s");
        } finally {
            learner.destroyForcibly();
            if (actor != null) actor.destroyForcibly();
            if (Files.exists(aeronDir)) {
                try (var files = Files.walk(aeronDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
