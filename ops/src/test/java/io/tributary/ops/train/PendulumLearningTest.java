package io.tributary.ops.train;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.pipeline.FinalWeights;
import io.tributary.ops.eval.Evaluation;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
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
     * TRPO with the RL Zoo's Pendulum-v1 settings (n_envs 2, n_steps 1024, gamma 0.9, n_critic_updates 15; no
     * normalization, as the zoo has none for this task; truncated episodes bootstrapped as sb3 does; no gSDE) for its
     * 100k steps (48 iterations, 98,304 steps), about 5 s. Seed 1 of this build ends near -210 in training and its
     * final policy scores about -180 deterministically (random: about -1200); the margins are for other CPUs'
     * rounding.
     */
    @Test
    void trpoWithTheRlZooSettingsBeatsTheRandomPolicyWithinItsHundredThousandSteps() throws Exception {
        InProcessTrainer.Result r = InProcessTrainer.train(trpoZoo(1), runs.resolve("trpo"), Long.MAX_VALUE,
                InProcessTrainer.Normalization.NONE);
        assertEquals(98_304, r.globalSteps());
        assertTrue(r.meanReturnLast20() > -700, "mean return of the last 20 episodes " + r.meanReturnLast20());
        double evaluated = deterministicReturn(runs.resolve("trpo"), 20);
        assertTrue(evaluated > -700, "deterministic evaluation of the final policy " + evaluated);
        List<String> csv = Files.readAllLines(runs.resolve("trpo").resolve("metrics.csv"));
        for (String name : List.of("train/policy_objective", "train/value_loss", "train/kl_divergence_loss",
                "train/explained_variance", "train/is_line_search_success", "train/std", "charts/episodic_return")) {
            assertTrue(csv.get(0).contains(name), "metrics.csv has " + name);
        }
    }

    /**
     * PPO-CMA-m with its defaults: the authors' settings (learning rate 5e-4, H 9, 100 minibatches of 512) and
     * time-limit cuts bootstrapped. 102,400 steps (50 iterations), about 25 s; seeds 1-3 of this build end near -240,
     * -240 and -190 (random: about -1200); the margin is for other CPUs' rounding.
     */
    @Test
    void ppoCmaBeatsTheRandomPolicyOnPendulumWithinItsFirstHundredThousandSteps() throws Exception {
        Hyperparameters hp = Hyperparameters.defaults("ppo-cma", "Pendulum-v1").with("total-timesteps", "204800")
                .with("seed", "1");
        InProcessTrainer.Result r = InProcessTrainer.train(hp, runs.resolve("ppo-cma"), 102_400);
        assertEquals(102_400, r.globalSteps());
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

    /** The mean return of the run's final policy, acting with its mean action, over {@code episodes} from seed 0. */
    static double deterministicReturn(Path runDir, int episodes) throws Exception {
        try (Env env = EnvRegistry.make("Pendulum-v1")) {
            PolicySpec spec = PolicySpec.cleanRl(env.observationSpace().size(), env.actionSpace().size());
            PolicyVersion v = FinalWeights.read(runDir.resolve("final-weights.bin"), spec);
            return Evaluation.run(env, v, episodes, 0, true, e -> {}).meanReturn();
        }
    }

    /**
     * The full TRPO check (-Plong, about 30 s): five seeds of the RL Zoo's settings, each final policy scored as the
     * zoo scores its one (rl_zoo3.benchmark: the mean action, 150,000 steps = 750 episodes). The zoo reports
     * -174.6 +/- 127.6 (one policy, trained with gSDE; the +/- is the spread over its evaluation episodes). Required:
     * every seed's evaluation and the five seeds' mean inside that band. This build: -182.5 / -171.5 / -178.9 /
     * -175.2 / -189.5, mean -179.5.
     */
    @Test
    @Tag("long")
    void trpoWithTheRlZooSettingsReachesTheZoosRangeOverFiveSeeds() throws Exception {
        double zooMean = -174.6;
        double zooSd = 127.6;
        double[] evaluated = new double[5];
        for (int seed = 1; seed <= 5; seed++) {
            Path dir = runs.resolve("trpo-zoo-" + seed);
            InProcessTrainer.Result r = InProcessTrainer.train(trpoZoo(seed), dir, Long.MAX_VALUE,
                    InProcessTrainer.Normalization.NONE);
            evaluated[seed - 1] = deterministicReturn(dir, 750);
            System.out.printf("TRPO Pendulum-v1 zoo settings seed %d: final policy %.1f (deterministic, 750 episodes),"
                    + " last 20 training episodes %.1f (%.0f steps/s)%n", seed, evaluated[seed - 1], r.meanReturnLast20(),
                    r.stepsPerSecond());
            assertTrue(Math.abs(evaluated[seed - 1] - zooMean) <= zooSd, "seed " + seed + ": " + evaluated[seed - 1]);
        }
        double mean = java.util.Arrays.stream(evaluated).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(evaluated).map(x -> (x - mean) * (x - mean)).sum() / (evaluated.length - 1));
        System.out.printf("TRPO Pendulum-v1 zoo settings, 5 seeds: %.1f +/- %.1f (zoo: -174.6 +/- 127.6)%n", mean, sd);
        assertTrue(Math.abs(mean - zooMean) <= zooSd, "mean of five seeds " + mean);
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
