package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.pipeline.IterationMetrics;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.transport.TransportConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of spawned actors, repeatedly, at seeded random points of an iteration: each kill is aimed at one phase
 * (rollout, publication, update; in turn) by a random delay inside that phase's span as the previous iteration
 * measured it, counted from the moment the iteration before it was recorded. Victims alternate between the two actors
 * (at most 5 respawns a minute per actor is the policy). Every kill must be a loss and a respawn, the run must
 * complete, every iteration must have its metrics.csv row with all its fragments (or a logged smaller batch), no
 * fragment may be dropped (a replacement never sends one the learner already has), no JVM crash file.
 */
class KillNineSoakTest {

    @TempDir
    Path tmp;

    private ActorCountersReader counters;

    record Kill(int victim, long pid, String phase, double delayMs, int atIteration) {}

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void threeKillsAtRandomPointsOfIterationsLoseNoIterationAndNoFragment() throws Exception {
        TransportConfig t = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron"));
        int iterations = 40;
        PipelineConfig cfg = PipelineEndToEndTest.config(t, tmp.resolve("run"), 2, 2, 512, iterations);
        soak(cfg, 3, 1L);
    }

    /** The README's learning run (as {@code PipelineLearningTest}) with 10 kills spread over it: it still learns. */
    @Test
    @Tag("long")
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void tenKillsDuringTheReadmeRunStillLearnPendulum() throws Exception {
        Hyperparameters hp = Hyperparameters.rpo("Pendulum-v1").with("num-envs", "8").with("num-steps", "256")
                .with("total-timesteps", "500000");
        int iterations = hp.numIterations();
        PipelineConfig cfg = new PipelineConfig(hp, 2, 4, TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron")),
                tmp.resolve("run"), true, 120_000, 120_000, iterations, 0.0);
        List<IterationMetrics> h = soak(cfg, 10, 2L);
        double first = h.subList(0, 5).stream().mapToDouble(IterationMetrics::meanEpisodicReturn).filter(Double::isFinite).average().orElseThrow();
        double last = h.subList(iterations - 10, iterations).stream().mapToDouble(IterationMetrics::meanEpisodicReturn)
                .filter(Double::isFinite).average().orElseThrow();
        System.out.printf("10 kills: mean return first 5 iterations %.1f, last 10 iterations %.1f%n", first, last);
        assertTrue(last > -600 && last > first + 400, "returns improve over the random policy despite the kills: " + first + " -> " + last);
    }

    static void spin(double ms) {
        long until = System.nanoTime() + (long) (ms * 1e6);
        while (System.nanoTime() < until) Thread.onSpinWait();
    }

    static void spinUntil(java.util.function.BooleanSupplier done, CompletableFuture<?> run, ByteArrayOutputStream log) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline && !run.isDone(), "waiting for a fragment:\n" + log);
            Thread.onSpinWait();
        }
    }

    /**
     * Reads the spawned actors' "fragments published" counters (type 4003) from the learner's media driver's CnC file,
     * as AeronStat does: the newest allocated counter of actor {@code id} (a respawned process allocates its own).
     */
    static final class ActorCountersReader {
        private final org.agrona.concurrent.status.CountersReader reader;

        ActorCountersReader(Path aeronDir) throws InterruptedException {
            java.io.File cnc = aeronDir.resolve(io.aeron.CncFileDescriptor.CNC_FILE).toFile();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!cnc.exists() || cnc.length() == 0) {
                assertTrue(System.nanoTime() < deadline, "no CnC file in " + aeronDir);
                Thread.sleep(10);
            }
            java.nio.MappedByteBuffer buffer = org.agrona.IoUtil.mapExistingFile(cnc, "cnc");
            org.agrona.concurrent.UnsafeBuffer meta = io.aeron.CncFileDescriptor.createMetaDataBuffer(buffer);
            reader = new org.agrona.concurrent.status.CountersReader(
                    io.aeron.CncFileDescriptor.createCountersMetaDataBuffer(buffer, meta),
                    io.aeron.CncFileDescriptor.createCountersValuesBuffer(buffer, meta));
        }

        /** The newest process's counter {@code what} of actor {@code actorId}, -1 while it has none. */
        long read(int actorId, String what) {
            String suffix = "actor " + actorId + " " + what;
            long[] value = {-1};
            int[] newest = {-1};
            reader.forEach((counterId, typeId, keyBuffer, label) -> {
                if (typeId == io.tributary.protocol.counters.TributaryCounters.ACTOR_TYPE_ID && label.endsWith(suffix) && counterId > newest[0]) {
                    newest[0] = counterId;
                    value[0] = reader.getCounterValue(counterId);
                }
            });
            return value[0];
        }
    }

    List<IterationMetrics> soak(PipelineConfig cfg, int kills, long seed) throws Exception {
        int iterations = cfg.iterations();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineLearner learner = new PipelineLearner(cfg, new ActorProcesses(cfg), new PrintStream(log, true, StandardCharsets.UTF_8));
        CompletableFuture<List<IterationMetrics>> run = ActorLossTest.start(learner);
        Random rnd = new Random(seed);
        List<Kill> done = new ArrayList<>();
        int spacing = Math.max(3, (iterations - 6) / kills);
        List<IterationMetrics> history;
        try {
            for (int k = 0; k < kills; k++) {
                int victim = k % 2;
                ActorLossTest.awaitIterations(learner, run, 2 + k * spacing, log);
                if (counters == null) counters = new ActorCountersReader(cfg.transport().aeronDir());
                // the replacement of the previous kill has joined (its process is the one registered now)
                int seen = learner.history().size();
                while (learner.history().size() == seen) { // an iteration boundary, just now
                    assertFalse(run.isDone(), "ended early:\n" + log);
                    Thread.onSpinWait();
                }
                IterationMetrics prev = learner.history().get(learner.history().size() - 1);
                String phase = List.of("rollout", "publication", "update").get(k % 3);
                // the victim receives a new version: its rollout of that version begins
                long before = counters.read(victim, "newest version received");
                spinUntil(() -> counters.read(victim, "newest version received") > before, run, log);
                long v = counters.read(victim, "newest version received");
                double delayMs;
                if (phase.equals("rollout")) { // a random point before its fragment of v is out
                    delayMs = rnd.nextDouble() * prev.rolloutS() * 1e3 * 0.5;
                    spin(delayMs);
                    if (counters.read(victim, "last version used") >= v) phase = "rollout missed: fragment already out";
                } else if (phase.equals("publication")) { // just as its fragment of v goes out
                    spinUntil(() -> counters.read(victim, "last version used") >= v, run, log);
                    delayMs = rnd.nextDouble() * 0.2;
                    spin(delayMs);
                } else { // both fragments of v are out: the learner updates; a random point of the update
                    spinUntil(() -> counters.read(victim, "last version used") >= v && counters.read(1 - victim, "last version used") >= v, run, log);
                    delayMs = rnd.nextDouble() * prev.updateS() * 1e3 * 0.5;
                    spin(delayMs);
                    if (counters.read(victim, "newest version received") > v) phase = "update missed: the next version is out";
                }
                ProcessHandle p = learner.actorProcesses().get(victim);
                assertTrue(p.isAlive(), "actor " + victim + " runs before kill " + (k + 1));
                p.destroyForcibly(); // SIGKILL
                done.add(new Kill(victim, p.pid(), phase, delayMs, learner.history().size() + 1));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (learner.actorProcesses().get(victim).pid() == p.pid() || learner.history().size() < seen + 3) {
                    assertTrue(System.nanoTime() < deadline, "respawned and training after kill " + (k + 1) + ":\n" + log);
                    assertFalse(run.isDone(), "ended after kill " + (k + 1) + ":\n" + log);
                    Thread.sleep(10);
                }
            }
            history = run.get(600, TimeUnit.SECONDS);
        } finally {
            learner.requestStop();
            System.out.print(log.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("learner:") || l.contains("drops")).reduce("", (a, b) -> a + b + "\n"));
            done.forEach(kd -> System.out.println("kill: " + kd));
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(kills, done.size());
        assertEquals(iterations, history.size(), "every iteration done");
        ActorLossTest.assertEveryIterationRecorded(cfg.runDir(), iterations);
        for (Kill kd : done) {
            assertTrue(text.contains("learner: actor " + kd.victim() + " lost (its process, pid " + kd.pid() + ", exited with code 137"), kd + "\n" + text);
        }
        assertEquals(kills, history.stream().mapToInt(m -> m.membership().lost()).sum(), "each kill one loss");
        assertEquals(kills, history.stream().mapToInt(m -> m.membership().respawned()).sum(), "each kill one respawn");
        long rows = 0;
        for (IterationMetrics m : history) {
            int f = m.membership().fragments();
            assertTrue(f == m.membership().members() || text.contains("learner: version " + m.version() + " completes with " + f + " of"),
                    "all fragments, or a logged smaller batch: " + m.logLine());
            rows += (long) f * cfg.envsPerActor() * cfg.hp().numSteps();
        }
        assertEquals(rows, history.get(iterations - 1).envSteps(), "the env steps are the rows learned");
        assertEquals(0, history.stream().mapToLong(IterationMetrics::fragmentsDropped).sum(),
                "no fragment dropped (a replacement sends none the learner already has):\n" + text);
        for (Path dir : List.of(Path.of("").toAbsolutePath(), cfg.runDir())) {
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("hs_err_pid")), "JVM crash file in " + dir);
            }
        }
        return history;
    }
}
