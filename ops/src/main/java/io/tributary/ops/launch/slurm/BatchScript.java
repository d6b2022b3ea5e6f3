package io.tributary.ops.launch.slurm;

import io.tributary.ops.launch.Placement;
import io.tributary.ops.launch.Plan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code sbatch} script of a {@link Plan}: {@code #SBATCH} directives from the placement, this job's values as
 * shell variables, then the part that is the same for every job ({@code job-body.sh}: where the learner and the actors
 * run, fresh start or resume, signals). The allocation is asked for in tasks, one per process ({@code --ntasks} =
 * actors + 1, {@code --cpus-per-task} = threads per actor), so Slurm takes as many nodes as they need; no
 * {@code --nodes}, which with a range would spread them over as many nodes as it can.
 */
final class BatchScript {

    /** Seconds before the time limit at which Slurm warns the script (SIGUSR1), which then requeues the job. */
    static final int TIME_LIMIT_WARNING_S = 120;

    private BatchScript() {
    }

    /**
     * @param resumeArgs the learner's arguments that continue the run from its checkpoint (without --learner-host)
     * @param tributary  the command the job's processes run (the same path on every node)
     * @param workDir    the job's working directory, against which the plan's relative paths resolve
     */
    static String render(Plan plan, List<String> resumeArgs, Path tributary, Path workDir) {
        Placement p = plan.job().placement();
        Path runDir = plan.runDir().toAbsolutePath();
        String runName = runDir.getFileName().toString();
        StringBuilder s = new StringBuilder("#!/usr/bin/env bash\n");
        s.append("# Tributary job '").append(plan.job().name()).append("' (").append(plan.job().file().toAbsolutePath())
                .append("), run ").append(plan.runId()).append(": written by `tributary launch --on slurm`.\n");
        s.append("# Submitting this file again continues the run from its newest checkpoint. Options on sbatch's command line\n"
                + "# (--partition, --time, --account, --gres, ...) override these; see docs/DEPLOY.md, \"Slurm\".\n");
        directive(s, "--job-name=" + runName);
        directive(s, "--ntasks=" + (p.actors() + 1));
        directive(s, "--cpus-per-task=" + p.threadsPerActor());
        directive(s, "--chdir=" + workDir.toAbsolutePath());
        directive(s, "--output=" + runDir.resolve("slurm-%j.out"));
        directive(s, "--open-mode=append");
        directive(s, "--requeue");
        directive(s, "--signal=B:USR1@" + TIME_LIMIT_WARNING_S);
        s.append('\n');
        variable(s, "RUN_ID", plan.runId());
        variable(s, "RUN_DIR", runDir.toString());
        variable(s, "TRIBUTARY", tributary.toString());
        variable(s, "ACTORS", Integer.toString(p.actors()));
        variable(s, "CPUS_PER_TASK", Integer.toString(p.threadsPerActor()));
        variable(s, "LEARNER_HEAP", p.learnerHeap());
        variable(s, "ACTOR_HEAP", p.actorHeap());
        array(s, "FRESH", plan.learnerArgs());
        array(s, "RESUME", resumeArgs);
        array(s, "ACTOR", plan.actorArgs());
        s.append(body());
        return s.toString();
    }

    private static void directive(StringBuilder s, String option) {
        if (option.contains("\n")) throw new IllegalArgumentException("an #SBATCH option may not span lines: " + option);
        s.append("#SBATCH ").append(option).append('\n');
    }

    private static void variable(StringBuilder s, String name, String value) {
        s.append(name).append('=').append(quote(value)).append('\n');
    }

    private static void array(StringBuilder s, String name, List<String> values) {
        s.append(name).append("=(");
        for (int i = 0; i < values.size(); i++) s.append(i == 0 ? "" : " ").append(quote(values.get(i)));
        s.append(")\n");
    }

    /** One shell word, whatever it holds: single quotes, each ' written as '\''. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static String body() {
        try (InputStream in = BatchScript.class.getResourceAsStream("job-body.sh")) {
            if (in == null) throw new IllegalStateException("job-body.sh is not beside " + BatchScript.class.getName());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job-body.sh", e);
        }
    }
}
