package io.tributary.ops.launch.ssh;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifeline run by a local shell as sshd runs it ({@code sh -c TEXT}, the session's stdin a pipe): what a remote
 * process does when the launcher closes its session, or ends by itself. Over real ssh: ops/system-tests' SshLaunchTest.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteCommandTest {

    @TempDir
    Path tmp;

    private Process session(String text) throws Exception {
        return new ProcessBuilder("sh", "-c", text).redirectErrorStream(true).start();
    }

    private static String firstLine(Process p) throws Exception {
        return new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
    }

    @Test
    void theCommandRunsInTheDirectoryWithTheEnvironmentGivenAndTheSessionEndsWithItsExitStatus() throws Exception {
        Process p = session(RemoteCommand.lifeline(tmp, Map.of("TRIBUTARY_JAVA_OPTS", "-Xmx1g"),
                List.of("sh", "-c", "echo \"$(pwd) $TRIBUTARY_JAVA_OPTS $1\"; exit 3", "sh", "it's one word")));
        assertEquals(tmp.toRealPath() + " -Xmx1g it's one word", firstLine(p));
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the session ends when the command does, its stdin still open");
        assertEquals(3, p.exitValue());
        p.getOutputStream().close();
    }

    @Test
    void closingTheSessionsStdinSendsTheCommandSigterm() throws Exception {
        Process p = session(RemoteCommand.lifeline(tmp, Map.of(), List.of("sh", "-c", "trap 'exit 7' TERM; echo up; while :; do sleep 0.1; done")));
        assertEquals("up", firstLine(p));
        assertTrue(p.isAlive(), "running while the session is open");
        long t0 = System.nanoTime();
        p.getOutputStream().close();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "stopped once its stdin closed");
        assertEquals(7, p.exitValue(), "by SIGTERM (its trap's exit status)");
        System.out.printf("lifeline: SIGTERM'd command gone %.2f s after its session's stdin closed%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void aCommandThatIgnoresSigtermIsKilledWhenTheGraceRunsOut() throws Exception {
        Process p = session(RemoteCommand.lifeline(tmp, Map.of(), List.of("sh", "-c", "trap '' TERM; echo up; exec sleep 60"), 1));
        assertEquals("up", firstLine(p));
        long t0 = System.nanoTime();
        p.getOutputStream().close();
        assertTrue(p.waitFor(15, TimeUnit.SECONDS), "killed after the grace");
        double s = (System.nanoTime() - t0) / 1e9;
        assertEquals(128 + 9, p.exitValue(), "by SIGKILL");
        assertTrue(s >= 0.9, "not before the grace of 1 s: " + s);
    }

    @Test
    void aMissingDirectoryEndsTheSessionWithItsOwnStatusAndStartsNothing() throws Exception {
        Path marker = tmp.resolve("ran");
        Process p = session(RemoteCommand.lifeline(tmp.resolve("absent"), Map.of(), List.of("touch", marker.toString())));
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(RemoteCommand.NO_DIRECTORY, p.exitValue());
        assertFalse(marker.toFile().exists());
    }
}
