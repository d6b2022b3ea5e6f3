package io.tributary.systemtests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A one-node Slurm cluster on this machine for a test (ops/lib/slurm-cluster.sh): munged, slurmctld and slurmd with
 * everything in one directory, on free ports. Skips the test, saying why, when not root or when Slurm is not
 * installed (.ci/run installs it). {@link #close()} cancels every job, waits for them to end and stops the daemons.
 */
final class SlurmCluster implements AutoCloseable {

    private static final Pattern FIELD = Pattern.compile("\\b(JobState|Restarts)=(\\S+)");

    private final Path dir;
    private final Path script;

    private SlurmCluster(Path dir, Path script) {
        this.dir = dir;
        this.script = script;
    }

    static SlurmCluster start(Path dir) throws Exception {
        assumeTrue(isRoot(), "a Slurm cluster needs root (slurmd starts jobs as their users); this test runs in CI as root");
        for (String cmd : List.of("munged", "slurmctld", "slurmd", "sbatch", "srun", "squeue", "scontrol", "scancel", "sinfo")) {
            assumeTrue(NetnsHosts.which(cmd) != null, "Slurm is not installed here: no " + cmd
                    + " (apt-get install slurmctld slurmd slurm-client munge; .ci/run installs them)");
        }
        SlurmCluster c = new SlurmCluster(dir, NetnsHosts.repoRoot().resolve("ops/lib/slurm-cluster.sh"));
        try {
            c.script("start", dir.toString(), Integer.toString(freeTcpPort()), Integer.toString(freeTcpPort()));
        } catch (IOException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** What a process needs to use this cluster (sbatch, squeue, and the jobs' own srun). */
    Map<String, String> env() {
        return Map.of("SLURM_CONF", dir.resolve("slurm.conf").toString());
    }

    /** A Slurm command on this cluster; its output, or an error with it when it fails. */
    String run(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    /** The job's state and restart count, as {@code scontrol show job} says: e.g. {@code RUNNING/0}. */
    String state(String jobId) throws Exception {
        Matcher m = FIELD.matcher(run("scontrol", "show", "job", jobId));
        String state = "?";
        String restarts = "?";
        while (m.find()) {
            if (m.group(1).equals("JobState")) state = m.group(2);
            else restarts = m.group(2);
        }
        return state + "/" + restarts;
    }

    /** The daemons' logs, for a failure's message. */
    String logs() {
        StringBuilder s = new StringBuilder();
        for (String log : List.of("slurmctld.log", "slurmd.log")) {
            try {
                List<String> lines = java.nio.file.Files.readAllLines(dir.resolve(log));
                s.append("--- ").append(log).append(" (last 30 lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))).append('\n');
            } catch (IOException e) {
                s.append("--- ").append(log).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return s.toString();
    }

    @Override
    public void close() throws Exception {
        script("stop", dir.toString());
    }

    private void script(String... args) throws Exception {
        List<String> c = new ArrayList<>(List.of("bash", script.toString()));
        c.addAll(List.of(args));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(String.join(" ", c) + " failed:\n" + out);
    }

    private static boolean isRoot() {
        try {
            return ((Number) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
