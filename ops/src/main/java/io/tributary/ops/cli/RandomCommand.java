package io.tributary.ops.cli;

import io.tributary.envs.Box;
import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import io.tributary.envs.random.NumpyGenerator;
import io.tributary.transport.options.OptionValues;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code random --env ID --episodes N --seed S}: runs a uniform random policy and prints each episode's return and
 * length, then a summary. The environment is reset with {@code seed} for the first episode and continues its
 * generator after that; actions are drawn as Gymnasium's {@code action_space.sample()} after
 * {@code action_space.seed(S)}: uniform in [low, high] from {@code default_rng(S)}, rounded to float32.
 */
@Command(name = "random", description = "run a uniform random policy on an environment and print episode returns",
        sortOptions = false, showDefaultValues = true)
final class RandomCommand implements Callable<Integer> {

    private final PrintStream out;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    EnvOption env;

    @Option(names = "--episodes", defaultValue = "10", description = "number of episodes")
    int episodes;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the first reset and of the action sampler")
    long seed;

    RandomCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        String id = this.env.checked(spec);
        int episodes = (int) OptionValues.inRange(spec, "--episodes", this.episodes, 1, 1_000_000);
        long seed = OptionValues.inRange(spec, "--seed", this.seed, 0, Long.MAX_VALUE);
        try (Env env = EnvRegistry.make(id)) {
            Box space = env.actionSpace();
            if (!space.isBounded()) {
                throw new ParameterException(spec.commandLine(), "the action space of " + id + " is unbounded; uniform sampling needs bounds");
            }
            NumpyGenerator actions = NumpyGenerator.defaultRng(seed);
            double[] a = new double[space.size()];
            double sum = 0, sumSq = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            long steps = 0;
            long t0 = System.nanoTime();
            for (int ep = 0; ep < episodes; ep++) {
                if (ep == 0) env.reset(seed);
                else env.reset();
                double ret = 0;
                int len = 0;
                while (true) {
                    for (int i = 0; i < a.length; i++) {
                        double x = actions.uniform(space.low(i), space.high(i));
                        a[i] = space.dtype() == Box.DType.FLOAT32 ? (float) x : x;
                    }
                    Step s = env.step(a);
                    ret += s.reward();
                    len++;
                    if (s.done()) break;
                }
                steps += len;
                sum += ret;
                sumSq += ret * ret;
                min = Math.min(min, ret);
                max = Math.max(max, ret);
                out.printf("episode %d return %.3f length %d%n", ep + 1, ret, len);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double mean = sum / episodes;
            double std = Math.sqrt(Math.max(0, sumSq / episodes - mean * mean));
            out.printf("random %s: %d episodes, return mean %.3f std %.3f min %.3f max %.3f, %d steps, %.0f steps/s%n",
                    id, episodes, mean, std, min, max, steps, steps / Math.max(secs, 1e-9));
        }
        return 0;
    }
}
