package io.tributary.ops.launch.ssh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A job running over ssh: the learner first; once it waits for its actors (its run directory exists, its cluster seed
 * listens), the actors; then the learner's end. Stopping (a SIGTERM or Ctrl-C to the launcher, through a shutdown hook;
 * or the end of the job) closes every lifeline and waits for every remote process to exit, killing the ssh clients of
 * those that have not after the lifeline's SIGKILL was due.
 */
final class SshRun {

    /** The learner's line that says it waits for actors (ActorProcesses.describe() without spawned actors). */
    static final String LEARNER_READY = "learner: waiting for ";
    /** How long the learner may take to reach {@link #LEARNER_READY}. */
    static final long LEARNER_STARTUP_MS = 180_000;
    /** How long actors may take to leave after the learner's end before they are stopped. */
    static final long ACTORS_AFTER_LEARNER_MS = 60_000;

    private final Ssh ssh;
    private final Path dir;
    private final PrintStream out;
    private final List<RemoteProcess> processes = new CopyOnWriteArrayList<>();
    private final List<RunLog> logs = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    SshRun(Ssh ssh, Path dir, PrintStream out) {
        this.ssh = ssh;
        this.dir = dir;
        this.out = out;
    }

    /** One remote process to start: its role ("learner", "actor 3"), host, command line, heap and log. */
    record Part(String role, SshHost host, List<String> argv, String heap, RunLog log) {}

    /**
     * Runs the job to its end and returns the learner's exit status; 1 when the learner never became ready. Every
     * remote process has exited (or its client was killed after the grace) when this returns.
     */
    int run(Part learner, List<Part> actors) throws IOException, InterruptedException {
        Thread hook = new Thread(() -> stop("the launcher was interrupted"), "launch-ssh-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            CountDownLatch ready = new CountDownLatch(1);
            RemoteProcess l = start(learner, line -> {
                if (line.startsWith(LEARNER_READY)) ready.countDown();
            });
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEARNER_STARTUP_MS);
            while (!ready.await(100, TimeUnit.MILLISECONDS)) {
                if (!l.isAlive() || System.nanoTime() > deadline) {
                    boolean exited = !l.isAlive();
                    learner.log().open();
                    if (!exited) stop("the learner was not waiting for actors within " + LEARNER_STARTUP_MS / 1000 + " s");
                    l.waitFor(5_000);
                    out.println("launch: ssh: the learner on " + learner.host() + (exited ? " exited with " + l.exitCode() : " did not start")
                            + " before any actor started; its output is above and in " + learner.log().file());
                    return exited && l.exitCode() != 0 ? l.exitCode() : 1;
                }
            }
            learner.log().open();
            for (Part a : actors) {
                a.log().open();
                RemoteProcess r = start(a, line -> { });
                Thread.ofVirtual().start(() -> reportExit(r, a.log().file()));
            }
            for (Part a : actors) out.println("launch: ssh: " + a.role() + " on " + a.host() + ", log " + a.log().file());
            out.println("launch: ssh: Ctrl-C (or SIGTERM to pid " + ProcessHandle.current().pid()
                    + ") stops every process on every host; the learner writes a checkpoint first");
            l.waitFor(Long.MAX_VALUE);
            int code = l.exitCode();
            out.println("launch: ssh: the learner on " + learner.host() + " exited with " + code + "; log " + learner.log().file());
            awaitActors(ACTORS_AFTER_LEARNER_MS);
            stop(null);
            return code;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running the stop
            }
        }
    }

    private RemoteProcess start(Part part, java.util.function.Consumer<String> watch) throws IOException {
        String heap = "-Xmx" + part.heap();
        String command = RemoteCommand.lifeline(dir, Map.of("TRIBUTARY_JAVA_OPTS", heap), part.argv());
        RemoteProcess p = RemoteProcess.start(part.role(), part.host(), ssh.detached(part.host(), command), line -> {
            part.log().line(line);
            watch.accept(line);
        }, () -> part.log().close());
        processes.add(p);
        logs.add(part.log());
        return p;
    }

    private void reportExit(RemoteProcess p, Path log) {
        try {
            p.waitFor(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            return;
        }
        if (!stopping) {
            out.println("launch: ssh: " + p + " exited with " + p.exitCode() + (p.exitCode() == 255 ? " (ssh failed)" : "") + "; log " + log);
        }
    }

    private void awaitActors(long ms) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        for (RemoteProcess p : processes) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 || !p.waitFor(left)) return;
        }
    }

    /** Stops every process still running and waits for them; {@code why} is said when there were any. */
    synchronized void stop(String why) {
        stopping = true;
        List<RemoteProcess> running = new ArrayList<>();
        for (RemoteProcess p : processes) if (p.isAlive()) running.add(p);
        if (running.isEmpty()) return;
        out.println("launch: ssh: " + (why == null ? "stopping" : why + ": stopping") + " " + running
                + " (SIGTERM; SIGKILL after " + RemoteCommand.GRACE_S + " s)");
        running.forEach(RemoteProcess::stop);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RemoteCommand.GRACE_S + 5);
        List<RemoteProcess> left = new ArrayList<>();
        for (RemoteProcess p : running) {
            try {
                if (!p.waitFor(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())))) left.add(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                left.add(p);
            }
        }
        // a host that no longer answers: ending the client closes the connection, which ends the lifeline there too
        left.forEach(RemoteProcess::kill);
        for (RemoteProcess p : running) {
            if (!left.contains(p)) out.println("launch: ssh: " + p + " stopped (exit " + p.exitCode() + ")");
            else out.println("launch: ssh: " + p + " did not answer; its ssh client was killed");
        }
        logs.forEach(RunLog::close);
    }
}
