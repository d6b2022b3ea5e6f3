package io.tributary.ops.eval;

import io.tributary.envs.Env;
import io.tributary.envs.Step;
import io.tributary.policy.random.LxmRandom;
import io.tributary.protocol.PolicyVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a trained policy for whole episodes on one environment copy, as an actor would ({@link PolicyActor}: frozen
 * statistics, the mean action or a sample drawn with an {@link LxmRandom} seeded with {@code seed}, clipped to the
 * action space); returns and lengths are the environment's raw ones. The first episode resets with {@code seed}, the next ones continue the
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
        PolicyActor actor = new PolicyActor(version, env.actionSpace());
        LxmRandom rng = new LxmRandom(seed);
        double[] action = new double[env.actionSpace().size()];
        List<Episode> out = new ArrayList<>();
        for (int ep = 0; ep < episodes; ep++) {
            double[] raw = ep == 0 ? env.reset(seed) : env.reset();
            double ret = 0;
            int len = 0;
            while (true) {
                if (deterministic) actor.deterministic(raw, action);
                else actor.sample(raw, rng, action);
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
