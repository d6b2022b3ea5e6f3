package io.tributary.learner.cli;

import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.train.InProcessTrainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code train --env Pendulum-v1 --algo rpo --total-timesteps 1000000 --seed 1}: a PPO/RPO run with CleanRL's
 * option names and defaults. {@code --actors 0} (the default) runs actors and learner in this process; metrics go
 * to {@code <runs-dir>/<run-name>/metrics.csv} and one log line per update.
 */
public final class TrainCommand implements Command {

    /** Marks an option left at the algorithm's CleanRL default. */
    static final String ALGO_DEFAULT = "cleanrl";

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train PPO/RPO (CleanRL semantics); single-process with --actors 0";
    }

    @Override
    public List<Option> options() {
        List<Option> o = new ArrayList<>();
        o.add(Option.withDefault("env", "Pendulum-v1", "environment id (see: envs)"));
        o.add(Option.withDefault("algo", "rpo", "rpo or ppo (ppo is rpo with --rpo-alpha 0)"));
        o.add(Option.withDefault("actors", "0", "actor processes; 0 runs them in this process"));
        o.add(Option.withDefault("run-name", "", "run directory name (default <env>__<algo>__<seed>__<time>)"));
        o.add(Option.withDefault("runs-dir", "runs", "where run directories go"));
        Map<String, String> rpo = Hyperparameters.rpo("Pendulum-v1").asMap();
        Map<String, String> ppo = Hyperparameters.ppo("Pendulum-v1").asMap();
        for (String key : rpo.keySet()) {
            if (key.equals("env-id")) continue;
            String def = rpo.get(key).equals(ppo.get(key)) ? rpo.get(key) : "rpo " + rpo.get(key) + ", ppo " + ppo.get(key);
            o.add(Option.withDefault(key, ALGO_DEFAULT, "CleanRL's --" + key + " (CleanRL default: " + def + ")"));
        }
        return o;
    }

    @Override
    public int run(Args args, PrintStream out) {
        String algo = args.oneOf("algo", List.of("rpo", "ppo"));
        String env = args.string("env");
        long actors = args.integer("actors", 0, 0);
        if (actors != 0) throw new UsageException("train: only --actors 0 (in-process) is available in this build");
        Hyperparameters hp = Hyperparameters.defaults(algo, env);
        for (String key : hp.asMap().keySet()) {
            if (key.equals("env-id")) continue;
            String v = args.string(key);
            if (!v.equals(ALGO_DEFAULT)) hp = hp.with(key, v);
        }
        hp.validate();
        String runName = args.string("run-name");
        if (runName.isEmpty()) {
            runName = env.replace('/', '_') + "__" + algo + "__" + hp.seed() + "__" + System.currentTimeMillis() / 1000;
        }
        Path runDir = Path.of(args.string("runs-dir"), runName);
        out.println("train: " + algo + " " + hp.asMap() + " -> " + runDir);
        InProcessTrainer.Result r = InProcessTrainer.train(hp, runDir);
        out.printf(Locale.ROOT, "train: %s %s seed %d: %d steps, %d episodes, mean return of the last 20 episodes %.2f,"
                + " %.0f steps/s%n", algo, env, hp.seed(), r.globalSteps(), r.episodes(), r.meanReturnLast20(),
                r.stepsPerSecond());
        return 0;
    }
}
