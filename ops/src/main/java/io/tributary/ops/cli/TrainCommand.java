package io.tributary.ops.cli;

import io.tributary.learner.algo.Algorithms;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.metrics.MetricsSink;
import io.tributary.learner.pipeline.PipelineLearner;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.ops.train.InProcessTrainer;
import io.tributary.ops.train.StopSignal;
import io.tributary.learner.checkpoint.RunCheckpoint;
import io.tributary.learner.checkpoint.RunCheckpointFile;
import io.tributary.transport.TransportConfig;
import io.tributary.transport.options.OptionValues;
import io.tributary.transport.options.TransportOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train --env Pendulum-v1 --algo rpo [--actors N --envs-per-actor M]}: a PPO/RPO run with CleanRL's option
 * names and defaults. With {@code --actors N > 0} (default 2) the distributed pipeline runs: this process is the
 * learner with an embedded media driver, N actor JVMs are spawned on this host (IPC, or {@code --transport udp});
 * with {@code --spawn false} it waits for actors started by hand ({@code io.tributary.actors.ActorMain}) on any
 * host. With {@code --actors 0} actors and learner run in this one process, one thread, CleanRL-exact. Metrics go to
 * {@code <runs-dir>/<run-name>/metrics.csv} and one log line per update.
 */
@Command(name = "train", description = "train PPO/RPO (CleanRL semantics) or TRPO (sb3-contrib semantics): learner + actor processes over Aeron, or one process with --actors 0",
        sortOptions = false, showDefaultValues = true)
final class TrainCommand implements Callable<Integer> {

    /** Marks a hyperparameter option left at the chosen algorithm's default (its reference's). */
    static final String ALGO_DEFAULT = "the algorithm's";

    /** Options that only the single-process mode ({@code --actors 0}) reads. */
    static final Set<String> IN_PROCESS_ONLY = Set.of("--normalization", "--num-envs");

    /** Options that only the distributed mode ({@code --actors > 0}) reads, besides the transport options. */
    static final Set<String> DISTRIBUTED_ONLY = Set.of("--envs-per-actor", "--threads-per-actor", "--spawn", "--startup-timeout-s",
            "--fragment-timeout-s", "--fragment-resend-ms", "--actor-grace-s", "--heartbeat-timeout-s", "--min-actors",
            "--min-actors-timeout-s", "--cluster-port", "--cluster-tls", "--run-id");

    private final PrintStream out;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    EnvOption env;

    @Option(names = "--algo", defaultValue = "rpo", description = "the algorithm, by name: ${COMPLETION-CANDIDATES} (ppo is rpo with --rpo-alpha 0; references in the README)", completionCandidates = AlgorithmNames.class)
    String algo;

    @Option(names = "--config", paramLabel = "FILE", description = "take options from this HOCON file (keys: these options' names"
            + " without dashes; options given here win); a run saves its resolved one as " + ConfigFile.FILE_NAME)
    Path config;

    @Option(names = "--actors", defaultValue = "2", description = "actor processes; 0 runs actors and learner in this process (CleanRL-exact)")
    int actors;

    @Option(names = "--run-name", defaultValue = "", description = "run directory name (empty: <env>__<algo>__<seed>__<time>)")
    String runName;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "where run directories go")
    String runsDir;

    @Option(names = "--iterations", defaultValue = "0", description = "stop after this many updates (0: total-timesteps / batch);"
            + " the learning-rate schedule still follows total-timesteps")
    int iterations;

    @Option(names = "--checkpoint-every", defaultValue = "10", description = "write a checkpoint into the run directory every"
            + " this many iterations (0: only at the end and on SIGTERM/Ctrl-C); the last " + RunCheckpointFile.KEEP + " are kept")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "continue the run in RUN_DIR from its newest checkpoint,"
            + " with its configuration (options that would change the run are refused; --iterations is the total)")
    Path resume;

    @Option(names = "--rollout-perturb-alpha", defaultValue = "0", converter = OptionValues.NonNegative.class,
            description = "RPO perturbed-mean sampling in the rollout (0: CleanRL's sampling)")
    double rolloutPerturbAlpha;

    @Option(names = "--normalization", defaultValue = "cleanrl", description = "--actors 0 only: cleanrl (per-env running statistics,"
            + " as CleanRL), frozen (learner-owned, frozen per version, as the distributed mode) or none (raw observations"
            + " and rewards, as sb3 without VecNormalize)")
    InProcessTrainer.Normalization normalization;

    @Option(names = "--envs-per-actor", defaultValue = "4", description = "environment copies per actor (num-envs = actors x envs-per-actor)")
    int envsPerActor;

    @Option(names = "--threads-per-actor", defaultValue = "1", description = "rollout threads per actor (divides envs-per-actor)")
    int threadsPerActor;

    @Mixin
    TransportOptions transport;

    @Mixin
    MonitoringOptions monitoring;

    @Mixin
    io.tributary.transport.cluster.ClusterOptions cluster;

    @Option(names = "--spawn", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "spawn the actors on this host (false: wait for actors started by hand)")
    boolean spawn;

    @Option(names = "--startup-timeout-s", defaultValue = "120", description = "wait this long for every actor's hello")
    long startupTimeoutS;

    @Option(names = "--fragment-timeout-s", defaultValue = "120", description = "wait this long for one iteration's fragments")
    long fragmentTimeoutS;

    @Option(names = "--actor-grace-s", defaultValue = "60", description = "wait this long for a lost actor's fragment (its"
            + " replacement's, or its own after a pause), then complete the iteration from the fragments that arrived")
    long actorGraceS;

    @Option(names = "--heartbeat-timeout-s", defaultValue = "10", description = "an actor not heard from this long is lost")
    long heartbeatTimeoutS;

    @Option(names = "--min-actors", defaultValue = "1", description = "end the run when fewer actors remain for longer than"
            + " --min-actors-timeout-s")
    long minActors;

    @Option(names = "--min-actors-timeout-s", defaultValue = "120", description = "how long fewer than --min-actors may remain")
    long minActorsTimeoutS;

    @Option(names = "--fragment-resend-ms", defaultValue = "" + PipelineConfig.DEFAULT_RESEND_AFTER_MS,
            description = "ask an actor again for a fragment it published that has not arrived after this long")
    long fragmentResendMs;

    @Option(names = "--run-id", defaultValue = "", paramLabel = "HEX",
            description = "this run's id (16 hexadecimal digits, not 0), in every message's header; empty: a random one. A"
                    + " launcher sets it so that it can write the actors' command lines before the learner starts; --resume keeps the run's")
    String runId;

    @Option(names = "--dry-run", arity = "0..1", defaultValue = "false", fallbackValue = "true", paramLabel = "true|false",
            description = "resolve and check the configuration, print the learner's plan and (with actors) the line that"
                    + " starts an actor elsewhere; start nothing, write nothing")
    boolean dryRun;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda[:N]",
            description = "where the learner's networks run: cpu, or CUDA device N (the machine's libcudart, libcublas and"
                    + " libnvrtc, found as docs/ARCHITECTURE.md says; -Dtributary.cuda.lib.dir overrides)")
    String device;

    private TrainCommand(PrintStream out) {
        this.out = out;
    }

    /**
     * The command with every algorithm's hyperparameters added as options, by their references' names: CleanRL's
     * keys (read by PPO/RPO, some by the others too) and each algorithm's own keys ({@code AlgorithmOptions}). Each
     * option's help names the algorithms that read it and their defaults, taken from the registry (written there once).
     */
    static CommandLine commandLine(PrintStream out) {
        CommandLine cl = new CommandLine(new TrainCommand(out));
        Map<String, Map<String, String>> defaultsByKey = new java.util.LinkedHashMap<>();
        for (Algorithms.Entry e : Algorithms.entries()) {
            for (Map.Entry<String, String> kv : e.defaults("Pendulum-v1").asMap().entrySet()) {
                String key = kv.getKey();
                if (key.equals("env-id") || key.equals("algo") || !e.reads(key)) continue;
                defaultsByKey.computeIfAbsent(key, k -> new java.util.LinkedHashMap<>()).put(e.name(), kv.getValue());
            }
        }
        for (Map.Entry<String, Map<String, String>> kv : defaultsByKey.entrySet()) {
            String key = kv.getKey();
            Map<String, String> byAlgo = kv.getValue();
            boolean everyAlgo = byAlgo.size() == Algorithms.names().size();
            String defaults = byAlgo.values().stream().distinct().count() == 1 ? byAlgo.values().iterator().next()
                    : String.join(", ", byAlgo.entrySet().stream().map(d -> d.getKey() + " " + d.getValue()).toList());
            String what = ownKeyHelp(key);
            String help = (what == null ? "CleanRL's --" + key : what) + " (default: " + defaults + ")"
                    + (everyAlgo ? "" : "; read by " + String.join(", ", byAlgo.keySet()));
            if (key.equals("num-envs")) help = "--actors 0 only: " + help;
            if (key.equals("num-steps")) help += "; sb3's n_steps; with actors: steps per fragment, default keeps the batch";
            cl.getCommandSpec().addOption(OptionSpec.builder("--" + key).type(String.class).paramLabel("VALUE")
                    .defaultValue(ALGO_DEFAULT).description(help).build());
        }
        return cl;
    }

    /** The help of an algorithm's own key ({@code AlgorithmOptions}), null for CleanRL's keys. */
    private static String ownKeyHelp(String key) {
        for (Algorithms.Entry e : Algorithms.entries()) {
            for (var k : e.defaults("Pendulum-v1").options().keys()) {
                if (k.name().equals(key)) return k.help();
            }
        }
        return null;
    }

    /** Every algorithm's keys that are options here (all but env-id, which --env sets, and algo). */
    static List<String> hyperparameterKeys() {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        for (Algorithms.Entry e : Algorithms.entries()) {
            for (String key : e.defaults("Pendulum-v1").asMap().keySet()) {
                if (!key.equals("env-id") && !key.equals("algo") && e.reads(key)) keys.add(key);
            }
        }
        return List.copyOf(keys);
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The learner's device, checked before anything is created: a missing CUDA library ends the command here. */
    private io.tributary.learner.nn.Device device() {
        io.tributary.learner.nn.Device d;
        try {
            d = io.tributary.learner.nn.Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw OptionValues.bad(spec, "--device", OptionValues.mustBe("cpu, cuda or cuda:N", device));
        }
        d.requireAvailable();
        return d;
    }

    @Override
    public Integer call() throws Exception {
        OptionValues.inRange(spec, "--checkpoint-every", checkpointEvery, 0, Integer.MAX_VALUE);
        device();
        if (resume != null) return resumeRun();
        if (!Algorithms.names().contains(algo)) {
            throw OptionValues.bad(spec, "--algo", OptionValues.mustBe("one of " + String.join(", ", Algorithms.names()), algo));
        }
        String envId = env.checked(spec);
        OptionValues.inRange(spec, "--actors", actors, 0, 1024);
        boolean distributed = actors > 0;
        List<String> otherMode = new ArrayList<>(distributed ? IN_PROCESS_ONLY : DISTRIBUTED_ONLY);
        if (!distributed) {
            for (OptionSpec o : spec.mixins().get("transport").options()) otherMode.add(o.longestName());
        }
        for (String option : otherMode) {
            if (given(option)) {
                throw OptionValues.bad(spec, option, "applies only " + (distributed ? "with --actors 0 (single process)"
                        : "with --actors > 0 (distributed)") + "; --actors is " + actors);
            }
        }
        Algorithms.Entry entry = Algorithms.resolve(algo);
        Hyperparameters defaults = entry.defaults(envId);
        Hyperparameters hp = defaults;
        for (String key : hyperparameterKeys()) {
            String v = spec.findOption("--" + key).getValue();
            if (v.equals(ALGO_DEFAULT)) continue;
            if (!entry.reads(key)) {
                throw OptionValues.bad(spec, "--" + key, "does not apply to --algo " + algo + " (read by "
                        + Algorithms.names().stream().filter(n -> Algorithms.resolve(n).reads(key)).toList() + ")");
            }
            hp = hp.with(key, v);
        }
        if (distributed) {
            OptionValues.inRange(spec, "--envs-per-actor", envsPerActor, 1, 65536);
            int allEnvs = actors * envsPerActor;
            int steps = given("--num-steps") ? hp.numSteps() : Math.max(1, defaults.batchSize() / allEnvs);
            hp = hp.with("num-envs", Integer.toString(allEnvs)).with("num-steps", Integer.toString(steps));
        }
        hp.validate();
        OptionValues.inRange(spec, "--iterations", iterations, 0, Integer.MAX_VALUE);
        String name = runName.isEmpty() ? envId.replace('/', '_') + "__" + algo + "__" + hp.seed() + "__" + System.currentTimeMillis() / 1000
                : runName;
        Path runDir = Path.of(runsDir, name);
        if (holdsARun(runDir)) {
            throw OptionValues.bad(spec, "--run-name", "'" + name + "': " + runDir + " holds an earlier run; choose another"
                    + " name, or continue that run with --resume " + runDir);
        }
        if (dryRun) return distributed ? distributed(hp, runDir, null) : dryRunInProcess(hp, runDir);
        java.nio.file.Files.createDirectories(runDir);
        java.nio.file.Files.writeString(runDir.resolve(ConfigFile.FILE_NAME), ConfigFile.render("resolved configuration of this run"
                + " (HOCON); ops/tributary train --config " + runDir.resolve(ConfigFile.FILE_NAME) + " --run-name NEW repeats it",
                resolvedOptions(hp, distributed)));
        return distributed ? distributed(hp, runDir, null) : inProcess(hp, runDir, null);
    }

    /**
     * Whether {@code runDir} holds a run: a run writes its configuration first thing, and its checkpoints later. Other
     * files do not make it one: a launcher writes its script and its processes' logs there before the learner starts
     * (launch --on slurm).
     */
    static boolean holdsARun(Path runDir) throws java.io.IOException {
        return java.nio.file.Files.exists(runDir.resolve(ConfigFile.FILE_NAME)) || java.nio.file.Files.exists(runDir.resolve("config.properties"))
                || !RunCheckpointFile.list(runDir).isEmpty();
    }

    /** The options given with --config: every option's name without dashes, but those that say what to do rather than how to train. */
    static List<String> configKeys() {
        List<String> keys = new ArrayList<>();
        for (OptionSpec o : commandLine(System.out).getCommandSpec().options()) {
            String name = o.longestName();
            if (!name.equals("--config") && !name.equals("--resume") && !name.equals("--help")) keys.add(name.substring(2));
        }
        return keys;
    }

    /**
     * This run as options (names without dashes, values as the command reads them): the algorithm's keys it reads,
     * resolved, and the mode's options; not where it goes (runs-dir, run-name) nor how it is watched (metrics-port).
     */
    private Map<String, String> resolvedOptions(Hyperparameters hp, boolean distributed) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("env", hp.envId());
        m.put("algo", algo);
        m.put("actors", Integer.toString(actors));
        m.put("iterations", Integer.toString(iterations));
        m.put("checkpoint-every", Integer.toString(checkpointEvery));
        m.put("rollout-perturb-alpha", Double.toString(rolloutPerturbAlpha));
        Algorithms.Entry entry = Algorithms.resolve(algo);
        Map<String, String> hpMap = hp.asMap();
        for (String key : hyperparameterKeys()) {
            if (!entry.reads(key) || (distributed && key.equals("num-envs")) || !hpMap.containsKey(key)) continue;
            m.put(key, hpMap.get(key));
        }
        if (distributed) {
            for (String o : List.of("--envs-per-actor", "--threads-per-actor", "--spawn", "--startup-timeout-s", "--fragment-timeout-s")) {
                m.put(o.substring(2), String.valueOf((Object) spec.findOption(o).getValue()));
            }
            for (OptionSpec o : spec.mixins().get("transport").options()) {
                Object v = o.getValue();
                if (v != null) m.put(o.longestName().substring(2), v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : v.toString());
            }
        } else {
            m.put("normalization", normalization.name().toLowerCase(Locale.ROOT));
        }
        return m;
    }

    /** {@code --resume RUN_DIR}: the run's configuration, this invocation's stopping point and checkpoint interval. */
    private int resumeRun() throws Exception {
        ResumeConfig rc = ResumeConfig.read(resume);
        int runActors = rc.actors();
        java.util.Set<String> allowed = optionsAllowedOnResume(spec, runActors > 0);
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!allowed.contains(o.longestName())) {
                throw OptionValues.bad(spec, o.longestName(), "would change the run being resumed (its configuration is "
                        + resume.resolve("config.properties") + "); with --resume only " + String.join(", ", new java.util.TreeSet<>(allowed))
                        + " may be given");
            }
        }
        Hyperparameters hp;
        try {
            hp = rc.hyperparameters();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume " + resume + ": " + e.getMessage(), e);
        }
        OptionValues.inRange(spec, "--iterations", iterations, 0, Integer.MAX_VALUE);
        if (given("--iterations")) {
            rc.set("iterations", Integer.toString(iterations)); // the run's stopping point from now on
        } else {
            iterations = Integer.parseInt(rc.config.getOrDefault("iterations", "0"));
        }
        algo = rc.get("algo");
        rolloutPerturbAlpha = Double.parseDouble(rc.get("rollout-perturb-alpha"));
        RunCheckpoint checkpoint = RunCheckpointFile.latest(resume, out::println);
        int target = iterations == 0 ? hp.numIterations() : iterations;
        if (checkpoint.iteration() >= target) {
            out.println("train: " + resume + " is at iteration " + checkpoint.iteration() + " of " + target + ": nothing to do");
            return 0;
        }
        if (runActors == 0) {
            normalization = InProcessTrainer.Normalization.valueOf(rc.get("normalization").toUpperCase(Locale.ROOT));
            out.println("train: resuming " + resume + " from the checkpoint of iteration " + checkpoint.iteration()
                    + " (single process: bit-exact, env states included)");
            return inProcess(hp, resume, checkpoint);
        }
        actors = runActors;
        envsPerActor = Integer.parseInt(rc.get("envs-per-actor"));
        if (!given("--threads-per-actor")) threadsPerActor = Integer.parseInt(rc.get("threads-per-actor"));
        out.println("train: resuming " + resume + " from the checkpoint of version " + checkpoint.learner().version()
                + " (pipeline: weights, optimizer, statistics and schedule continue; the actors start fresh episodes)");
        return distributed(hp, resume, checkpoint);
    }

    /**
     * The options {@code --resume} takes besides itself: those that leave the run as it was (where it stops, how often it
     * checkpoints, how it is watched) and, for a pipeline run, how its processes talk and wait.
     */
    static java.util.Set<String> optionsAllowedOnResume(CommandSpec spec, boolean pipeline) {
        java.util.Set<String> allowed = new java.util.HashSet<>(ResumeConfig.ALLOWED);
        allowed.addAll(MonitoringOptions.NAMES);
        if (pipeline) {
            allowed.addAll(ResumeConfig.ALLOWED_PIPELINE);
            for (OptionSpec o : spec.mixins().get("transport").options()) allowed.add(o.longestName());
            for (OptionSpec o : spec.mixins().get("cluster").options()) allowed.add(o.longestName());
        }
        return allowed;
    }

    /** The single-process run's resolved configuration (config.properties and every checkpoint). */
    private Map<String, String> inProcessConfig(Hyperparameters hp) {
        Map<String, String> m = new java.util.LinkedHashMap<>(hp.asMap());
        m.put("actors", "0");
        m.put("normalization", normalization.name().toLowerCase(Locale.ROOT));
        m.put("rollout-perturb-alpha", Double.toString(rolloutPerturbAlpha));
        return m;
    }

    private int inProcess(Hyperparameters hp, Path runDir, RunCheckpoint checkpoint) throws java.io.IOException {
        InProcessTrainer.Normalization norm = normalization;
        out.println("train: " + algo + ", one process, learner on " + device() + ", " + norm.name().toLowerCase(Locale.ROOT) + " normalization, "
                + Algorithms.resolve(algo).readValues(hp) + " -> " + runDir);
        long stopAfter = iterations == 0 ? Long.MAX_VALUE : (long) iterations * hp.batchSize();
        Map<String, String> config = inProcessConfig(hp);
        if (checkpoint == null) {
            java.nio.file.Files.createDirectories(runDir);
            StringBuilder sb = new StringBuilder("# resolved configuration of this run\n");
            config.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            sb.append("iterations=").append(iterations).append('\n'); // where this run stops (0: total-timesteps)
            java.nio.file.Files.writeString(runDir.resolve("config.properties"), sb.toString());
        }
        InProcessTrainer.Result r;
        try (StopSignal stop = new StopSignal(120); MetricsSink sink = sinks(runDir, hp, null)) {
            r = InProcessTrainer.train(new InProcessTrainer.Run(hp, runDir, stopAfter, norm, rolloutPerturbAlpha, checkpointEvery,
                    checkpoint, stop, config, sink, device()));
        }
        out.printf(Locale.ROOT, "train: %s %s seed %d: %d steps, %d episodes, mean return of the last 20 episodes %.2f,"
                + " %.0f steps/s%n", algo, hp.envId(), hp.seed(), r.globalSteps(), r.episodes(), r.meanReturnLast20(),
                r.stepsPerSecond());
        return 0;
    }

    private int distributed(Hyperparameters hp, Path runDir, RunCheckpoint checkpoint) throws Exception {
        TransportConfig t = transport.toConfig();
        long startupMs = OptionValues.inRange(spec, "--startup-timeout-s", startupTimeoutS, 1, 86_400) * 1000;
        long fragmentMs = OptionValues.inRange(spec, "--fragment-timeout-s", fragmentTimeoutS, 1, 86_400) * 1000;
        int threads = (int) OptionValues.inRange(spec, "--threads-per-actor", threadsPerActor, 1, 1024);
        long resendMs = OptionValues.inRange(spec, "--fragment-resend-ms", fragmentResendMs, 1, 86_400_000);
        long id = checkpoint != null ? savedRunId() : runId();
        PipelineConfig cfg = new PipelineConfig(hp, actors, envsPerActor, t, runDir, spawn, startupMs, fragmentMs, iterations,
                rolloutPerturbAlpha, threads, resendMs, id, device());
        io.tributary.learner.pipeline.MembershipPolicy membership = new io.tributary.learner.pipeline.MembershipPolicy(
                OptionValues.inRange(spec, "--heartbeat-timeout-s", heartbeatTimeoutS, 1, 86_400) * 1000,
                OptionValues.inRange(spec, "--actor-grace-s", actorGraceS, 0, 86_400) * 1000,
                (int) OptionValues.inRange(spec, "--min-actors", minActors, 1, 100_000),
                OptionValues.inRange(spec, "--min-actors-timeout-s", minActorsTimeoutS, 0, 86_400) * 1000,
                io.tributary.learner.pipeline.MembershipPolicy.DEFAULTS.maxRespawns());
        out.printf("train: %s %s, %d actors x %d envs x %d steps, %s, learner on %s, run dir %s%n", algo, hp.envId(), actors,
                envsPerActor, hp.numSteps(), t.mode().name().toLowerCase(Locale.ROOT), cfg.device(), runDir);
        io.tributary.transport.cluster.ClusterConfig clusterCfg;
        try {
            clusterCfg = cluster.toConfig();
        } catch (IllegalArgumentException e) {
            throw OptionValues.bad(spec, "--cluster-port", e.getMessage());
        }
        ActorProcesses launcher = new ActorProcesses(cfg, clusterCfg);
        if (dryRun) {
            out.println("train: dry run: run " + cfg.runIdHex() + ", " + Algorithms.resolve(algo).readValues(hp));
            out.println(ACTOR_ARGS + String.join(" ", launcher.remoteActorArgs()));
            return 0;
        }
        try (MetricsSink sink = sinks(runDir, hp, io.tributary.ops.ui.LivePage.actorsOf(launcher::processes))) {
            new PipelineLearner(cfg, launcher, monitoring.linesAbove(out)).checkpointEvery(checkpointEvery).resumeFrom(checkpoint)
                    .membership(membership).cluster(clusterCfg).metricsSink(sink).run();
        }
        return 0;
    }

    /** The dry run's line that carries an actor's arguments (all but {@code --actor-host}), for launchers to read. */
    public static final String ACTOR_ARGS = "actor-args: ";

    private int dryRunInProcess(Hyperparameters hp, Path runDir) {
        out.println("train: dry run: " + algo + ", one process, " + Algorithms.resolve(algo).readValues(hp) + " -> " + runDir);
        return 0;
    }

    /** {@code --run-id}, or a fresh random id. */
    private long runId() {
        if (runId.isEmpty()) return PipelineConfig.newRunId();
        long id;
        try {
            id = io.tributary.protocol.RunId.parse(runId);
        } catch (NumberFormatException e) {
            throw OptionValues.bad(spec, "--run-id", OptionValues.mustBe("1 to 16 hexadecimal digits", runId));
        }
        if (id == 0) throw OptionValues.bad(spec, "--run-id", OptionValues.mustBe("not 0 (0 means 'not known yet' on the wire)", runId));
        return id;
    }

    /** The resumed run's own id (its config.properties), so that its actors' command lines stay valid across a restart. */
    private long savedRunId() {
        String saved = ResumeConfig.read(resume).config().get("run-id");
        return saved == null ? runId() : io.tributary.protocol.RunId.parse(saved);
    }

    /** Where every iteration's scalars go besides the log and metrics.csv. */
    private MetricsSink sinks(Path runDir, Hyperparameters hp,
            java.util.function.Supplier<List<io.tributary.ops.ui.LivePage.ActorStatus>> actors) {
        long iterationsToRun = iterations == 0 ? hp.numIterations() : Math.min(iterations, hp.numIterations());
        return monitoring.open(spec, runDir, out, iterationsToRun * hp.batchSize(), actors);
    }

    /** The registry's names, for --algo's help. */
    static final class AlgorithmNames implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() { return Algorithms.names().iterator(); }
    }
}
