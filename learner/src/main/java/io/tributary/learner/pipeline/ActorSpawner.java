package io.tributary.learner.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts actor JVMs on this host: the same {@code java} as the learner ({@code java.home}), the JVM flags written
 * once in the parent pom (protocol's {@code tributary/jvm.options} resource), the learner's classpath. Each actor's
 * output goes to {@code actor-<i>.log} in the run directory. {@link #close()} (also run by the learner's shutdown
 * hook) stops every child: a polite SIGTERM first, then a kill; the children also watch this process's pid and
 * exit on their own if it disappears without a hook (kill -9).
 */
public final class ActorSpawner implements AutoCloseable {

    private final List<Process> children = new ArrayList<>();

    public static List<String> jvmFlags() {
        try (InputStream in = ActorSpawner.class.getClassLoader().getResourceAsStream("tributary/jvm.options")) {
            if (in == null) throw new IllegalStateException("tributary/jvm.options is not on the classpath (protocol module resources)");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read tributary/jvm.options", e);
        }
    }

    /** Starts one actor with {@code args}; returns the process. */
    public synchronized Process spawn(int index, String[] args, Path logDir) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.tributary.actors.ActorMain");
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("actor-" + index + ".log").toFile()));
        Process p = pb.start();
        children.add(p);
        return p;
    }

    public synchronized List<Process> children() {
        return List.copyOf(children);
    }

    /** The first child that exited, or null when all are running. */
    public synchronized Process firstExited() {
        for (Process p : children) if (!p.isAlive()) return p;
        return null;
    }

    /** Waits for the children to exit by themselves (after a shutdown message), up to {@code timeoutMs}. */
    public boolean awaitExit(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (Process p : children()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) return false;
        }
        return true;
    }

    @Override
    public synchronized void close() {
        for (Process p : children) if (p.isAlive()) p.destroy();
        for (Process p : children) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
