package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pekko Cluster membership, one JVM per process on loopback: a learner (the seed node, {@code --spawn false}, UDP)
 * and actors started by hand that join its cluster. Heartbeat silence is set far beyond the test (600 s), so only the
 * cluster's failure detector can tell the learner that a killed actor is gone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterMembershipTest {

    @TempDir
    Path tmp;

    static List<String> transport(int fragmentsPort, int weightsPort, int clusterPort) {
        return List.of("--transport", "udp", "--learner-host", "127.0.0.1", "--actor-host", "127.0.0.1",
                "--fragments-port", Integer.toString(fragmentsPort), "--weights-port", Integer.toString(weightsPort),
                "--cluster-port", Integer.toString(clusterPort));
    }

    static Process start(String main, List<String> args, Path log) throws Exception {
        return new ProcessBuilder(RunIsolationTest.java(main, args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void await(Path log, String text, int seconds, Process... alive) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.readString(log).contains(text)) {
            for (Process p : alive) assertTrue(p.isAlive(), "'" + text + "': a process ended:\n" + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' within " + seconds + " s:\n" + Files.readString(log));
            Thread.sleep(50);
        }
    }

    @Test
    void actorsJoinThroughTheClusterTrainAndAKilledActorIsLostByUnreachabilityAndReplaced() throws Exception {
        List<String> transport = transport(PipelineEndToEndTest.freePort(), PipelineEndToEndTest.freePort(), PipelineEndToEndTest.freePort());
        Path learnerOut = tmp.resolve("learner.out");
        List<String> train = new ArrayList<>(List.of("train", "--env", "Pendulum-v1", "--actors", "2", "--envs-per-actor", "2",
                "--num-steps", "64", "--iterations", "1000000", "--total-timesteps", "1000000000", "--num-minibatches", "4",
                "--update-epochs", "1", "--spawn", "false", "--heartbeat-timeout-s", "600", "--actor-grace-s", "600",
                "--runs-dir", tmp.toString(), "--run-name", "run"));
        train.addAll(transport);
        List<String> actorArgs = new ArrayList<>(List.of("--env", "Pendulum-v1", "--envs", "2", "--steps", "64", "--learner-timeout-ms", "30000"));
        actorArgs.addAll(transport);
        List<Process> all = new ArrayList<>();
        try {
            Process learner = start("io.tributary.ops.cli.Main", train, learnerOut);
            all.add(learner);
            await(learnerOut, "cluster seed node", 30, learner);
            Process a0 = start("io.tributary.actors.ActorMain", actorArgs, tmp.resolve("actor-a.out"));
            Process a1 = start("io.tributary.actors.ActorMain", actorArgs, tmp.resolve("actor-b.out"));
            all.add(a0);
            all.add(a1);
            await(learnerOut, "iter 3 version", 60, learner, a0, a1);
            // the receptionist's listing can trail the training on a fast machine
            await(learnerOut, "2 actor(s) registered with the receptionist", 30, learner, a0, a1);
            String log = Files.readString(learnerOut);
            assertEquals(2, count(log, " is up (instance "), "two actor nodes up:\n" + log);
            assertTrue(log.contains("2 actor(s) registered with the receptionist"), log);

            a0.destroyForcibly(); // kill -9: no goodbye, no leave
            long killed = System.nanoTime();
            await(learnerOut, "(cluster: node ", 20, learner);
            double seconds = (System.nanoTime() - killed) / 1e9;
            log = Files.readString(learnerOut);
            assertTrue(log.matches("(?s).*learner: actor \\d lost \\(cluster: node pekko://tributary@127\\.0\\.0\\.1:\\d+ unreachable\\).*"), log);
            System.out.printf("the learner counted the killed actor lost %.1f s after its SIGKILL%n", seconds);

            Process a2 = start("io.tributary.actors.ActorMain", actorArgs, tmp.resolve("actor-c.out"));
            all.add(a2);
            await(learnerOut, "takes over the slot of lost actor", 40, learner, a1, a2);
            int itersBefore = count(Files.readString(learnerOut), " version ");
            await(learnerOut, "removed (downed)", 30, learner, a1, a2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (count(Files.readString(learnerOut), " version ") < itersBefore + 3) {
                assertTrue(System.nanoTime() < deadline && learner.isAlive(), "trains on with the replacement:\n" + Files.readString(learnerOut));
                Thread.sleep(50);
            }
            System.out.print(Files.readString(learnerOut).lines().filter(l -> l.contains("cluster") || l.contains("lost") || l.contains("takes over"))
                    .reduce("", (x, y) -> x + y + "\n"));
        } finally {
            for (Process p : all) p.destroyForcibly();
        }
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
