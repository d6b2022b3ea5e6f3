package io.tributary.ops.eval;

import io.tributary.envs.Box;
import io.tributary.envs.Env;
import io.tributary.envs.Step;
import io.tributary.policy.GaussianPolicy;
import io.tributary.policy.norm.FrozenNormalization;
import io.tributary.policy.random.LxmRandom;
import io.tributary.protocol.PolicyVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a trained policy for whole episodes on one environment copy, as an actor would: observations normalized
 * with the version's statistics (frozen, {@code clip((x - mean) / sqrt(var + 1e-8), -10, 10)}, {@link
 * FrozenNormalization}), the action sampled from {@code N(mean, exp(log_std))} with an {@link LxmRandom} seeded with
 * {@code seed} (or the mean itself when deterministic), clipped to the action space ({@code ClipAction}); returns
 * and lengths are the environment's raw ones. The first episode resets with {@code seed}, the next ones continue the
 * environment's generator (as {@code random} does).
 */
public final class Evaluation {

    /** One finished episode. */
    public record Episode(double ret, int length) {}

    /** What a number of episodes came to. */
    public record Summary(List<Episode> episodes) {
        public double meanReturn() {
            return episodes.stream().mapToDouble(Episode::ret).average().orElse(Double.NaN);
        }

        public double stdReturn() {
            return std(episodes.stream().mapToDouble(Episode::ret).toArray());
        }

        public double meanLength() {
            return episodes.stream().mapToDouble(Episode::length).average().orElse(Double.NaN);
        }

        public double stdLength() {
            return std(episodes.stream().mapToDouble(Episode::length).toArray());
        }

        /** Population standard deviation (numpy's {@code std}), as CleanRL's evaluation reports. */
        private static double std(double[] xs) {
            double m = 0;
            for (double x : xs) m += x;
            m /= xs.length;
            double s = 0;
            for (double x : xs) s += (x - m) * (x - m);
            return Math.sqrt(s / xs.length);
        }
    }

    private Evaluation() {}

    public static Summary run(Env env, PolicyVersion version, int episodes, long seed, boolean deterministic,
            Consumer<Episode> onEpisode) {
        if (env.observationSpace().size() != version.spec.observationDim() || env.actionSpace().size() != version.spec.actionDim()) {
            throw new IllegalArgumentException(env.id() + " has " + env.observationSpace().size() + " observations and "
                    + env.actionSpace().size() + " actions; the policy was trained for " + version.spec.observationDim() + " and "
                    + version.spec.actionDim());
        }
        GaussianPolicy policy = new GaussianPolicy(version.spec);
        policy.load(version);
        FrozenNormalization norm = new FrozenNormalization(version.spec.observationDim());
        norm.onVersion(version);
        LxmRandom rng = new LxmRandom(seed);
        Box space = env.actionSpace();
        int actDim = space.size();
        float[] obs = new float[version.spec.observationDim()];
        float[] sample = new float[actDim];
        double[] mean = new double[actDim];
        double[] action = new double[actDim];
        List<Episode> out = new ArrayList<>();
        for (int ep = 0; ep < episodes; ep++) {
            double[] raw = ep == 0 ? env.reset(seed) : env.reset();
            double ret = 0;
            int len = 0;
            while (true) {
                norm.observation(0, raw, 0, obs, 0);
                if (deterministic) {
                    policy.mean(obs, 0, mean, 0);
                    for (int j = 0; j < actDim; j++) action[j] = (float) mean[j];
                } else {
                    policy.sample(obs, 0, rng, 0.0, sample, 0);
                    for (int j = 0; j < actDim; j++) action[j] = sample[j];
                }
                for (int j = 0; j < actDim; j++) action[j] = Math.max(space.low(j), Math.min(space.high(j), action[j]));
                Step s = env.step(action);
                ret += s.reward();
                len++;
                if (s.done()) break;
                raw = s.observation();
            }
            Episode e = new Episode(ret, len);
            out.add(e);
            onEpisode.accept(e);
        }
        return new Summary(List.copyOf(out));
    }
}
