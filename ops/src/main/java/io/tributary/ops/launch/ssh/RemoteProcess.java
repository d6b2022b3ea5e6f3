package io.tributary.ops.launch.ssh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One of the job's processes on a host: the local ssh client that runs it under {@link RemoteCommand}'s lifeline, its
 * output (ssh's own errors included) handed line by line to a consumer. Closing the client's stdin stops the remote
 * process; the client exits with the remote process's exit status (255: ssh itself failed).
 */
final class RemoteProcess {

    private final String role;
    private final SshHost host;
    private final Process process;
    private final Thread pump;

    private RemoteProcess(String role, SshHost host, Process process, Thread pump) {
        this.role = role;
        this.host = host;
        this.process = process;
        this.pump = pump;
    }

    /** Starts {@code sshCommand}; {@code lines} gets each line of its output, {@code eof} runs at the end of it. */
    static RemoteProcess start(String role, SshHost host, List<String> sshCommand, Consumer<String> lines, Runnable eof)
            throws IOException {
        Process p = new ProcessBuilder(sshCommand).redirectErrorStream(true).start();
        Thread pump = Thread.ofPlatform().daemon().name("ssh-" + role.replace(' ', '-')).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.accept(line);
            } catch (IOException e) {
                // the client is gone; its exit status says why
            } finally {
                eof.run();
            }
        });
        return new RemoteProcess(role, host, p, pump);
    }

    String role() {
        return role;
    }

    SshHost host() {
        return host;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Closes the lifeline: the remote process gets SIGTERM, and SIGKILL {@link RemoteCommand#GRACE_S} s later. */
    void stop() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed: the stop is under way
        }
    }

    /** Waits for the client to exit and its output to be read; false if it has not within {@code ms}. */
    boolean waitFor(long ms) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        if (!process.waitFor(ms, TimeUnit.MILLISECONDS)) return false;
        pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 1000);
        return true;
    }

    /** The remote process's exit status, or 255 when ssh failed; only after it exited. */
    int exitCode() {
        return process.exitValue();
    }

    /**
     * Ends the local client. The connection closes with it, and the lifeline stops the remote process as for
     * {@link #stop()}: the last resort when a host no longer answers.
     */
    void kill() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return role + " on " + host;
    }
}
