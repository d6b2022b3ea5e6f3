package io.tributary.ops.cli;

import io.tributary.transport.TransportConfig;
import io.tributary.envs.EnvRegistry;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.ops.train.InProcessTrainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code train --env Pendulum-v1 --algo rpo [--actors N --envs-per-actor M]}: a PPO/RPO run with CleanRL's option
 * names and defaults. With {@code --actors N > 0} (default 2) the distributed pipeline runs: this process is the
 * learner with an embedded media driver, N actor JVMs are spawned on this host (IPC, or {@code --transport udp});
 * with {@code --spawn false} it waits for actors started by hand ({@code io.tributary.actors.ActorMain}) on any
 * host. With {@code --actors 0} actors and learner run in this one process, one thread, CleanRL-exact. Metrics go to
 * {@code <runs-dir>/<run-name>/metrics.csv} and one log line per update.
 */
public final class TrainCommand implements Command {

    /** Marks an option left at the algorithm's CleanRL default. */
    static final String ALGO_DEFAULT = "cleanrl";

    /** Options that only the single-process mode ({@code --actors 0}) reads. */
    static final Set<String> IN_PROCESS_ONLY = Set.of("normalization", "num-envs");

    /** Options that only the distributed mode ({@code --actors > 0}) reads. */
    static final Set<String> DISTRIBUTED_ONLY = Set.of("envs-per-actor", "threads-per-actor", "transport", "learner-host",
            "actor-host", "fragments-port", "weights-port", "mtu", "spawn", "startup-timeout-s", "fragment-timeout-s");

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train PPO/RPO (CleanRL semantics): learner + actor processes over Aeron, or one process with --actors 0";
    }

    @Override
    public List<Option> options() {
        List<Option> o = new ArrayList<>();
        o.add(Option.withDefault("env", "Pendulum-v1", "environment id (see: envs)"));
        o.add(Option.withDefault("algo", "rpo", "rpo or ppo (ppo is rpo with --rpo-alpha 0)"));
        o.add(Option.withDefault("actors", "2", "actor processes; 0 runs actors and learner in this process (CleanRL-exact)"));
        o.add(Option.withDefault("run-name", "", "run directory name (default <env>__<algo>__<seed>__<time>)"));
        o.add(Option.withDefault("runs-dir", "runs", "where run directories go"));
        o.add(Option.withDefault("iterations", "0", "stop after this many updates (0: total-timesteps / batch); the"
                + " learning-rate schedule still follows total-timesteps"));
        o.add(Option.withDefault("rollout-perturb-alpha", "0", "RPO perturbed-mean sampling in the rollout (0: CleanRL's sampling)"));
        // --actors 0 only
        o.add(Option.withDefault("normalization", "cleanrl", "--actors 0 only: cleanrl (per-env running statistics, as"
                + " CleanRL) or frozen (learner-owned, frozen per version, as the distributed mode)"));
        // --actors > 0 only
        o.add(Option.withDefault("envs-per-actor", "4", "environment copies per actor (num-envs = actors x envs-per-actor)"));
        o.add(Option.withDefault("threads-per-actor", "1", "rollout threads per actor (divides envs-per-actor)"));
        o.add(Option.withDefault("transport", "ipc", "ipc (one host) or udp"));
        o.add(Option.withDefault("learner-host", "127.0.0.1", "udp: address actors send fragments to"));
        o.add(Option.withDefault("actor-host", "127.0.0.1", "udp: address spawned actors receive weights on"));
        o.add(Option.withDefault("fragments-port", "40123", "udp: learner port for fragments"));
        o.add(Option.withDefault("weights-port", "40124", "udp: learner control port of the weights stream"));
        o.add(Option.withDefault("mtu", "8192", "udp: Aeron MTU"));
        o.add(Option.withDefault("spawn", "true", "spawn the actors on this host (false: wait for actors started by hand)"));
        o.add(Option.withDefault("startup-timeout-s", "120", "wait this long for every actor's hello"));
        o.add(Option.withDefault("fragment-timeout-s", "120", "wait this long for one iteration's fragments"));
        // CleanRL's hyperparameters, by CleanRL's names
        Map<String, String> rpo = Hyperparameters.rpo("Pendulum-v1").asMap();
        Map<String, String> ppo = Hyperparameters.ppo("Pendulum-v1").asMap();
        for (String key : rpo.keySet()) {
            if (key.equals("env-id")) continue;
            String def = rpo.get(key).equals(ppo.get(key)) ? rpo.get(key) : "rpo " + rpo.get(key) + ", ppo " + ppo.get(key);
            String help = "CleanRL's --" + key + " (CleanRL default: " + def + ")";
            if (key.equals("num-envs")) help = "--actors 0 only: " + help;
            if (key.equals("num-steps")) help += "; with actors: steps per fragment, default keeps CleanRL's batch";
            o.add(Option.withDefault(key, ALGO_DEFAULT, help));
        }
        return o;
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        String algo = args.oneOf("algo", List.of("rpo", "ppo"));
        String env = args.oneOf("env", EnvRegistry.ids());
        int actors = (int) args.integer("actors", 0, 1024);
        boolean distributed = actors > 0;
        for (String key : distributed ? IN_PROCESS_ONLY : DISTRIBUTED_ONLY) {
            if (args.given(key)) {
                throw new UsageException(name() + ": option '--" + key + "' applies only "
                        + (distributed ? "with --actors 0 (single process)" : "with --actors > 0 (distributed)")
                        + "; --actors is " + actors);
            }
        }
        Hyperparameters defaults = Hyperparameters.defaults(algo, env);
        Hyperparameters hp = defaults;
        for (String key : hp.asMap().keySet()) {
            if (key.equals("env-id")) continue;
            String v = args.string(key);
            if (!v.equals(ALGO_DEFAULT)) hp = hp.with(key, v);
        }
        int envsPerActor = 0;
        if (distributed) {
            envsPerActor = (int) args.integer("envs-per-actor", 1, 65536);
            int allEnvs = actors * envsPerActor;
            int steps = args.given("num-steps") ? hp.numSteps() : Math.max(1, defaults.batchSize() / allEnvs);
            hp = hp.with("num-envs", Integer.toString(allEnvs)).with("num-steps", Integer.toString(steps));
        }
        hp.validate();
        int iterations = (int) args.integer("iterations", 0, Integer.MAX_VALUE);
        double alpha = Double.parseDouble(args.string("rollout-perturb-alpha"));
        if (!(alpha >= 0)) throw new UsageException(name() + ": option '--rollout-perturb-alpha' must be >= 0, got " + alpha);
        String runName = args.string("run-name");
        if (runName.isEmpty()) {
            runName = env.replace('/', '_') + "__" + algo + "__" + hp.seed() + "__" + System.currentTimeMillis() / 1000;
        }
        Path runDir = Path.of(args.string("runs-dir"), runName);
        return distributed ? distributed(args, out, algo, hp, actors, envsPerActor, iterations, alpha, runDir)
                : inProcess(args, out, algo, hp, iterations, alpha, runDir);
    }

    private int inProcess(Args args, PrintStream out, String algo, Hyperparameters hp, int iterations, double alpha, Path runDir) {
        InProcessTrainer.Normalization norm =
                args.oneOf("normalization", List.of("cleanrl", "frozen")).equals("frozen")
                        ? InProcessTrainer.Normalization.FROZEN : InProcessTrainer.Normalization.CLEANRL;
        out.println("train: " + algo + ", one process, " + norm.name().toLowerCase(Locale.ROOT) + " normalization, "
                + hp.asMap() + " -> " + runDir);
        long stopAfter = iterations == 0 ? Long.MAX_VALUE : (long) iterations * hp.batchSize();
        InProcessTrainer.Result r = InProcessTrainer.train(hp, runDir, stopAfter, norm, alpha);
        out.printf(Locale.ROOT, "train: %s %s seed %d: %d steps, %d episodes, mean return of the last 20 episodes %.2f,"
                + " %.0f steps/s%n", algo, hp.envId(), hp.seed(), r.globalSteps(), r.episodes(), r.meanReturnLast20(),
                r.stepsPerSecond());
        return 0;
    }

    private int distributed(Args args, PrintStream out, String algo, Hyperparameters hp, int actors, int envsPerActor,
            int iterations, double alpha, Path runDir) throws Exception {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(TransportConfig.MODE, args.oneOf("transport", List.of("ipc", "udp")));
        t.put(TransportConfig.LEARNER_HOST, args.string("learner-host"));
        t.put(TransportConfig.ACTOR_HOST, args.string("actor-host"));
        t.put(TransportConfig.FRAGMENTS_PORT, args.string("fragments-port"));
        t.put(TransportConfig.WEIGHTS_PORT, args.string("weights-port"));
        t.put(TransportConfig.MTU, args.string("mtu"));
        TransportConfig transport = TransportConfig.fromMap(t);
        boolean spawn = switch (args.string("spawn")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new UsageException(name() + ": option '--spawn' must be true or false, got '" + args.string("spawn") + "'");
        };
        PipelineConfig cfg = new PipelineConfig(hp, actors, envsPerActor, transport, runDir, spawn,
                args.integer("startup-timeout-s", 1, 86_400) * 1000, args.integer("fragment-timeout-s", 1, 86_400) * 1000,
                iterations, alpha, (int) args.integer("threads-per-actor", 1, 1024));
        out.printf("train: %s %s, %d actors x %d envs x %d steps, %s, run dir %s%n", algo, hp.envId(), actors, envsPerActor,
                hp.numSteps(), transport.mode().name().toLowerCase(Locale.ROOT), runDir);
        new PipelineLearner(cfg, new ActorProcesses(cfg), out).run();
        return 0;
    }
}
