package io.tributary.ops.cli;

import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.ops.launch.Job;
import io.tributary.ops.launch.Placement;
import io.tributary.ops.launch.Plan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Resolves a {@link Job} into a {@link Plan}: the learner's {@code train} arguments from the job's two blocks, and the
 * actors' arguments from {@code train --dry-run} on exactly those arguments, so that the learner's own resolution
 * (hyperparameter defaults per algorithm, steps per fragment, the policy's layout) is the only one: a job the learner
 * would refuse is refused here, with the learner's message.
 */
final class JobPlanner {

    private static final String PLACEHOLDER_HOST = "127.0.0.1";

    private JobPlanner() {
    }

    static Plan plan(Job job) {
        Placement p = job.placement();
        String runId = io.tributary.protocol.RunId.hex(PipelineConfig.newRunId());
        String runName = p.runName().isEmpty()
                ? job.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) : p.runName();
        List<String> learner = new ArrayList<>(List.of("train"));
        for (Map.Entry<String, String> kv : job.train().entrySet()) learner.addAll(List.of("--" + kv.getKey(), kv.getValue()));
        learner.addAll(List.of("--actors", Integer.toString(p.actors()), "--envs-per-actor", Integer.toString(p.envsPerActor()),
                "--threads-per-actor", Integer.toString(p.threadsPerActor()), "--cluster-port", Integer.toString(p.clusterPort()),
                "--fragments-port", Integer.toString(p.fragmentsPort()), "--weights-port", Integer.toString(p.weightsPort()),
                "--run-id", runId, "--run-name", runName, "--runs-dir", p.runsDir().toString()));
        if (p.credentials() != null) learner.addAll(List.of("--cluster-tls", p.credentials().toString()));
        learner.addAll(Plan.REMOTE_LEARNER);

        List<String> dryRun = new ArrayList<>(learner);
        dryRun.addAll(List.of("--learner-host", PLACEHOLDER_HOST, "--dry-run"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(dryRun.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalArgumentException("--job " + job.file() + ": the learner refuses this job: "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
        List<String> actor = null;
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(TrainCommand.ACTOR_ARGS)) {
                actor = new ArrayList<>(List.of("actor"));
                actor.addAll(Arrays.asList(line.substring(TrainCommand.ACTOR_ARGS.length()).strip().split(" ")));
            }
        }
        if (actor == null) throw new IllegalStateException("train --dry-run printed no '" + TrainCommand.ACTOR_ARGS + "' line");
        int host = actor.indexOf("--learner-host");
        if (host >= 0) actor.subList(host, host + 2).clear();
        return new Plan(job, runId, p.runsDir().resolve(runName), learner, actor);
    }
}
