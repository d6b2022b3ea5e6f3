package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary launch --on ssh} for real: three hosts (network namespaces, ops/lib/netns.sh), each with its own
 * OpenSSH server ({@link SshServers}); the launcher runs on the learner's host with a hosts file naming the three, and
 * starts the learner and two actors over ssh with the system's client. Needs root, ip, nft and openssh-server; skips,
 * saying why, without them.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@org.junit.jupiter.api.Tag("hosts") // root and SSH servers in network namespaces: ops/test-hosts runs it (from .ci/run), not ops/test
class SshLaunchTest {

    @TempDir
    Path tmp;

    /** A launcher in the learner's host, in {@code tmp} (the working directory the remote processes get too). */
    private Process launch(NetnsHosts hosts, Path out, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("launch", "--on", "ssh"));
        argv.addAll(List.of(args));
        return new ProcessBuilder(NetnsHosts.in(hosts.learnerNamespace(), RunIsolationTest.java("io.tributary.ops.cli.Main", argv)))
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
    }

    private Path hostsFile(NetnsHosts hosts) throws Exception {
        Path f = tmp.resolve("hosts");
        Files.writeString(f, "# the learner's host first\nroot@" + hosts.learnerAddress() + "\n\nroot@" + hosts.actorAddress(1)
                + "   # actors\nroot@" + hosts.actorAddress(2) + ":22\n");
        return f;
    }

    private Path job(String runName, int totalTimesteps) throws Exception {
        Path f = tmp.resolve(runName + ".conf");
        Files.writeString(f, "train { env = Pendulum-v1, total-timesteps = " + totalTimesteps + ", num-steps = 256 }\n"
                + "placement { actors = 2, envs-per-actor = 4, runs-dir = runs, run-name = " + runName + ", learner-heap = 1g, actor-heap = 512m }\n");
        return f;
    }

    private static List<String> namespaces(NetnsHosts hosts) {
        return List.of(hosts.learnerNamespace(), hosts.actorNamespace(1), hosts.actorNamespace(2));
    }

    /** What runs on the hosts besides their ssh servers' listeners, once it has all gone or after {@code seconds}. */
    private static List<String> leftOver(NetnsHosts hosts, SshServers ssh, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<String> left;
        while (!(left = NamespaceProcesses.in(namespaces(hosts), new HashSet<>(ssh.daemonPids()))).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return left;
    }

    private static List<String> javas(List<String> processes) {
        return processes.stream().filter(p -> p.matches("\\d+ \\S*java .*")).toList();
    }

    @Test
    void aJobLaunchedOverSshTrainsToTheEndWithItsActorsOnTheOtherHostsAndLeavesNoProcessOnAnyHost() throws Exception {
        try (NetnsHosts hosts = NetnsHosts.create("sl", 71, 2); SshServers ssh = SshServers.start(hosts, 2, tmp.resolve("ssh"))) {
            Path out = tmp.resolve("launch.out");
            long t0 = System.nanoTime();
            Process launcher = launch(hosts, out, "--job", job("pendulum", 16384).toString(), "--hosts", hostsFile(hosts).toString(),
                    "--ssh-config", ssh.config().toString());
            try {
                assertTrue(launcher.waitFor(180, TimeUnit.SECONDS), "the job ends:\n" + Files.readString(out));
            } finally {
                launcher.destroyForcibly();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // every remote process has ended with its ssh session, which the launcher waited for
            List<String> atExit = NamespaceProcesses.in(namespaces(hosts), new HashSet<>(ssh.daemonPids()));
            String console = Files.readString(out);
            assertEquals(0, launcher.exitValue(), console);
            Path run = tmp.resolve("runs/pendulum");
            String learnerLog = Files.readString(run.resolve("learner.log"));
            assertTrue(learnerLog.contains("learner: training finished; 16384 env steps"), learnerLog);
            for (int i = 0; i < 2; i++) {
                String address = hosts.actorAddress(i + 1);
                String actorLog = Files.readString(run.resolve("actor-" + i + ".log"));
                assertTrue(actorLog.contains("actor: cluster: up as pekko://tributary@" + address + ":"), "actor " + i + " ran on " + address + ":\n" + actorLog);
                assertTrue(actorLog.contains("stopping: learner: training finished"), actorLog);
                assertTrue(java.util.regex.Pattern.compile("cluster: actor node pekko://tributary@" + java.util.regex.Pattern.quote(address)
                        + ":\\d+ \\(actor " + i + "\\)").matcher(learnerLog).find(), "actor-" + i + ".log is the learner's actor " + i + ":\n" + learnerLog);
                assertTrue(console.contains("launch: ssh: actor " + i + " on root@" + address + (i == 1 ? ":22" : "") + ", log runs/pendulum/actor-" + i + ".log"),
                        console);
            }
            assertTrue(console.contains("learner on root@" + hosts.learnerAddress() + ", 2 actor(s) on root@" + hosts.actorAddress(1) + " (1), root@"
                    + hosts.actorAddress(2) + ":22 (1); run directory runs/pendulum"), console);
            assertTrue(console.contains("launch: ssh: the learner on root@" + hosts.learnerAddress() + " exited with 0"), console);
            assertTrue(Files.exists(run.resolve("checkpoint-00000008.bin")), "the learner's own files, on its host (this file system)");
            assertEquals(List.of(), javas(atExit), "no tributary JVM on any host when the launcher returns");
            assertEquals(List.of(), leftOver(hosts, ssh, 5), "no process at all on any host but its sshd, 5 s later");
            System.out.printf("launch --on ssh: a 16384-step Pendulum job on 3 hosts took %.1f s from the launcher's start to its exit%n", seconds);
        }
    }

    @Test
    void aSigtermToTheLauncherStopsEveryRemoteProcessWithinSecondsAndTheRunResumesToTheEnd() throws Exception {
        try (NetnsHosts hosts = NetnsHosts.create("sr", 72, 2); SshServers ssh = SshServers.start(hosts, 2, tmp.resolve("ssh"))) {
            Path out = tmp.resolve("launch.out");
            Path job = job("interrupted", 81920); // 40 iterations of 2 x 4 x 256 steps
            String[] common = {"--job", job.toString(), "--hosts", hostsFile(hosts).toString(), "--ssh-config", ssh.configWithoutIdentity().toString(),
                    "--identity", ssh.identity().toString()};
            Process launcher = launch(hosts, out, common);
            Path learnerLog = tmp.resolve("runs/interrupted/learner.log");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
                while (!Files.exists(learnerLog) || AcrossNetworkNamespacesTest.lastIteration(Files.readString(learnerLog)) < 3) {
                    assertTrue(launcher.isAlive() && System.nanoTime() < deadline, "training:\n" + Files.readString(out));
                    Thread.sleep(100);
                }
                Set<Long> theLauncher = Set.of(launcher.pid());
                List<String> running = javas(NamespaceProcesses.in(namespaces(hosts), theLauncher));
                assertEquals(3, running.size(), "the learner and two actors run on the hosts: " + running);

                long t0 = System.nanoTime();
                launcher.destroy(); // SIGTERM, as kill or a service manager sends it
                List<String> javas;
                while (!(javas = javas(NamespaceProcesses.in(namespaces(hosts), theLauncher))).isEmpty() && System.nanoTime() - t0 < 30e9) {
                    Thread.sleep(50);
                }
                double gone = (System.nanoTime() - t0) / 1e9;
                assertEquals(List.of(), javas, "every remote JVM stopped:\n" + Files.readString(out));
                assertTrue(launcher.waitFor(30, TimeUnit.SECONDS), "the launcher exits once they have");
                double exited = (System.nanoTime() - t0) / 1e9;
                assertEquals(143, launcher.exitValue(), "the launcher's own exit by SIGTERM");
                assertEquals(List.of(), leftOver(hosts, ssh, 5), "no process at all on any host but its sshd");
                System.out.printf("launch --on ssh: SIGTERM to the launcher: every remote JVM gone after %.1f s, the launcher exited after %.1f s%n",
                        gone, exited);
                assertTrue(gone <= 10, "the remote processes stop within 10 s (the learner writes its checkpoint): " + gone + " s");
                String console = Files.readString(out);
                assertTrue(console.contains("launch: ssh: the launcher was interrupted: stopping [learner on root@" + hosts.learnerAddress()), console);
                for (String role : List.of("learner on root@" + hosts.learnerAddress(), "actor 0 on root@" + hosts.actorAddress(1),
                        "actor 1 on root@" + hosts.actorAddress(2) + ":22")) {
                    assertTrue(console.contains("launch: ssh: " + role + " stopped (exit 143)"), role + " stopped by its SIGTERM:\n" + console);
                }
                assertTrue(Files.readString(learnerLog).matches("(?s).*learner: checkpoint of version \\d+ written to runs/interrupted/checkpoint-.*"),
                        "the learner's SIGTERM checkpoint:\n" + Files.readString(learnerLog));
            } finally {
                launcher.destroyForcibly();
            }

            List<String> resumeArgs = new ArrayList<>(List.of(common));
            resumeArgs.addAll(List.of("--resume", "runs/interrupted"));
            Process resumed = launch(hosts, out, resumeArgs.toArray(String[]::new));
            try {
                assertTrue(resumed.waitFor(150, TimeUnit.SECONDS), "the resumed run ends:\n" + Files.readString(out));
            } finally {
                resumed.destroyForcibly();
            }
            String log = Files.readString(learnerLog);
            assertEquals(0, resumed.exitValue(), Files.readString(out));
            assertTrue(log.matches("(?s).*train: resuming runs/interrupted from the checkpoint of version [1-9]\\d* .*"), log);
            assertTrue(log.contains("learner: training finished; 81920 env steps"), log);
            assertEquals(List.of(), leftOver(hosts, ssh, 5), "no process at all on any host but its sshd");
        }
    }
}
