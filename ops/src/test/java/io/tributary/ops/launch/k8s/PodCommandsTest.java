package io.tributary.ops.launch.k8s;

import static io.tributary.ops.launch.k8s.K8sLaunch.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.ops.launch.ActorProcesses;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pods' commands, run on this host as the kubelet would run them: the learner Job's container command (the start
 * script, with the Service's name resolving to this host, which is what the headless Service's DNS record does for the
 * learner's pod) and the actor Deployment's arguments ({@code $(POD_IP)} expanded, as Kubernetes does), each process
 * restarted when it exits as the Job and the Deployment would. The job trains over UDP with mutual TLS; a learner
 * stopped mid-run (SIGTERM, as a deleted or evicted pod gets) exits non-zero, so the Job restarts it, and its command
 * then resumes the run from the checkpoint it wrote. A run directory left by a start that had no checkpoint yet is
 * moved aside. Nothing here needs a cluster; what this does not cover is the cluster's side (DNS, scheduling, volumes).
 */
class PodCommandsTest {

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) p.destroyForcibly();
        for (Process p : started) p.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(240)
    void theLearnerJobsCommandTrainsWithTheDeploymentsActorsAndResumesFromItsCheckpointAfterASigterm() throws Exception {
        int clusterPort;
        int fragmentsPort;
        int weightsPort;
        try (ServerSocket tcp = new ServerSocket(0); DatagramSocket u1 = new DatagramSocket(0); DatagramSocket u2 = new DatagramSocket(0)) {
            clusterPort = tcp.getLocalPort();
            fragmentsPort = u1.getLocalPort();
            weightsPort = u2.getLocalPort();
        }
        assertEquals(0, K8sLaunch.tributary(dir, "keys", "--out", dir.resolve("keys").toString()).code());
        K8sLaunch.Result r = K8sLaunch.launch(dir, "pods", """
                train { env = Pendulum-v1, total-timesteps = 16384, num-steps = 256, checkpoint-every = 0 }
                placement {
                  actors = 2, envs-per-actor = 4, cluster-port = %d, fragments-port = %d, weights-port = %d
                  credentials = "%s", runs-dir = "%s", run-name = pods-run, learner-heap = 1g, actor-heap = 256m
                }
                """.formatted(clusterPort, fragmentsPort, weightsPort, dir.resolve("keys"), dir.resolve("runs")));
        assertEquals(0, r.code(), r.out() + r.err());
        String service = at(r.one("Service"), "metadata", "name");
        Map<String, Object> learner = at(r.one("Job"), "spec", "template", "spec", "containers", 0);
        Map<String, Object> actor = at(r.one("Deployment"), "spec", "template", "spec", "containers", 0);
        List<String> learnerCommand = resolve(at(learner, "command"), service);
        Path bin = tributaryCommand();
        // the image's entrypoint, then the container's args
        List<String> actorCommand = new ArrayList<>(List.of(bin.resolve("tributary").toString()));
        actorCommand.addAll(resolve(at(actor, "args"), service));
        Path runDir = dir.resolve("runs/pods-run");
        assertEquals(runDir.toString(), env(learner).get("RUN_DIR"));

        // a start that died before its first checkpoint left this behind
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("stdout-of-a-lost-start.log"), "x");

        Process first = start(learnerCommand, env(learner), bin, dir.resolve("learner-1.log"));
        Actors actors = new Actors(actorCommand, env(actor), bin);
        Path metrics = runDir.resolve("metrics.csv");
        while (rows(metrics) < 3) {
            assertTrue(first.isAlive(), "the learner exited early: " + Files.readString(dir.resolve("learner-1.log")));
            actors.keepRunning();
            Thread.sleep(200);
        }
        first.destroy(); // SIGTERM, as the kubelet sends when the pod is deleted
        assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the learner did not stop on SIGTERM");
        String log1 = Files.readString(dir.resolve("learner-1.log"));
        assertNotEquals(0, first.exitValue(), "a learner stopped mid-run must not look finished to the Job:\n" + log1);
        assertTrue(log1.contains("has no checkpoint: moving it to " + runDir + ".before-"), log1);
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("pods-run.before-")
                    && Files.exists(p.resolve("stdout-of-a-lost-start.log"))), "the lost start's directory was not kept aside");
        }
        try (Stream<Path> s = Files.list(runDir)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().matches("checkpoint-\\d+\\.bin")), "no checkpoint after SIGTERM:\n" + log1);
        }

        Process second = start(learnerCommand, env(learner), bin, dir.resolve("learner-2.log"));
        while (second.isAlive()) {
            actors.keepRunning();
            Thread.sleep(200);
        }
        String log2 = Files.readString(dir.resolve("learner-2.log"));
        assertEquals(0, second.exitValue(), log2);
        assertTrue(log2.contains("learner-start: " + runDir + " has a checkpoint: resuming"), log2);
        assertTrue(log2.contains("train: resuming " + runDir), log2);
        assertEquals(8, rows(metrics), "8 iterations of 2048 steps in all:\n" + Files.readString(metrics));
        assertTrue(actors.starts >= 2, "actors started: " + actors.starts);
    }

    /** The Deployment's actors: each restarted when it exits, as its ReplicaSet would. */
    private final class Actors {
        final List<String> command;
        final Map<String, String> env;
        final Path bin;
        final Process[] running = new Process[2];
        int starts;

        Actors(List<String> command, Map<String, String> env, Path bin) throws IOException {
            this.command = command;
            this.env = env;
            this.bin = bin;
            keepRunning();
        }

        void keepRunning() throws IOException {
            for (int i = 0; i < running.length; i++) {
                if (running[i] == null || !running[i].isAlive()) {
                    running[i] = start(command, env, bin, dir.resolve("actor-" + i + ".log"));
                    starts++;
                }
            }
        }
    }

    /** The Service's name resolves to this host's loopback address (the DNS record's part); $(POD_IP) is this host too. */
    private static List<String> resolve(List<String> words, String service) {
        return words.stream().map(w -> w.equals(service) ? "127.0.0.1" : w.replace("$(POD_IP)", "127.0.0.1")).toList();
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        for (Map<String, Object> e : K8sLaunch.<List<Map<String, Object>>>at(container, "env")) {
            // the downward API's status.podIP: this host
            env.put((String) e.get("name"), e.containsKey("value") ? (String) e.get("value") : "127.0.0.1");
        }
        env.put("LEARNER_HOST", "127.0.0.1");
        return env;
    }

    private Process start(List<String> command, Map<String, String> env, Path bin, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The image's {@code tributary} (bin/tributary of the bundle): this JVM's java and classpath, the project's flags. */
    private Path tributaryCommand() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("tributary");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/bash\nexport OMP_NUM_THREADS=1\nexec '" + java + "' " + String.join(" ", ActorProcesses.jvmFlags())
                + " ${TRIBUTARY_JAVA_OPTS:-} -cp '" + System.getProperty("java.class.path") + "' io.tributary.ops.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private static long rows(Path metrics) throws IOException {
        if (!Files.exists(metrics)) return 0;
        try (Stream<String> lines = Files.lines(metrics)) {
            return Math.max(0, lines.count() - 1);
        }
    }
}
