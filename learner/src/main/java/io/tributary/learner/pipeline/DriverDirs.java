package io.tributary.learner.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Media driver directories a killed process left behind (a kill -9 runs no close, so about 50 MB stay in /dev/shm).
 * At start the learner removes (1) the directory its run's previous learner recorded in {@code <run>/learner.pid},
 * when that learner is gone (its pid is dead or belongs to a process started at another instant; a live one is an
 * error: the run is in use), and (2) beside its own directory, every {@code tributary-<user>-(learner|actor)-<pid>}
 * of this user whose pid is not alive. A directory of a live process is never touched.
 */
final class DriverDirs {

    static final String OWNER_FILE = "learner.pid";

    private DriverDirs() {}

    /** Records this process as the run's learner and {@code aeronDir} as its driver directory. */
    static void recordOwner(Path runDir, Path aeronDir) throws IOException {
        ProcessHandle me = ProcessHandle.current();
        String text = "pid=" + me.pid() + "\nstart=" + me.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("")
                + "\naeron-dir=" + aeronDir.toAbsolutePath() + "\n";
        Path tmp = runDir.resolve(OWNER_FILE + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, runDir.resolve(OWNER_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static void cleanStale(Path runDir, Path aeronDir, PrintStream out) throws IOException {
        Path owner = runDir.resolve(OWNER_FILE);
        if (Files.exists(owner)) {
            Map<String, String> m = new java.util.HashMap<>();
            for (String line : Files.readAllLines(owner)) {
                int eq = line.indexOf('=');
                if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
            }
            long pid = Long.parseLong(m.getOrDefault("pid", "-1"));
            if (pid != ProcessHandle.current().pid() && alive(pid, m.getOrDefault("start", ""))) {
                throw new IllegalStateException(runDir + " is in use by a running learner (pid " + pid + "); stop it first");
            }
            String dir = m.get("aeron-dir");
            if (dir != null && !Path.of(dir).equals(aeronDir.toAbsolutePath()) && Files.isDirectory(Path.of(dir))) {
                delete(Path.of(dir));
                out.println("learner: removed " + dir + ", the driver directory of the run's previous learner (pid " + pid + ", gone)");
            }
        }
        Path parent = aeronDir.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) return;
        Pattern name = Pattern.compile(Pattern.quote("tributary-" + System.getProperty("user.name", "user") + "-") + "(learner|actor)-(\\d+)");
        try (var s = Files.list(parent)) {
            for (Path p : s.toList()) {
                Matcher mt = name.matcher(p.getFileName().toString());
                if (!mt.matches() || p.equals(aeronDir.toAbsolutePath())) continue;
                long pid = Long.parseLong(mt.group(2));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                delete(p);
                out.println("learner: removed " + p + ", a driver directory of a process that is gone (pid " + pid + ")");
            }
        }
    }

    private static boolean alive(long pid, String start) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) return false;
        if (start.isEmpty()) return true;
        return h.get().info().startInstant().map(i -> Long.toString(i.toEpochMilli()).equals(start)).orElse(true);
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale driver directory " + dir, e);
        }
    }
}
