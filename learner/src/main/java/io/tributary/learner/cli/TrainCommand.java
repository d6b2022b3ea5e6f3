package io.tributary.learner.cli;

import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.train.InProcessTrainer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code tributary train}: a PPO/RPO run with CleanRL's options ({@code --env-id}/{@code --env}, {@code --algo},
 * {@code --total-timesteps}, {@code --seed}, {@code --num-envs}, {@code --num-steps}, {@code --learning-rate},
 * {@code --rpo-alpha}, ... every key of {@link Hyperparameters#asMap()}). With {@code --actors 0} (the default here)
 * or {@code --in-process}, actors and learner run in this process; metrics go to {@code runs/<name>/metrics.csv}.
 */
public final class TrainCommand {

    private TrainCommand() {}

    public static final String USAGE = """
            usage: tributary train --env Pendulum-v1 --algo rpo|ppo [--total-timesteps N] [--seed S] [--run-name NAME]
                                   [--runs-dir DIR] [--in-process | --actors 0] [--<hyperparameter> VALUE ...]
            hyperparameters (CleanRL's names and defaults): --learning-rate --num-envs --num-steps --anneal-lr --gamma
              --gae-lambda --num-minibatches --update-epochs --norm-adv --clip-coef --clip-vloss --ent-coef --vf-coef
              --max-grad-norm --target-kl --rpo-alpha --bootstrap-truncated --hidden --activation --adam-eps""";

    public static int run(String[] args) {
        String algo = "rpo";
        String env = null;
        String runName = null;
        String runsDir = "runs";
        java.util.List<String[]> overrides = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(USAGE);
                return 0;
            }
            if (a.equals("--in-process")) continue;
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else {
                if (i + 1 >= args.length) throw new IllegalArgumentException("--" + key + " needs a value\n" + USAGE);
                value = args[++i];
            }
            switch (key) {
                case "algo" -> algo = value.toLowerCase(Locale.ROOT);
                case "env", "env-id" -> env = value;
                case "run-name" -> runName = value;
                case "runs-dir" -> runsDir = value;
                case "actors" -> {
                    if (!value.equals("0")) {
                        throw new IllegalArgumentException("--actors " + value + ": only the in-process mode (--actors 0)"
                                + " is available in this build");
                    }
                }
                default -> overrides.add(new String[] {key, value});
            }
        }
        if (env == null) throw new IllegalArgumentException("--env is required\n" + USAGE);
        Hyperparameters hp = Hyperparameters.defaults(algo, env);
        for (String[] kv : overrides) hp = hp.with(kv[0], kv[1]);
        hp.validate();
        if (runName == null) runName = env.replace('/', '_') + "__" + algo + "__" + hp.seed() + "__" + System.currentTimeMillis() / 1000;
        Path runDir = Path.of(runsDir, runName);
        System.out.println("tributary train: " + algo + " " + hp.asMap() + " -> " + runDir);
        InProcessTrainer.Result r = InProcessTrainer.train(hp, runDir);
        System.out.printf(Locale.ROOT, "done: %s %s seed %d, %d steps, %d episodes, mean return of the last 20 episodes %.2f,"
                + " %.0f steps/s%n", algo, env, hp.seed(), r.globalSteps(), r.episodes(), r.meanReturnLast20(),
                r.stepsPerSecond());
        return 0;
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("tributary train: " + e.getMessage());
            System.exit(2);
        }
    }
}
