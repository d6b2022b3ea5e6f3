package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary launch --on slurm} on a real one-node Slurm cluster (Debian's slurmctld, slurmd and munge, started
 * here by ops/lib/slurm-cluster.sh): the generated script is submitted with sbatch and runs the learner and two actors
 * as Slurm tasks; a job that Slurm restarts (scontrol requeue; the time-limit warning) resumes from its checkpoint.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@org.junit.jupiter.api.Tag("hosts") // root and a one-node Slurm cluster: ops/test-hosts runs it (from .ci/run), not ops/test
class SlurmLaunchTest {

    private static final Pattern SUBMITTED = Pattern.compile("submitted batch job (\\d+)");
    private static final Pattern RUN = Pattern.compile("\\(run ([0-9a-f]{16})");
    private static final Pattern RESUMED = Pattern.compile("learner: resuming at version (\\d+)");
    private static final Pattern CHECKPOINT = Pattern.compile("learner: checkpoint of version (\\d+) written");
    private static final List<String> ENDED = List.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
            "BOOT_FAIL", "DEADLINE", "PREEMPTED");

    @TempDir
    static Path tmp;

    private static SlurmCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SlurmCluster.start(tmp.resolve("slurm"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) cluster.close();
    }

    private record Launched(String jobId, String runId, Path runDir) {
        Path slurmOut() {
            return runDir.resolve("slurm-" + jobId + ".out");
        }

        Path learnerLog() {
            return runDir.resolve("learner.log");
        }
    }

    /** {@code tributary launch --on slurm} of a Pendulum job with two actors of 4 envs; {@code train} is its train block. */
    private static Launched launch(String name, String train) throws Exception {
        Path runs = tmp.resolve("runs");
        Path job = tmp.resolve(name + ".conf");
        Files.writeString(job, "train { " + train + " }\nplacement { actors = 2, envs-per-actor = 4, runs-dir = \"" + runs
                + "\", run-name = " + name + ", cluster-port = " + SlurmCluster.freeTcpPort() + ", fragments-port = "
                + PipelineEndToEndTest.freePort() + ", weights-port = " + PipelineEndToEndTest.freePort() + ", learner-heap = 512m }\n");
        ProcessBuilder pb = new ProcessBuilder(RunIsolationTest.java("io.tributary.ops.cli.Main",
                List.of("launch", "--on", "slurm", "--job", job.toString()))).redirectErrorStream(true);
        pb.environment().putAll(cluster.env());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        Matcher job1 = SUBMITTED.matcher(out);
        Matcher run = RUN.matcher(out);
        assertTrue(job1.find() && run.find(), "launch names the job and the run:\n" + out);
        Path runDir = runs.resolve(name);
        Path script = runDir.resolve(name + ".sbatch");
        assertTrue(out.contains(script.toString()) && Files.isExecutable(script), "launch says where the script is:\n" + out);
        Launched l = new Launched(job1.group(1), run.group(1), runDir);
        assertTrue(out.contains(l.slurmOut().toString()) && out.contains(l.learnerLog().toString()), "launch says where the logs go:\n" + out);
        return l;
    }

    private static String read(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "(no " + file.getFileName() + ")";
    }

    private static String tail(Path file) throws Exception {
        String text = read(file);
        return "--- " + file + "\n" + text.substring(Math.max(0, text.length() - 4000));
    }

    private static String evidence(Launched l) throws Exception {
        return tail(l.slurmOut()) + "\n" + tail(l.learnerLog()) + "\n" + tail(l.runDir.resolve("actor-0.log")) + "\n" + cluster.logs();
    }

    /** Waits until {@code file} matches {@code pattern} at least {@code count} times; returns the last match's group 1. */
    private static String await(Launched l, Path file, Pattern pattern, int count, int seconds) throws Exception {
        return await(l, file, null, pattern, count, seconds);
    }

    /** {@link #await}, counting only after the last occurrence of {@code after} (null: in the whole file). */
    private static String await(Launched l, Path file, String after, Pattern pattern, int count, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String text = read(file);
            Matcher m = pattern.matcher(after == null ? text : text.substring(Math.max(0, text.lastIndexOf(after))));
            String last = null;
            int found = 0;
            while (m.find()) {
                found++;
                last = m.groupCount() > 0 ? m.group(1) : m.group();
            }
            if (found >= count) return last;
            String state = cluster.state(l.jobId);
            if (ENDED.stream().anyMatch(state::startsWith)) fail("job " + l.jobId + " ended (" + state + ") before " + pattern + "\n" + evidence(l));
            Thread.sleep(500);
        }
        return fail("no " + pattern + " (" + count + "x) in " + file + " within " + seconds + " s\n" + evidence(l));
    }

    /** Waits for the job to end; returns its state and restart count, e.g. COMPLETED/0. */
    private static String awaitEnd(Launched l, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String state = cluster.state(l.jobId);
        while (ENDED.stream().noneMatch(state::startsWith) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            state = cluster.state(l.jobId);
        }
        return state;
    }

    private static List<Integer> iterations(Path runDir) throws Exception {
        List<String> rows = Files.readAllLines(runDir.resolve("metrics.csv"));
        int col = Arrays.asList(rows.get(0).split(",")).indexOf("iteration");
        return rows.subList(1, rows.size()).stream().map(r -> Integer.parseInt(r.split(",")[col])).toList();
    }

    private static List<Integer> oneTo(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 1; i <= n; i++) l.add(i);
        return l;
    }

    /** No process of this run is left on the machine (the actors and the learner ended with the job). */
    private static void assertNothingLeft(Launched l) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<ProcessHandle> left;
        do {
            left = ProcessHandle.allProcesses().filter(h -> h.info().commandLine().map(c -> c.contains(l.runId)).orElse(false)).toList();
            if (left.isEmpty()) return;
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        fail("processes of run " + l.runId + " left after the job: " + left.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse(""))
                .toList());
    }

    @Test
    void aSubmittedJobRunsTheLearnerAndTwoActorsAsSlurmTasksToTheEndOfTraining() throws Exception {
        Launched l = launch("fresh", "env = Pendulum-v1, total-timesteps = 16384, num-steps = 256");
        String end = awaitEnd(l, 240);
        assertEquals("COMPLETED/0", end, evidence(l));
        String learner = read(l.learnerLog());
        assertTrue(learner.contains("learner: run " + l.runId) && learner.contains("learner: training finished"), evidence(l));
        assertTrue(learner.contains("learner: actor 0 is ") && learner.contains("learner: actor 1 is "), "both actor tasks joined\n" + evidence(l));
        assertTrue(read(l.slurmOut()).contains("a fresh run " + l.runId), evidence(l));
        assertTrue(Files.exists(l.runDir.resolve("actor-0.log")) && Files.exists(l.runDir.resolve("actor-1.log")), "one log per actor task");
        assertEquals(oneTo(8), iterations(l.runDir), "16384 steps of 2 x 4 envs x 256: 8 iterations");
        assertTrue(Files.exists(l.runDir.resolve("final-weights.bin")));
        assertNothingLeft(l);
    }

    @Test
    void aJobThatSlurmRestartsResumesFromItsCheckpointAndFinishesTheRun() throws Exception {
        Launched l = launch("requeued", "env = Pendulum-v1, total-timesteps = 49152, num-steps = 256, checkpoint-every = 2");
        await(l, l.learnerLog(), CHECKPOINT, 1, 180);
        cluster.run("scontrol", "requeue", l.jobId); // as an administrator, or preemption, would
        int first = Integer.parseInt(await(l, l.learnerLog(), RESUMED, 1, 120));
        assertTrue(first >= 2, "resumed from a checkpoint of version >= 2: " + first);
        assertTrue(read(l.slurmOut()).contains("start 2 of job " + l.jobId + ": " + l.runDir + " holds a checkpoint"), evidence(l));
        // a newer checkpoint, then what Slurm sends before the time limit (--signal=B:USR1@...): the script requeues the job
        await(l, l.learnerLog(), "learner: resuming at version", CHECKPOINT, 1, 120);
        cluster.run("scancel", "--batch", "--signal=USR1", l.jobId);
        int second = Integer.parseInt(await(l, l.learnerLog(), RESUMED, 2, 120));
        assertTrue(second > first, "the second start resumed later than the first: " + first + ", then " + second);
        String end = awaitEnd(l, 200);
        assertEquals("COMPLETED/2", end, evidence(l));
        String script = read(l.slurmOut());
        assertTrue(script.contains("the time limit is near: requeueing job " + l.jobId)
                && script.contains("start 3 of job " + l.jobId) && script.contains("resumes run " + l.runId), evidence(l));
        assertTrue(read(l.learnerLog()).contains("learner: training finished"), evidence(l));
        // across the three starts every iteration has its row once: none redone, none lost to a stop
        List<Integer> rows = iterations(l.runDir);
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 24).boxed().toList(), rows, "metrics.csv: iterations 1..24, each once");
        assertTrue(Files.exists(l.runDir.resolve("final-weights.bin")));
        assertNothingLeft(l);
    }
}
