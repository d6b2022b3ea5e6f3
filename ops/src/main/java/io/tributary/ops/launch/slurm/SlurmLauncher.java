package io.tributary.ops.launch.slurm;

import io.tributary.ops.launch.LaunchOptions;
import io.tributary.ops.launch.Launcher;
import io.tributary.ops.launch.Placement;
import io.tributary.ops.launch.Plan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code launch --on slurm}: writes the job's {@code sbatch} script ({@link BatchScript}) into {@code --out} or the
 * run directory and, unless {@code --submit false}, submits it. The run directory must be on storage every node sees
 * (the placement's {@code runs-dir}): the learner writes its checkpoints there and a restarted job resumes from them.
 */
public final class SlurmLauncher implements Launcher {

    /** A path an #SBATCH line carries as it is. */
    private static final java.util.regex.Pattern PLAIN_PATH = java.util.regex.Pattern.compile("[^\\s'\"%\\\\]+");

    private final Function<Plan, List<String>> resumeArgs;
    private final Map<String, String> env;

    /**
     * @param resumeArgs the learner's arguments that continue a plan's run from its checkpoint
     * @param env        the environment: PATH (where sbatch is), {@value TributaryCommand#OVERRIDE}
     */
    public SlurmLauncher(Function<Plan, List<String>> resumeArgs, Map<String, String> env) {
        this.resumeArgs = resumeArgs;
        this.env = Map.copyOf(env);
    }

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public int launch(Plan plan, LaunchOptions options, PrintStream out) throws IOException, InterruptedException {
        Path tributary;
        try {
            tributary = TributaryCommand.find(env);
        } catch (IllegalArgumentException e) {
            out.println("launch: slurm: " + e.getMessage());
            return 2;
        }
        Path runDir = plan.runDir().toAbsolutePath();
        Path workDir = Path.of("").toAbsolutePath();
        for (Path dir : List.of(runDir, workDir)) {
            if (!PLAIN_PATH.matcher(dir.toString()).matches()) {
                out.println("launch: slurm: " + dir + ": #SBATCH lines cannot carry this path (blanks, quotes, or % that Slurm"
                        + " reads as a file name pattern); choose a placement.runs-dir, and launch from a directory, without them");
                return 2;
            }
        }
        Path scriptDir = options.out() == null ? runDir : options.out().toAbsolutePath();
        Files.createDirectories(runDir); // Slurm writes the script's output there before the script runs
        Files.createDirectories(scriptDir);
        Path script = scriptDir.resolve(runDir.getFileName() + ".sbatch");
        Files.writeString(script, BatchScript.render(plan, resumeArgs.apply(plan), tributary, workDir));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Placement p = plan.job().placement();
        out.println("launch: slurm: wrote " + script + " (run " + plan.runId() + ": the learner and " + p.actors() + " actors as "
                + (p.actors() + 1) + " tasks of " + p.threadsPerActor() + " CPU(s), processes run " + tributary + ")");
        out.println("launch: slurm: the run directory " + runDir + " must be on storage every node sees (placement.runs-dir)");
        if (!options.submit()) {
            out.println("launch: slurm: not submitted (--submit false); submit with: sbatch " + script);
            return 0;
        }
        Sbatch sbatch;
        try {
            sbatch = Sbatch.find(env);
        } catch (IllegalStateException e) {
            out.println("launch: slurm: " + e.getMessage() + "; on a machine with Slurm's client, submit with: sbatch " + script);
            return 1;
        }
        String jobId;
        try {
            jobId = sbatch.submit(script);
        } catch (IOException e) {
            out.println("launch: slurm: " + e.getMessage());
            return 1;
        }
        out.println("launch: slurm: submitted batch job " + jobId);
        out.println("  logs:  " + runDir.resolve("slurm-" + jobId + ".out") + " (the job's script), " + runDir.resolve("learner.log")
                + ", " + runDir.resolve("actor-<task>.log"));
        out.println("  watch: squeue -j " + jobId + "; tail -f " + runDir.resolve("learner.log"));
        out.println("  stop:  scancel " + jobId + " (the learner writes a checkpoint; sbatch " + script + " continues the run)");
        return 0;
    }
}
