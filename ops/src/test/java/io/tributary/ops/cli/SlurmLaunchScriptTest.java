package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.ops.launch.LaunchOptions;
import io.tributary.ops.launch.Plan;
import io.tributary.ops.launch.slurm.SlurmLauncher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launch --on slurm} without a Slurm cluster: the script it writes (checked by bash itself, its values read
 * back by bash), the learner's resume line, and the clear failures (no sbatch, a path #SBATCH cannot carry). The
 * system test SlurmLaunchTest runs the script on a real cluster.
 */
class SlurmLaunchScriptTest {

    @TempDir
    Path tmp;

    private Path job(String placement) throws Exception {
        Path job = tmp.resolve("pend.conf");
        Files.writeString(job, "train { env = Pendulum-v1, total-timesteps = 16384, num-steps = 256, checkpoint-every = 3 }\n"
                + "placement { actors = 2, envs-per-actor = 4, threads-per-actor = 2, runs-dir = \"" + tmp.resolve("runs") + "\", "
                + placement + " }\n");
        return job;
    }

    /** What bash makes of {@code expr} after reading the script's variables (the lines before its fixed part). */
    private static String bashValue(Path script, String expr) throws Exception {
        String vars = Files.readString(script).split("\n# ---- Below")[0];
        Process p = new ProcessBuilder("bash", "-c", vars + "\n" + expr).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out.strip();
    }

    @Test
    void withoutSubmittingItWritesABashScriptAskingForOneTaskPerProcessThatResumesTheSameRun() throws Exception {
        Path out = tmp.resolve("scripts");
        Cli.Result r = Cli.run("launch", "--on", "slurm", "--job", job("run-name = r1").toString(), "--out", out.toString(), "--submit", "false");
        assertEquals(0, r.code(), r.out() + r.err());
        Path script = out.resolve("r1.sbatch");
        Path runDir = tmp.resolve("runs").resolve("r1").toAbsolutePath();
        assertTrue(r.out().contains("not submitted (--submit false); submit with: sbatch " + script), r.out());
        assertTrue(Files.isExecutable(script));
        Process syntax = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertEquals(0, syntax.waitFor(), new String(syntax.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        String text = Files.readString(script);
        for (String directive : List.of("--job-name=r1", "--ntasks=3", "--cpus-per-task=2", "--requeue", "--open-mode=append",
                "--signal=B:USR1@120", "--output=" + runDir.resolve("slurm-%j.out"), "--chdir=" + Path.of("").toAbsolutePath())) {
            assertTrue(text.contains("\n#SBATCH " + directive + "\n"), directive + " in\n" + text);
        }
        // sbatch reads directives only up to the first command
        assertTrue(text.indexOf("#SBATCH") < text.indexOf("\nRUN_ID=") && text.lastIndexOf("\n#SBATCH ") < text.indexOf("\nRUN_ID="));
        assertTrue(Files.isDirectory(runDir) && !Files.exists(runDir.resolve("r1.sbatch")), "the run directory exists, the script is in --out");

        Path tributary = Path.of(bashValue(script, "echo \"$TRIBUTARY\""));
        assertTrue(tributary.endsWith(Path.of("ops", "tributary")) && Files.isExecutable(tributary), "this checkout's command: " + tributary);
        String runId = bashValue(script, "echo \"$RUN_ID\"");
        assertTrue(runId.matches("[0-9a-f]{16}"), runId);
        List<String> fresh = Arrays.asList(bashValue(script, "printf '%s\\n' \"${FRESH[@]}\"").split("\n"));
        List<String> resume = Arrays.asList(bashValue(script, "printf '%s\\n' \"${RESUME[@]}\"").split("\n"));
        List<String> actor = Arrays.asList(bashValue(script, "printf '%s\\n' \"${ACTOR[@]}\"").split("\n"));
        assertEquals("train", fresh.get(0));
        assertEquals("16384", fresh.get(fresh.indexOf("--total-timesteps") + 1), fresh.toString());
        assertEquals(runId, fresh.get(fresh.indexOf("--run-id") + 1), fresh.toString());
        assertEquals("false", fresh.get(fresh.indexOf("--spawn") + 1), fresh.toString());
        assertEquals(List.of("train", "--resume", runDir.toString()), resume.subList(0, 3));
        // --resume takes how the processes talk and checkpoint, never what the run is (its config.properties says that)
        assertTrue(resume.containsAll(List.of("--checkpoint-every", "3", "--transport", "udp", "--spawn", "false", "--cluster-port",
                "--fragments-port", "--weights-port", "--threads-per-actor")), resume.toString());
        for (String runOwn : List.of("--env", "--total-timesteps", "--num-steps", "--run-id", "--run-name", "--runs-dir", "--actors")) {
            assertFalse(resume.contains(runOwn), runOwn + " in " + resume);
        }
        assertEquals("actor", actor.get(0));
        assertTrue(actor.containsAll(List.of("--run-id", runId)) && !actor.contains("--learner-host") && !actor.contains("--actor-host"),
                actor.toString());
        assertEquals("2 2 2g 512m", bashValue(script, "echo $ACTORS $CPUS_PER_TASK $LEARNER_HEAP $ACTOR_HEAP"));
    }

    @Test
    void withoutSbatchOnThePathItSaysSoAndLeavesTheScriptToSubmitElsewhere() throws Exception {
        Plan plan = JobPlanner.plan(JobFile.read(job("run-name = r2")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path empty = Files.createDirectories(tmp.resolve("bin"));
        int code = new SlurmLauncher(ResumeArgs::of, Map.of("PATH", empty.toString())).launch(plan, new LaunchOptions(null, null, true),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        Path script = plan.runDir().toAbsolutePath().resolve("r2.sbatch");
        assertEquals(1, code, out);
        assertTrue(out.contains("sbatch not found on PATH: " + empty) && out.contains("submit with: sbatch " + script), out);
        assertTrue(Files.isExecutable(script), "the script is written all the same");
    }

    @Test
    void aRunsDirectoryThatAnSbatchLineCannotCarryIsRefusedByName() throws Exception {
        Path job = tmp.resolve("spaced.conf");
        Path runs = tmp.resolve("my runs");
        Files.writeString(job, "train { env = Pendulum-v1 }\nplacement { actors = 1, runs-dir = \"" + runs + "\", run-name = r3 }\n");
        Cli.Result r = Cli.run("launch", "--on", "slurm", "--job", job.toString(), "--submit", "false");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(runs.resolve("r3").toAbsolutePath() + ": #SBATCH lines cannot carry this path"), r.out());
        assertFalse(Files.exists(runs.resolve("r3")), "nothing written");
    }

    @Test
    void aTributaryCommandOverrideThatIsNotAnExecutableIsRefusedByName() throws Exception {
        Plan plan = JobPlanner.plan(JobFile.read(job("run-name = r4")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path missing = tmp.resolve("no-such-tributary");
        int code = new SlurmLauncher(ResumeArgs::of, Map.of("TRIBUTARY_COMMAND", missing.toString()))
                .launch(plan, new LaunchOptions(null, null, false), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("TRIBUTARY_COMMAND=" + missing + ": not an executable file"),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRunDirectoryHoldingOnlyALaunchersFilesTakesAFreshRunAndThenHoldsIt() throws Exception {
        Path runDir = Files.createDirectories(tmp.resolve("runs").resolve("r5"));
        Files.writeString(runDir.resolve("r5.sbatch"), "#!/usr/bin/env bash\n");
        Files.writeString(runDir.resolve("slurm-7.out"), "");
        String[] run = {"train", "--actors", "0", "--num-envs", "2", "--num-steps", "128", "--num-minibatches", "2", "--update-epochs", "1",
                "--total-timesteps", "100000", "--iterations", "1", "--runs-dir", tmp.resolve("runs").toString(), "--run-name", "r5"};
        Cli.Result first = Cli.run(run);
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.exists(runDir.resolve("metrics.csv")));
        Cli.Result again = Cli.run(run);
        assertEquals(2, again.code());
        assertTrue(again.err().contains("holds an earlier run"), again.err());
    }
}
