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

/**
 * The single-process training loop: one {@link RolloutWorker} and the {@link Learner} in one thread, alternating
 * as CleanRL's script does (collect {@code num_steps} with the current weights, update, repeat). Normalization is
 * CleanRL's (per-env statistics updated every step), so results are comparable with CleanRL's tables. The
 * distributed pipeline uses the same two classes with a transport between them.
 */
public final class InProcessTrainer {

    /** What a run ends with: the mean raw return of the last 20 episodes, steps and steps per second. */
    public record Result(double meanReturnLast20, long globalSteps, double stepsPerSecond, long episodes,
            UpdateStats lastUpdate) {}

    private InProcessTrainer() {}

    /** Where the worker's normalization statistics come from. */
    public enum Normalization {
        /** CleanRL's per-env statistics, updated every step by the worker (parity with CleanRL's tables). */
        CLEANRL,
        /** The learner's statistics, merged from fragments and frozen per version (what the distributed mode does). */
        FROZEN
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
        hp.validate();
        VectorEnv envs = EnvRegistry.makeVector(hp.envId(), hp.numEnvs());
        int obsDim = envs.singleObservationSpace().size();
        int actDim = envs.singleActionSpace().size();
        PolicySpec spec = hp.policySpec(obsDim, actDim);
        Learner learner = new Learner(hp, spec);
        io.tributary.policy.norm.Normalization source;
        if (normalization == Normalization.FROZEN) {
            learner.ownNormalization();
            source = new FrozenNormalization(obsDim);
        } else {
            source = new RunningNormalization(hp.numEnvs(), obsDim, hp.gamma());
        }
        RolloutWorker worker = new RolloutWorker(envs, spec, source, hp.seed(), perturbAlpha);
        worker.reset(hp.seed());
        TrajectoryFragment fragment = new TrajectoryFragment(hp.numEnvs(), hp.numSteps(), obsDim, actDim);
        // CleanRL mode: only the worker knows the per-step statistics, so it records what the policy saw
        PolicyInputs seen = normalization == Normalization.FROZEN ? null : PolicyInputs.like(fragment);
        ArrayDeque<Double> last20 = new ArrayDeque<>();
        long globalStep = 0;
        long episodes = 0;
        UpdateStats stats = null;
        long start = System.nanoTime();
        try (MetricsLog log = new MetricsLog(runDir)) {
            for (int iteration = 1; iteration <= hp.numIterations() && globalStep < stopAfterSteps; iteration++) {
                PolicyVersion snapshot = learner.snapshot();
                worker.collect(snapshot, fragment, seen);
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
                row.put("charts/SPS", Math.floor(globalStep / seconds));
                log.write(row);
            }
        } finally {
            envs.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(mean(last20), globalStep, globalStep / seconds, episodes, stats);
    }

    private static double mean(ArrayDeque<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        double s = 0;
        for (double x : xs) s += x;
        return s / xs.size();
    }
}
