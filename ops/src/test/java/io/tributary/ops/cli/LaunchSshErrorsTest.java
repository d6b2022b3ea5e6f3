package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launch --on ssh} refuses, before anything starts, a bad hosts file (naming the line) and hosts it cannot
 * reach (naming each, with ssh's reason). A job that trains across hosts: ops/system-tests' SshLaunchTest.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LaunchSshErrorsTest {

    @TempDir
    Path tmp;

    private Path job() throws Exception {
        Path job = tmp.resolve("pendulum.conf");
        Files.writeString(job, "train { env = Pendulum-v1, total-timesteps = 16384, num-steps = 256 }\n"
                + "placement { actors = 2, envs-per-actor = 4, runs-dir = " + tmp.resolve("runs") + " }\n");
        return job;
    }

    @Test
    void aBadHostsLineIsRefusedNamingItsLineAndNothingStarts() throws Exception {
        Path hosts = tmp.resolve("hosts");
        Files.writeString(hosts, "# learner\nroot@10.0.0.1\nroot@10.0.0.2:22x\n");
        Cli.Result r = Cli.run("launch", "--on", "ssh", "--job", job().toString(), "--hosts", hosts.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("tributary launch: --hosts " + hosts + " line 3: 'root@10.0.0.2:22x' is not [user@]host[:port]"
                + " (an IPv6 address in brackets: [2001:db8::1]:22)", r.err().strip());
        assertFalse(Files.exists(tmp.resolve("runs")), "no run directory: nothing started");
    }

    @Test
    void sshWithoutAHostsFileIsRefusedSayingWhatItNeeds() throws Exception {
        Cli.Result r = Cli.run("launch", "--on", "ssh", "--job", job().toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--on ssh needs --hosts FILE: one host per line, [user@]host[:port]"), r.err());
    }

    @Test
    void resumeIsRefusedOnTargetsThatDoNotTakeIt() throws Exception {
        Cli.Result r = Cli.run("launch", "--on", "local", "--job", job().toString(), "--resume", tmp.resolve("runs/x").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--resume") && r.err().contains("--on ssh only"), r.err());
    }

    @Test
    void unreachableHostsAreEachNamedWithTheirLineAndSshsReasonAndNothingStarts() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")), "no ssh client (apt-get install openssh-client)");
        Path hosts = tmp.resolve("hosts");
        // port 1 of this machine refuses connections; .invalid never resolves (RFC 2606)
        Files.writeString(hosts, "127.0.0.1:1\n\nroot@tributary-no-such-host.invalid  # an actor host\n");
        long t0 = System.nanoTime();
        Cli.Result r = Cli.run("launch", "--on", "ssh", "--job", job().toString(), "--hosts", hosts.toString(), "--ssh-config", "/dev/null");
        double s = (System.nanoTime() - t0) / 1e9;
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("tributary launch: ssh: nothing started; 2 host(s) not ready:"), r.err());
        assertTrue(r.err().contains("host 127.0.0.1:1 (hosts line 1): ssh to it failed: ssh: connect to host 127.0.0.1 port 1: Connection refused"),
                r.err());
        assertTrue(r.err().contains("host root@tributary-no-such-host.invalid (hosts line 3): ssh to it failed: ssh: Could not resolve hostname"
                + " tributary-no-such-host.invalid"), r.err());
        assertTrue(r.out().contains("launch: ssh: checking "), r.out());
        assertFalse(Files.exists(tmp.resolve("runs")), "no run directory: nothing started");
        System.out.printf("launch --on ssh: two unreachable hosts refused in %.1f s%n", s);
    }
}
