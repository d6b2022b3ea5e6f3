package io.tributary.ops.train;

import io.tributary.actors.RolloutWorker;
import io.tributary.policy.norm.FrozenNormalization;
import io.tributary.policy.norm.RunningNormalization;
import io.tributary.policy.PolicyInputs;
import io.tributary.protocol.PolicyVersion;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.VectorEnv;
import io.tributary.learner.Learner;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.algo.UpdateStats;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import io.tributary.learner.checkpoint.RunCheckpoint;
import io.tributary.learner.metrics.MetricsSink;
import io.tributary.learner.pipeline.FinalWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-process training loop: one {@link RolloutWorker} and the {@link Learner} in one thread, alternating
 * as CleanRL's script does (collect {@code num_steps} with the current weights, update, repeat). Normalization is
 * CleanRL's by default (per-env statistics updated every step), so results are comparable with CleanRL's tables;
 * {@link Normalization} lists the others. The
 * distributed pipeline uses the same two classes with a transport between them.
 */
public final class InProcessTrainer {

    /** What a run ends with: the mean raw return of the last 20 episodes, steps and steps per second. */
    public record Result(double meanReturnLast20, long globalSteps, double stepsPerSecond, long episodes,
            UpdateStats lastUpdate) {}

    private static final Logger LOG = LoggerFactory.getLogger("tributary.train");

    private InProcessTrainer() {}

    /** Where the worker's normalization statistics come from. */
    public enum Normalization {
        /** CleanRL's per-env statistics, updated every step by the worker (parity with CleanRL's tables). */
        CLEANRL,
        /** The learner's statistics, merged from fragments and frozen per version (what the distributed mode does). */
        FROZEN,
        /**
         * No statistics: raw observations and raw rewards, as sb3 trains without {@code VecNormalize} (the RL Zoo's
         * setting wherever its hyperparameters lack {@code normalize}, e.g. TRPO and PPO on Pendulum-v1). The
         * observations pass through Gymnasium's initial statistics (mean 0, variance 1), never updated, so the policy
         * file carries exactly the transform the policy was trained with; CleanRL's clip to [-10, 10] stays in it.
         */
        NONE
    }

    public static Result train(Hyperparameters hp, Path runDir) {
        return train(hp, runDir, Long.MAX_VALUE);
    }

    public static Result train(Hyperparameters hp, Path runDir, long stopAfterSteps) {
        return train(hp, runDir, stopAfterSteps, Normalization.CLEANRL);
    }

    /**
     * Trains on {@code hp}'s schedule (learning-rate annealing over {@code total_timesteps}) but stops once
     * {@code stopAfterSteps} env steps are done: a shorter check that follows the full run's curve exactly.
     */
    public static Result train(Hyperparameters hp, Path runDir, long stopAfterSteps, Normalization normalization) {
        return train(hp, runDir, stopAfterSteps, normalization, 0.0);
    }

    /** As above, with RPO's perturbed-mean sampling in the rollout ({@code perturbAlpha} 0: CleanRL's sampling). */
    public static Result train(Hyperparameters hp, Path runDir, long stopAfterSteps, Normalization normalization,
            double perturbAlpha) {
        return train(new Run(hp, runDir, stopAfterSteps, normalization, perturbAlpha, 0, null, () -> false, Map.of(), MetricsSink.NONE));
    }

    /**
     * One invocation of a run.
     *
     * @param checkpointEvery a checkpoint every this many iterations (0: none but the last), besides the one at the
     *                        end of this invocation and the one on a stop request
     * @param resume          the checkpoint to continue from (null: a new run); bit-exact in both normalizations
     * @param stopRequested   polled after every iteration (SIGTERM/Ctrl-C): true ends the run after a checkpoint
     * @param config          the resolved configuration, stored in every checkpoint
     * @param sink            every row's scalars also go here (TensorBoard, Prometheus), at the row's env step
     * @param device          where the learner's networks run ({@code --device})
     */
    public record Run(Hyperparameters hp, Path runDir, long stopAfterSteps, Normalization normalization, double perturbAlpha,
            int checkpointEvery, RunCheckpoint resume, BooleanSupplier stopRequested, Map<String, String> config,
            MetricsSink sink, io.tributary.learner.nn.Device device) {

        /** The learner on the CPU. */
        public Run(Hyperparameters hp, Path runDir, long stopAfterSteps, Normalization normalization, double perturbAlpha,
                int checkpointEvery, RunCheckpoint resume, BooleanSupplier stopRequested, Map<String, String> config,
                MetricsSink sink) {
            this(hp, runDir, stopAfterSteps, normalization, perturbAlpha, checkpointEvery, resume, stopRequested, config,
                    sink, io.tributary.learner.nn.Device.CPU);
        }
    }

    public static Result train(Run run) {
        Hyperparameters hp = run.hp().validate();
        Path runDir = run.runDir();
        VectorEnv envs = EnvRegistry.makeVector(hp.envId(), hp.numEnvs());
        int obsDim = envs.singleObservationSpace().size();
        int actDim = envs.singleActionSpace().size();
        PolicySpec spec = hp.policySpec(obsDim, envs.singleActionSpace().low(), envs.singleActionSpace().high());
        Learner learner = new Learner(io.tributary.learner.algo.Algorithms.nameFor(hp), hp, spec, run.device());
        io.tributary.policy.norm.Normalization source;
        RunningNormalization running = null;
        if (run.normalization() == Normalization.FROZEN) {
            learner.ownNormalization();
            source = new FrozenNormalization(obsDim);
        } else if (run.normalization() == Normalization.NONE) {
            // a learner that does not own the normalization publishes the initial statistics in every version
            source = new FrozenNormalization(obsDim);
        } else {
            source = running = new RunningNormalization(hp.numEnvs(), obsDim, hp.gamma());
        }
        RolloutWorker worker = new RolloutWorker(envs, spec, source, hp.seed(), run.perturbAlpha());
        worker.reset(hp.seed());
        TrajectoryFragment fragment = new TrajectoryFragment(hp.numEnvs(), hp.numSteps(), obsDim, actDim);
        // CleanRL and none: the learner does not own the statistics, so the worker records what the policy saw
        PolicyInputs seen = run.normalization() == Normalization.FROZEN ? null : PolicyInputs.like(fragment);
        ArrayDeque<Double> last20 = new ArrayDeque<>();
        long globalStep = 0;
        long episodes = 0;
        int first = 1;
        if (run.resume() != null) {
            RolloutCheckpoint.Counters c = RolloutCheckpoint.restore(run.resume(), learner, running, worker);
            globalStep = c.globalStep();
            episodes = c.episodes();
            for (double r : c.last20()) last20.addLast(r);
            first = learner.iteration() + 1;
        }
        UpdateStats stats = null;
        long start = System.nanoTime();
        long stepsAtStart = globalStep;
        int lastCheckpoint = first - 1;
        int iteration = first - 1;
        try (MetricsLog log = new MetricsLog(runDir, run.resume() == null ? -1 : run.resume().iteration())
                .logLines(!run.sink().replacesLogLine())) {
            for (iteration = first; iteration <= hp.numIterations() && globalStep < run.stopAfterSteps(); iteration++) {
                PolicyVersion snapshot = learner.snapshot();
                long rolloutStart = System.nanoTime();
                worker.collect(snapshot, fragment, seen);
                long updateStart = System.nanoTime();
                globalStep += fragment.rows();
                double sum = 0;
                double lengthSum = 0;
                for (int e = 0; e < fragment.episodeCount; e++) {
                    double r = fragment.episodeReturns[e];
                    sum += r;
                    lengthSum += fragment.episodeLengths[e];
                    last20.addLast(r);
                    if (last20.size() > 20) last20.removeFirst();
                }
                episodes += fragment.episodeCount;
                stats = seen == null ? learner.learn(List.of(fragment)) : learner.learn(List.of(fragment), List.of(seen));
                long updateEnd = System.nanoTime();
                double seconds = (System.nanoTime() - start) / 1e9;
                Map<String, Double> row = MetricsLog.row();
                row.put("global_step", (double) globalStep);
                row.put("iteration", (double) iteration);
                stats.forEachMetric(row::put);
                row.put("charts/episodic_return", fragment.episodeCount > 0 ? sum / fragment.episodeCount : Double.NaN);
                row.put("charts/episodic_length",
                        fragment.episodeCount > 0 ? lengthSum / fragment.episodeCount : Double.NaN);
                row.put("charts/episodic_return_last20", mean(last20));
                row.put("charts/episodes", (double) episodes);
                row.put("charts/SPS", Math.floor((globalStep - stepsAtStart) / seconds));
                row.put("tributary/rollout_s", (updateStart - rolloutStart) / 1e9);
                row.put("tributary/update_s", (updateEnd - updateStart) / 1e9);
                log.write(row);
                run.sink().record(globalStep, System.currentTimeMillis() / 1e3, scalars(row));
                boolean stop = run.stopRequested().getAsBoolean();
                boolean last = iteration >= hp.numIterations() || globalStep >= run.stopAfterSteps();
                if (stop || last || (run.checkpointEvery() > 0 && iteration % run.checkpointEvery() == 0)) {
                    RolloutCheckpoint.write(runDir, run.config(), learner, running, worker,
                            new RolloutCheckpoint.Counters(globalStep, episodes, List.copyOf(last20)));
                    lastCheckpoint = iteration;
                }
                if (stop) {
                    LOG.info("stop requested: checkpoint at iteration {} written to {}", iteration, runDir);
                    break;
                }
            }
            if (run.resume() == null || lastCheckpoint > run.resume().iteration()) {
                PolicyVersion last = learner.snapshot();
                if (running != null) {
                    // CleanRL mode: the statistics are the worker's, one set per env copy; hand on all of them merged
                    var m = TrainedStatistics.merged(running.state());
                    last.setObservationStats(m.count(), m.mean(), m.var());
                }
                writeFinalWeights(runDir, last);
            }
        } finally {
            envs.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(mean(last20), globalStep, (globalStep - stepsAtStart) / seconds, episodes, stats);
    }

    private static void writeFinalWeights(Path runDir, PolicyVersion snapshot) {
        try {
            FinalWeights.write(runDir.resolve("final-weights.bin"), snapshot);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write final-weights.bin", e);
        }
    }

    /** The row under the sinks' tags: all but global_step (the event's step); iteration as tributary/iteration. */
    static Map<String, Double> scalars(Map<String, Double> row) {
        Map<String, Double> m = new java.util.LinkedHashMap<>(row);
        m.remove("global_step");
        Double it = m.remove("iteration");
        if (it != null) m.put("tributary/iteration", it);
        return m;
    }

    private static double mean(ArrayDeque<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        double s = 0;
        for (double x : xs) s += x;
        return s / xs.size();
    }
}
