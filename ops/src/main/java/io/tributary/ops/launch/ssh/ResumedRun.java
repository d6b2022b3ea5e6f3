package io.tributary.ops.launch.ssh;

import io.tributary.ops.launch.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code launch --on ssh --resume RUN_DIR}: the run continues from its newest checkpoint on the learner's host, with
 * the configuration it was started with (its config.properties); the job file gives the placement. The learner takes
 * from the plan only what {@code train --resume} allows to change (ports, credentials, checkpoints, when to stop);
 * the actors keep the plan's arguments but join the run's own id, read from the learner's host.
 */
final class ResumedRun {

    /** The plan's learner options kept on a resumed run: those {@code train --resume} accepts. */
    private static final Set<String> KEPT = Set.of("--spawn", "--transport", "--cluster-port", "--cluster-tls", "--fragments-port",
            "--weights-port", "--checkpoint-every", "--iterations", "--dm-control-dir", "--device", "--startup-timeout-s",
            "--fragment-timeout-s", "--heartbeat-timeout-s", "--actor-grace-s", "--min-actors", "--min-actors-timeout-s");

    private ResumedRun() {
    }

    /** The learner's arguments: {@code train --resume RUN_DIR} and the plan's options that a resumed run keeps. */
    static List<String> learner(Plan plan, Path runDir, String learnerHost) {
        List<String> a = new ArrayList<>(List.of("train", "--resume", runDir.toString()));
        List<String> all = plan.learner(learnerHost);
        for (int i = 1; i + 1 < all.size(); i += 2) {
            if (KEPT.contains(all.get(i))) a.addAll(all.subList(i, i + 2));
        }
        a.addAll(List.of("--learner-host", learnerHost));
        return a;
    }

    /** The plan's actor arguments joining the run {@code runId} instead of the plan's. */
    static List<String> actorArgs(List<String> planned, String runId) {
        List<String> a = new ArrayList<>(planned);
        int i = a.indexOf("--run-id");
        if (i < 0) throw new IllegalStateException("the plan's actor arguments carry no --run-id: " + planned);
        a.set(i + 1, runId);
        return a;
    }

    /** The run's id, from RUN_DIR/config.properties on the learner's host (read over ssh, in the working directory). */
    static String runId(Ssh ssh, SshHost host, Path dir, Path runDir) throws IOException, InterruptedException {
        Path file = runDir.resolve("config.properties");
        Process p = new ProcessBuilder(ssh.command(host, Ssh.join(List.of("sh", "-c", "cd -- \"$1\" && cat -- \"$2\"", "sh",
                dir.toString(), file.toString())))).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalArgumentException("--resume " + runDir + ": cannot read " + file + " on the learner's host " + host
                    + " (hosts line " + host.line() + "): " + text.strip() + "; a run directory has one (give the path as the learner's"
                    + " host sees it, relative to " + dir + ")");
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("run-id=")) return line.substring("run-id=".length()).strip();
        }
        throw new IllegalArgumentException("--resume " + runDir + ": " + file + " on " + host + " has no run-id: a run started before"
                + " runs kept their id; resume it by hand (train --resume on the learner's host, then the actor line it prints)");
    }
}
