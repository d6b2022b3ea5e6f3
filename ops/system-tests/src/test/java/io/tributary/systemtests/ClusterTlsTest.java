package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.transport.cluster.ClusterKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cluster-tls}: Artery tls-tcp with mutual authentication. Two credential sets from two CAs; the learner
 * uses set A. An actor holding set B cannot join (its handshake fails; its Aeron hellos are refused as not from a
 * cluster member, counted and logged); an actor holding set A joins and the run trains to its end.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS) // keytool writes two key directories first: 10-60 s
class ClusterTlsTest {

    @TempDir
    Path tmp;

    @Test
    void anActorWhoseKeyTheCaDidNotSignIsRefusedAndCountedByTheLearnerAndOneWithTheRightKeyTrains() throws Exception {
        Path keysA = tmp.resolve("keys-a");
        Path keysB = tmp.resolve("keys-b");
        var b = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                ClusterKeys.generate(keysB, 2);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        ClusterKeys.generate(keysA, 2);
        b.join();
        List<String> transport = ClusterMembershipTest.transport(PipelineEndToEndTest.freePort(), PipelineEndToEndTest.freePort(),
                PipelineEndToEndTest.freePort());
        Path learnerOut = tmp.resolve("learner.out");
        List<String> train = new ArrayList<>(List.of("train", "--env", "Pendulum-v1", "--actors", "1", "--envs-per-actor", "2",
                "--num-steps", "64", "--iterations", "3", "--total-timesteps", "1000000000", "--num-minibatches", "4",
                "--update-epochs", "1", "--spawn", "false", "--runs-dir", tmp.toString(), "--run-name", "run",
                "--cluster-tls", keysA.toString()));
        train.addAll(transport);
        List<String> actorArgs = new ArrayList<>(List.of("--env", "Pendulum-v1", "--envs", "2", "--steps", "64", "--learner-timeout-ms", "60000"));
        actorArgs.addAll(transport);
        // the intruder knows the CA's certificate (the truststore holds nothing secret) but has no key pair the CA signed:
        // its own (keys B's) and A's truststore, stored under B's password
        Path intruderKeys = Files.createDirectories(tmp.resolve("keys-intruder"));
        Files.copy(keysB.resolve("actor.p12"), intruderKeys.resolve("actor.p12"));
        Files.copy(keysB.resolve(ClusterKeys.PASSWORD), intruderKeys.resolve(ClusterKeys.PASSWORD));
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keysA.resolve(ClusterKeys.TRUSTSTORE))) {
            trust.load(in, ClusterKeys.password(keysA).toCharArray());
        }
        try (var out = Files.newOutputStream(intruderKeys.resolve(ClusterKeys.TRUSTSTORE))) {
            trust.store(out, ClusterKeys.password(keysB).toCharArray());
        }
        List<String> wrong = new ArrayList<>(actorArgs);
        wrong.addAll(List.of("--cluster-tls", intruderKeys.toString()));
        List<String> right = new ArrayList<>(actorArgs);
        right.addAll(List.of("--cluster-tls", keysA.toString()));
        List<Process> all = new ArrayList<>();
        try {
            Process learner = ClusterMembershipTest.start("io.tributary.ops.cli.Main", train, learnerOut);
            all.add(learner);
            ClusterMembershipTest.await(learnerOut, "over Artery tls-tcp", 30, learner);
            Path wrongOut = tmp.resolve("actor-wrong.out");
            Process intruder = ClusterMembershipTest.start("io.tributary.actors.ActorMain", wrong, wrongOut);
            all.add(intruder);
            // refused on both sides: the learner counts and logs the certificate it did not trust
            ClusterMembershipTest.await(learnerOut, "cluster: refused a connecting node's certificate", 40, learner, intruder);
            ClusterMembershipTest.await(wrongOut, "SSLHandshakeException", 20, intruder);
            String log = Files.readString(learnerOut);
            assertFalse(log.contains(" is up (instance "), "no node joined:\n" + log);
            assertFalse(log.matches("(?s).*learner: actor \\d is .*"), "nobody assigned:\n" + log);

            Process good = ClusterMembershipTest.start("io.tributary.actors.ActorMain", right, tmp.resolve("actor-right.out"));
            all.add(good);
            assertTrue(learner.waitFor(60, TimeUnit.SECONDS), "the run ends:\n" + Files.readString(learnerOut));
            log = Files.readString(learnerOut);
            assertEquals(0, learner.exitValue(), log);
            assertEquals(1, ClusterMembershipTest.count(log, " is up (instance "), "exactly one node joined:\n" + log);
            assertTrue(log.contains("iter 3 version 3"), log);
            assertTrue(log.contains("pid " + good.pid() + " (session"), "the assigned actor is the one with the right key:\n" + log);
            assertTrue(log.matches("(?s).*learner: cluster: node certificates refused [1-9].*"), "the refusals are counted:\n" + log);
            System.out.print(log.lines().filter(l -> l.contains("cluster") || l.contains("refused")).reduce("", (x, y) -> x + y + "\n"));
            System.out.print(Files.readString(wrongOut).lines().filter(l -> l.contains("SSLHandshake")).findFirst().orElse("") + "\n");
        } finally {
            for (Process p : all) p.destroyForcibly();
        }
    }
}
