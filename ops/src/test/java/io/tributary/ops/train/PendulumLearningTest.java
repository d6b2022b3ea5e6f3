package io.tributary.ops.train;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.algo.Hyperparameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning, end to end: CleanRL's RPO on Pendulum-v1 (1 env, 2048 steps, seed 1) through the RolloutWorker and
 * the Learner. A random policy scores about -1200 here.
 */
class PendulumLearningTest {

    @TempDir
    Path runs;

    /**
     * CI budget: the first 563,200 steps (275 iterations) of the 1M-step schedule, 10-20 s. Builds of this code
     * passed -200 by 360k-510k steps and stayed near -150; another CPU's BLAS rounds differently and so follows
     * another trajectory, hence the margin: the mean of the last 20 returns must beat -700 (random: about -1200).
     */
    @Test
    void rpoLearnsPendulumWithinTheFirstHalfMillionSteps() throws Exception {
        Hyperparameters hp = Hyperparameters.rpo("Pendulum-v1").with("total-timesteps", "1000000").with("seed", "1");
        InProcessTrainer.Result r = InProcessTrainer.train(hp, runs.resolve("rpo"), 563_200);
        assertEquals(563_200, r.globalSteps());
        assertTrue(r.meanReturnLast20() > -700, "mean return of the last 20 episodes " + r.meanReturnLast20());
        List<String> csv = Files.readAllLines(runs.resolve("rpo").resolve("metrics.csv"));
        assertEquals(1 + 275, csv.size());
        for (String name : List.of("losses/value_loss", "losses/policy_loss", "losses/entropy", "losses/old_approx_kl",
                "losses/approx_kl", "losses/clipfrac", "losses/explained_variance", "charts/learning_rate",
                "charts/episodic_return", "charts/SPS")) {
            assertTrue(csv.get(0).contains(name), "metrics.csv has " + name);
        }
    }

    /**
     * TRPO with the RL Zoo's Pendulum-v1 settings (n_envs 2, n_steps 1024, gamma 0.9, n_critic_updates 15; no gSDE,
     * CleanRL's normalization wrappers, truncated episodes bootstrapped as sb3 does) for its 100k steps (48
     * iterations, 98,304 steps), about 10 s. Seed 1 of this build ends near -300 (random: about -1200); the margin
     * is for other CPUs' rounding.
     */
    @Test
    void trpoWithTheRlZooSettingsBeatsTheRandomPolicyWithinItsHundredThousandSteps() throws Exception {
        InProcessTrainer.Result r = InProcessTrainer.train(trpoZoo(1), runs.resolve("trpo"));
        assertEquals(98_304, r.globalSteps());
        assertTrue(r.meanReturnLast20() > -700, "mean return of the last 20 episodes " + r.meanReturnLast20());
        List<String> csv = Files.readAllLines(runs.resolve("trpo").resolve("metrics.csv"));
        for (String name : List.of("train/policy_objective", "train/value_loss", "train/kl_divergence_loss",
                "train/explained_variance", "train/is_line_search_success", "train/std", "charts/episodic_return")) {
            assertTrue(csv.get(0).contains(name), "metrics.csv has " + name);
        }
    }

    /**
     * PPO-CMA-m, the authors' settings except the learning rate: 2e-3 (their 5e-4 moves this build's 64x64 tanh
     * networks too slowly on Pendulum-v1: -1,078 after 200k steps; docs/BENCHMARKS.md). 163,840 steps (80
     * iterations), about 25 s; seed 1 of this build ends near -270 (random: about -1200); the margin is for other
     * CPUs' rounding.
     */
    @Test
    void ppoCmaBeatsTheRandomPolicyOnPendulumWithinItsFirst164ThousandSteps() throws Exception {
        Hyperparameters hp = Hyperparameters.defaults("ppo-cma", "Pendulum-v1").with("learning-rate", "2e-3")
                .with("total-timesteps", "204800").with("seed", "1");
        InProcessTrainer.Result r = InProcessTrainer.train(hp, runs.resolve("ppo-cma"), 163_840);
        assertEquals(163_840, r.globalSteps());
        assertTrue(r.meanReturnLast20() > -700, "mean return of the last 20 episodes " + r.meanReturnLast20());
        List<String> csv = Files.readAllLines(runs.resolve("ppo-cma").resolve("metrics.csv"));
        for (String name : List.of("ppo_cma/policy_mean_loss", "ppo_cma/policy_sigma_loss", "ppo_cma/action_sd",
                "ppo_cma/history_length", "charts/episodic_return")) {
            assertTrue(csv.get(0).contains(name), "metrics.csv has " + name);
        }
    }

    static Hyperparameters trpoZoo(long seed) {
        return Hyperparameters.defaults("trpo", "Pendulum-v1").with("num-envs", "2").with("num-steps", "1024")
                .with("gamma", "0.9").with("n-critic-updates", "15").with("total-timesteps", "100000")
                .with("seed", Long.toString(seed)).with("bootstrap-truncated", "true");
    }

    /**
     * The full TRPO check (-Plong, about 20 s): five seeds of the RL Zoo's settings. The zoo reports -174.6 +/- 127.6
     * for a deterministic evaluation of a gSDE policy; we train without gSDE and score the last 20 stochastic training
     * episodes, which sit lower (this build: -416.8 +/- 163.9). The bound: the five-seed mean within three of the
     * zoo's standard deviations of its mean.
     */
    @Test
    @Tag("long")
    void trpoWithTheRlZooSettingsReachesTheZoosRangeOverFiveSeeds() {
        double[] last20 = new double[5];
        for (int seed = 1; seed <= 5; seed++) {
            InProcessTrainer.Result r = InProcessTrainer.train(trpoZoo(seed), runs.resolve("trpo-zoo-" + seed));
            last20[seed - 1] = r.meanReturnLast20();
            System.out.printf("TRPO Pendulum-v1 zoo settings seed %d: %.1f (%.0f steps/s)%n", seed, r.meanReturnLast20(),
                    r.stepsPerSecond());
        }
        double mean = java.util.Arrays.stream(last20).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(last20).map(x -> (x - mean) * (x - mean)).sum() / (last20.length - 1));
        System.out.printf("TRPO Pendulum-v1 zoo settings, 5 seeds: %.1f +/- %.1f (zoo: -174.6 +/- 127.6)%n", mean, sd);
        assertTrue(mean >= -174.6 - 3 * 127.6, "mean of five seeds " + mean);
    }

    /** The full check (-Plong): RPO reaches at least -300 at 1M steps; PPO's figure is reported alongside. */
    @Test
    @Tag("long")
    void rpoReachesMinus300AtOneMillionSteps() {
        InProcessTrainer.Result rpo = InProcessTrainer.train(Hyperparameters.rpo("Pendulum-v1")
                .with("total-timesteps", "1000000").with("seed", "1"), runs.resolve("rpo1m"));
        InProcessTrainer.Result ppo = InProcessTrainer.train(Hyperparameters.ppo("Pendulum-v1")
                .with("total-timesteps", "1000000").with("seed", "1"), runs.resolve("ppo1m"));
        System.out.printf("Pendulum-v1 seed 1, 1M steps: RPO %.1f (%.0f steps/s), PPO %.1f (%.0f steps/s)%n",
                rpo.meanReturnLast20(), rpo.stepsPerSecond(), ppo.meanReturnLast20(), ppo.stepsPerSecond());
        assertTrue(rpo.meanReturnLast20() >= -300, "RPO mean return of the last 20 episodes " + rpo.meanReturnLast20());
    }
}
