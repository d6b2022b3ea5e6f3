package io.tributary.ops.cli;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.ops.eval.Evaluation;
import io.tributary.ops.eval.TrainedPolicy;
import io.tributary.transport.options.OptionValues;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eval RUN_DIR [--episodes N] [--deterministic] [--env ID] [--seed S] [--checkpoint FILE]}: runs the run's
 * final policy (or a checkpoint's) with the observation statistics it was trained with ({@link TrainedPolicy},
 * {@link Evaluation}) and prints a line per episode and the mean and standard deviation of return and length.
 */
@Command(name = "eval", description = "run a trained policy (final-weights.bin or a checkpoint) with its normalization statistics and print episode returns",
        sortOptions = false, showDefaultValues = true)
final class EvalCommand implements Callable<Integer> {

    private final PrintStream out;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    TrainedPolicyOptions policy;

    @Option(names = "--episodes", defaultValue = "10", description = "number of episodes")
    int episodes;

    @Option(names = "--deterministic", arity = "0..1", fallbackValue = "true", defaultValue = "false", paramLabel = "true|false",
            description = "act with the mean action (alone: true); false samples from N(mean, exp(log_std))")
    boolean deterministic;

    @Option(names = "--env", paramLabel = "ID", description = "evaluate on this environment (same observation and action sizes; default: the run's)")
    String envId;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the first reset and of the action sampler")
    long seed;

    @Mixin
    DmControlDirOption dmControlDir;

    EvalCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        int n = (int) OptionValues.inRange(spec, "--episodes", episodes, 1, 1_000_000);
        long s = OptionValues.inRange(spec, "--seed", seed, 0, Long.MAX_VALUE);
        TrainedPolicy p = policy.load(spec);
        String id = envId == null ? p.hp().envId() : EnvOption.checked(spec, envId);
        out.printf(Locale.ROOT, "eval: %s version %d (%s) on %s, %s, seed %d%n", p.source(), p.version().version,
                p.hp().algo(), id, deterministic ? "deterministic (mean action)" : "stochastic", s);
        int[] k = {0};
        Evaluation.Summary sum;
        try (Env env = EnvRegistry.make(id)) {
            sum = Evaluation.run(env, p.version(), n, s, deterministic,
                    e -> out.printf(Locale.ROOT, "episode %d return %.3f length %d%n", ++k[0], e.ret(), e.length()));
        }
        out.printf(Locale.ROOT, "eval %s: %d episodes, return mean %.3f std %.3f, length mean %.1f std %.1f%n", id, n,
                sum.meanReturn(), sum.stdReturn(), sum.meanLength(), sum.stdLength());
        return 0;
    }
}
