package io.tributary.learner.cli;

import io.tributary.actors.transport.TransportConfig;
import io.tributary.envs.EnvRegistry;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code train-distributed --env Pendulum-v1 --algo rpo --actors 4 --envs-per-actor 8 [--transport ipc|udp]}: the
 * learner with an embedded media driver, actor JVMs spawned on this host, synchronous PPO/RPO. With
 * {@code --spawn false} it waits for actors started by hand ({@code io.tributary.actors.ActorMain}) on any host.
 */
public final class TrainDistributedCommand implements Command {

    @Override
    public String name() {
        return "train-distributed";
    }

    @Override
    public String summary() {
        return "train with a learner and actor processes over Aeron (IPC on this host, or UDP)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.withDefault("env", "Pendulum-v1", "environment id (see: envs)"),
                Option.withDefault("algo", "rpo", "ppo or rpo (CleanRL's defaults for each)"),
                Option.withDefault("actors", "2", "actor processes"),
                Option.withDefault("envs-per-actor", "4", "environment copies per actor"),
                Option.withDefault("threads-per-actor", "1", "rollout threads per actor (divides envs-per-actor)"),
                Option.withDefault("steps", "auto", "steps per fragment T (auto: CleanRL's 2048-step batch / all envs)"),
                Option.withDefault("total-timesteps", "auto", "env steps in total (auto: the algorithm's CleanRL default)"),
                Option.withDefault("iterations", "0", "stop after this many iterations (0: total-timesteps / batch)"),
                Option.withDefault("seed", "1", "seed of the network init, the update and the env copies (seed + i)"),
                Option.withDefault("hp", "", "more hyperparameters as key=value,key=value (CleanRL names, e.g. learning-rate=1e-3)"),
                Option.withDefault("rollout-perturb-alpha", "0", "RPO perturbed-mean sampling in the actors' rollout"),
                Option.withDefault("transport", "ipc", "ipc (one host) or udp"),
                Option.withDefault("learner-host", "127.0.0.1", "udp: address actors send fragments to"),
                Option.withDefault("actor-host", "127.0.0.1", "udp: address spawned actors receive weights on"),
                Option.withDefault("fragments-port", "40123", "udp: learner port for fragments"),
                Option.withDefault("weights-port", "40124", "udp: learner control port of the weights stream"),
                Option.withDefault("mtu", "8192", "udp: Aeron MTU"),
                Option.withDefault("spawn", "true", "spawn the actors on this host (false: wait for actors started by hand)"),
                Option.withDefault("startup-timeout-s", "120", "wait this long for every actor's hello"),
                Option.withDefault("fragment-timeout-s", "120", "wait this long for one iteration's fragments"),
                Option.withDefault("run-dir", "auto", "run directory (auto: runs/<env>-<algo>-<time>)"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        String env = args.oneOf("env", EnvRegistry.ids());
        String algo = args.oneOf("algo", List.of("ppo", "rpo"));
        int actors = (int) args.integer("actors", 1, 1024);
        int perActor = (int) args.integer("envs-per-actor", 1, 65536);
        int allEnvs = actors * perActor;
        int steps = args.string("steps").equals("auto") ? Math.max(1, 2048 / allEnvs) : (int) args.integer("steps", 1, 1 << 20);
        Hyperparameters hp = Hyperparameters.defaults(algo, env)
                .with("num-envs", Integer.toString(allEnvs))
                .with("num-steps", Integer.toString(steps))
                .with("seed", Long.toString(args.integer("seed", 0, Long.MAX_VALUE)));
        if (!args.string("total-timesteps").equals("auto")) {
            hp = hp.with("total-timesteps", Long.toString(args.integer("total-timesteps", 1, Long.MAX_VALUE)));
        }
        for (String kv : args.string("hp").split(",")) {
            if (kv.isBlank()) continue;
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new UsageException(name() + ": --hp takes key=value pairs, got '" + kv + "'");
            hp = hp.with(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        if (hp.numEnvs() != allEnvs || hp.numSteps() != steps) {
            throw new UsageException(name() + ": set num-envs and num-steps with --actors, --envs-per-actor and --steps, not --hp");
        }
        Map<String, String> t = new LinkedHashMap<>();
        t.put(TransportConfig.MODE, args.oneOf("transport", List.of("ipc", "udp")));
        t.put(TransportConfig.LEARNER_HOST, args.string("learner-host"));
        t.put(TransportConfig.ACTOR_HOST, args.string("actor-host"));
        t.put(TransportConfig.FRAGMENTS_PORT, args.string("fragments-port"));
        t.put(TransportConfig.WEIGHTS_PORT, args.string("weights-port"));
        t.put(TransportConfig.MTU, args.string("mtu"));
        TransportConfig transport = TransportConfig.fromMap(t);
        String runDir = args.string("run-dir");
        Path dir = runDir.equals("auto")
                ? Path.of("runs", env.replace('/', '_') + "-" + algo + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
                : Path.of(runDir);
        boolean spawn = switch (args.string("spawn")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new UsageException(name() + ": option '--spawn' must be true or false, got '" + args.string("spawn") + "'");
        };
        double alpha = Double.parseDouble(args.string("rollout-perturb-alpha"));
        PipelineConfig cfg = new PipelineConfig(hp, actors, perActor, transport, dir, spawn,
                args.integer("startup-timeout-s", 1, 86_400) * 1000, args.integer("fragment-timeout-s", 1, 86_400) * 1000,
                (int) args.integer("iterations", 0, Integer.MAX_VALUE), alpha, (int) args.integer("threads-per-actor", 1, 1024));
        out.printf("train-distributed: %s %s, %d actors x %d envs x %d steps, %s, run dir %s%n", algo, env, actors, perActor, steps,
                transport.mode().name().toLowerCase(), dir);
        new PipelineLearner(cfg, out).run();
        return 0;
    }
}
