package io.tributary.learner.pipeline;

import io.aeron.Aeron;
import io.tributary.actors.ActorConfig;
import io.tributary.actors.norm.NormalizationStats;
import io.tributary.actors.policy.PolicySnapshot;
import io.tributary.actors.transport.EmbeddedDriver;
import io.tributary.actors.transport.TransportConfig;
import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.learner.Learner;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.algo.UpdateStats;
import io.tributary.learner.transport.FragmentIngest;
import io.tributary.learner.transport.WeightsBroadcaster;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.WeightsBroadcast;
import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.codec.DropCounters;
import io.tributary.protocol.control.ControlMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The learner process of a distributed run, top to bottom:
 * <ol>
 *   <li>start the embedded media driver, the fragment ingest and the weights broadcaster; spawn the actor JVMs;</li>
 *   <li>assign an actor id to each actor that says hello with the right spec and shape; broadcast version 0;</li>
 *   <li>every iteration: poll the ingest until each actor's fragment of the current version is in (anything else is
 *       counted and dropped), recompute the policy-side inputs with the version's statistics, run the PPO/RPO update,
 *       merge the actors' observation statistics and the return statistics, broadcast version v+1, log a line and a
 *       CSV row;</li>
 *   <li>send shutdown, wait for the actors to exit, write the final weights, stop the driver (deleting its files).</li>
 * </ol>
 * Ingest is polled on this thread: in synchronous mode the learner has nothing else to do while it waits.
 */
public final class PipelineLearner implements FragmentIngest.Sink {

    private static final long OFFER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long REBROADCAST_AFTER_NS = TimeUnit.SECONDS.toNanos(2);

    private final PipelineConfig cfg;
    private final Hyperparameters hp;
    private final PrintStream out;
    private final PolicySpec spec;
    private final int steps;
    private final TrajectoryFragment[] slots;
    private final boolean[] filled;
    private final long[] instances;
    private final long[] heartbeatVersion;
    private final java.util.Set<Long> rejected = new java.util.HashSet<>();
    private final List<IterationMetrics> history = new ArrayList<>();
    private int filledCount;
    private int assigned;
    private long currentVersion;
    private volatile boolean stopRequested;
    private DropCounters drops;
    private LearnerCounters counters;
    private WeightsBroadcaster broadcaster;
    private final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 10_000, 500_000);

    public PipelineLearner(PipelineConfig cfg, PrintStream out) {
        this.cfg = cfg;
        this.hp = cfg.hp().validate();
        this.out = out;
        try (Env probe = EnvRegistry.make(hp.envId())) {
            this.spec = hp.policySpec(probe.observationSpace().size(), probe.actionSpace().size());
        }
        this.steps = hp.numSteps();
        this.slots = new TrajectoryFragment[cfg.actors()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new TrajectoryFragment(cfg.envsPerActor(), steps, spec.observationDim(), spec.actionDim());
        }
        this.filled = new boolean[cfg.actors()];
        this.instances = new long[cfg.actors()];
        this.heartbeatVersion = new long[cfg.actors()];
        Arrays.fill(heartbeatVersion, -1);
    }

    public PolicySpec spec() {
        return spec;
    }

    public List<IterationMetrics> history() {
        return List.copyOf(history);
    }

    /** Asks a running {@link #run()} to stop after the current step (Ctrl-C). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Runs the whole training; returns the per-iteration metrics. */
    public List<IterationMetrics> run() throws Exception {
        Files.createDirectories(cfg.runDir());
        writeConfig();
        TransportConfig transport = cfg.transport();
        CountDownLatch done = new CountDownLatch(1);
        ActorSpawner spawner = new ActorSpawner();
        Thread hook = new Thread(() -> {
            stopRequested = true;
            try {
                if (!done.await(20, TimeUnit.SECONDS)) spawner.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "learner-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (EmbeddedDriver driver = EmbeddedDriver.launch(transport.aeronDir());
                Aeron aeron = io.tributary.actors.transport.AeronClients.connect(Path.of(driver.aeronDirectoryName()))) {
            drops = new DropCounters("fragments", aeron::addCounter);
            counters = new LearnerCounters(aeron);
            try (FragmentIngest ingest = open(() -> new FragmentIngest(aeron, transport, spec, cfg.envsPerActor(), steps, drops,
                            () -> currentVersion, this));
                    WeightsBroadcaster bc = open(() -> new WeightsBroadcaster(aeron, transport, spec, WeightsBroadcaster.DEFAULT_CHUNK_LIMIT))) {
                broadcaster = bc;
                try {
                    if (cfg.spawnActors()) spawnActors(spawner);
                    else printActorCommand();
                    train(ingest, spawner);
                } finally {
                    // Tell every actor, then make sure: a spawned actor that does not exit in time is killed.
                    try {
                        bc.sendControl(new ControlMessage.Shutdown(stopRequested ? "learner stopped" : "training finished"), idle,
                                TimeUnit.SECONDS.toNanos(2));
                    } catch (RuntimeException e) {
                        out.println("learner: could not send shutdown: " + e.getMessage());
                    }
                    if (!spawner.awaitExit(15_000)) out.println("learner: actors did not exit in 15 s; stopping them");
                    spawner.close();
                    long leftRunning = spawner.children().stream().filter(Process::isAlive).count();
                    if (leftRunning > 0) out.println("learner: " + leftRunning + " actor processes could not be stopped");
                    drops.close();
                    counters.close();
                }
            }
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        return history();
    }

    /** Opens a stream; a port that is taken becomes an error that says which setting to change. */
    private <T> T open(java.util.function.Supplier<T> opener) {
        try {
            return opener.get();
        } catch (io.aeron.exceptions.RegistrationException e) {
            throw new IllegalStateException("cannot open an Aeron stream (" + e.getMessage() + "); if the address is in use, another run"
                    + " holds the ports: choose others with --fragments-port / --weights-port", e);
        }
    }

    private void spawnActors(ActorSpawner spawner) throws IOException {
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < cfg.actors(); i++) {
            ActorConfig ac = new ActorConfig(hp.envId(), cfg.envsPerActor(), steps, hp.hidden(), hp.activation(), hp.gamma(),
                    cfg.rolloutPerturbAlpha(), hp.seed() + (long) i * cfg.envsPerActor(), pid,
                    Math.max(60_000, cfg.fragmentTimeoutMs() * 2), cfg.transport().mode() == TransportConfig.Mode.UDP,
                    cfg.transport());
            spawner.spawn(i, ac.toArgs(), cfg.runDir());
        }
        out.printf("learner: spawned %d actor processes (%s, logs in %s)%n", cfg.actors(), cfg.transport().mode().name().toLowerCase(), cfg.runDir());
    }

    /** With --spawn false: how to start each actor by hand (here or on another host). */
    private void printActorCommand() {
        TransportConfig t = cfg.transport();
        ActorConfig ac = new ActorConfig(hp.envId(), cfg.envsPerActor(), steps, hp.hidden(), hp.activation(), hp.gamma(),
                cfg.rolloutPerturbAlpha(), hp.seed(), -1, Math.max(60_000, cfg.fragmentTimeoutMs() * 2),
                t.mode() == TransportConfig.Mode.UDP, t);
        out.printf("learner: waiting for %d actors; start each with (on another host set --actor.host to its address):%n"
                + "  %s $(cat protocol/target/classes/tributary/jvm.options) -cp \"$(cat learner/target/classpath.txt):actors/target/classes:envs/target/classes:protocol/target/classes\" io.tributary.actors.ActorMain %s%n",
                cfg.actors(), java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java"), String.join(" ", ac.toArgs()));
    }

    private void train(FragmentIngest ingest, ActorSpawner spawner) throws Exception {
        Learner learner = new Learner(hp, spec);
        LearnerNormalization norm = new LearnerNormalization(cfg.actors(), cfg.envsPerActor(), spec.observationDim(), hp.gamma());
        learner.setNormalizationStats(NormalizationStats.identity(spec.observationDim()));
        PolicySnapshot snapshot = learner.snapshot();
        WeightsBroadcast wire = new WeightsBroadcast(spec);

        // Wait for every actor's hello.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(cfg.startupTimeoutMs());
        idle.reset();
        while (assigned < cfg.actors() && !stopRequested) {
            checkAlive(spawner);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + assigned + " of " + cfg.actors() + " actors said hello within "
                        + cfg.startupTimeoutMs() + " ms (see the actor logs in " + cfg.runDir() + ")");
            }
            idle.idle(ingest.doWork());
        }
        if (stopRequested) return;
        out.printf("learner: %d actors assigned; %s, batch %d x %d x %d = %d, %d iterations%n", assigned, spec,
                cfg.actors(), cfg.envsPerActor(), steps, hp.batchSize(), cfg.iterationsToRun());
        long broadcastNs = broadcast(snapshot, wire);

        long envSteps = 0;
        long startNs = System.nanoTime();
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(cfg.runDir().resolve("metrics.csv")))) {
            csv.println(IterationMetrics.CSV_HEADER);
            for (int it = 1; it <= cfg.iterationsToRun() && !stopRequested; it++) {
                long t0 = System.nanoTime();
                long transferNs = awaitFragments(ingest, spawner, snapshot, wire);
                if (stopRequested) break;
                long t1 = System.nanoTime();

                double returnSum = 0;
                int episodes = 0;
                for (TrajectoryFragment f : slots) {
                    norm.prepare(f, snapshot);
                    for (int e = 0; e < f.episodeCount; e++) returnSum += f.episodeReturns[e];
                    episodes += f.episodeCount;
                }
                UpdateStats stats = learner.learn(Arrays.asList(slots));
                for (TrajectoryFragment f : slots) norm.update(f);
                learner.setNormalizationStats(norm.stats());
                snapshot = learner.snapshot();
                currentVersion = learner.version();
                Arrays.fill(filled, false);
                filledCount = 0;
                long t2 = System.nanoTime();
                broadcastNs = broadcast(snapshot, wire);
                long t3 = System.nanoTime();

                envSteps += hp.batchSize();
                IterationMetrics m = new IterationMetrics(it, currentVersion, envSteps, hp.batchSize() * 1e9 / (t3 - t0),
                        episodes > 0 ? returnSum / episodes : Double.NaN, episodes, (t1 - t0) / 1e9, transferNs / 1e9,
                        (t2 - t1) / 1e9, broadcastNs / 1e9, drops.total(), stats.policyLoss(), stats.valueLoss(), stats.approxKl());
                history.add(m);
                counters.onIteration(m, ingest.fragmentsAccepted());
                out.println(m.logLine());
                csv.println(m.csv());
                csv.flush();
            }
        }
        double secs = (System.nanoTime() - startNs) / 1e9;
        out.printf("learner: %d env steps in %.1f s (%.0f steps/s); drops %s%n", envSteps, secs, envSteps / Math.max(secs, 1e-9),
                drops.snapshot());
        FinalWeights.write(cfg.runDir().resolve("final-weights.bin"), snapshot, wire);
    }

    private long broadcast(PolicySnapshot snapshot, WeightsBroadcast wire) {
        long t = System.nanoTime();
        wire.version = snapshot.version();
        wire.specHash = spec.hash();
        System.arraycopy(snapshot.weights(), 0, wire.weights, 0, spec.parameterCount());
        NormalizationStats s = snapshot.stats();
        wire.obsCount = s.obsCount();
        System.arraycopy(s.obsMean(), 0, wire.obsMean, 0, spec.observationDim());
        System.arraycopy(s.obsVar(), 0, wire.obsVar, 0, spec.observationDim());
        wire.returnVar = s.returnVar();
        broadcaster.broadcast(wire, idle, OFFER_TIMEOUT_NS);
        lastBroadcastNs = System.nanoTime();
        return lastBroadcastNs - t;
    }

    private long lastBroadcastNs;

    /** Polls the ingest until every actor's fragment of the current version is in; returns the time spent decoding. */
    private long awaitFragments(FragmentIngest ingest, ActorSpawner spawner, PolicySnapshot snapshot, WeightsBroadcast wire) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(cfg.fragmentTimeoutMs());
        long transferNs = 0;
        idle.reset();
        while (filledCount < cfg.actors() && !stopRequested) {
            long a = System.nanoTime();
            int work = ingest.doWork();
            long b = System.nanoTime();
            if (work > 0) transferNs += b - a;
            if (work == 0) {
                checkAlive(spawner);
                if (b > deadline) {
                    throw new IllegalStateException("version " + currentVersion + ": " + filledCount + " of " + cfg.actors()
                            + " fragments arrived within " + cfg.fragmentTimeoutMs() + " ms; drops " + drops.snapshot());
                }
                // An actor that joined the weights stream late (or lost a chunk) asks again through its heartbeat.
                if (b - lastBroadcastNs > REBROADCAST_AFTER_NS && anyBehind()) broadcast(snapshot, wire);
            }
            idle.idle(work);
        }
        return transferNs;
    }

    private boolean anyBehind() {
        for (int i = 0; i < cfg.actors(); i++) if (!filled[i] && heartbeatVersion[i] < currentVersion) return true;
        return false;
    }

    private void checkAlive(ActorSpawner spawner) {
        Process p = spawner.firstExited();
        if (p != null) {
            int index = spawner.children().indexOf(p);
            throw new IllegalStateException("actor process " + index + " (pid " + p.pid() + ") exited with code " + p.exitValue()
                    + "; see " + cfg.runDir().resolve("actor-" + index + ".log"));
        }
    }

    @Override
    public void onFragment(TrajectoryFragment f, int encodedLength) {
        int id = f.actorId;
        if (id < 0 || id >= cfg.actors() || instances[id] == 0) {
            drops.record(DecodeResult.BAD_COUNT);
            return;
        }
        if (filled[id]) { // a second fragment of this version from the same actor: not part of a synchronous batch
            drops.record(DecodeResult.STALE);
            return;
        }
        Fragments.copy(f, slots[id]);
        filled[id] = true;
        filledCount++;
        heartbeatVersion[id] = Math.max(heartbeatVersion[id], f.policyVersion);
    }

    @Override
    public void onControl(ControlMessage m) {
        switch (m) {
            case ControlMessage.Hello h -> onHello(h);
            case ControlMessage.Heartbeat hb -> {
                if (hb.actorId() >= 0 && hb.actorId() < cfg.actors() && instances[hb.actorId()] == hb.instanceId()) {
                    heartbeatVersion[hb.actorId()] = Math.max(heartbeatVersion[hb.actorId()], hb.weightsVersion());
                }
            }
            default -> {
            }
        }
    }

    private void onHello(ControlMessage.Hello h) {
        for (int i = 0; i < assigned; i++) {
            if (instances[i] == h.instanceId()) { // our assign was lost or is still in flight: repeat it
                broadcaster.sendControl(new ControlMessage.Assign(h.instanceId(), i, seedOf(i)), idle, OFFER_TIMEOUT_NS);
                return;
            }
        }
        String problem = null;
        if (h.specHash() != spec.hash()) problem = "spec hash " + Long.toHexString(h.specHash()) + " differs from " + Long.toHexString(spec.hash());
        else if (!h.envId().equals(hp.envId())) problem = "env " + h.envId() + " differs from " + hp.envId();
        else if (h.numEnvs() != cfg.envsPerActor() || h.steps() != steps) {
            problem = "shape " + h.numEnvs() + " envs x " + h.steps() + " steps differs from " + cfg.envsPerActor() + " x " + steps;
        } else if (assigned >= cfg.actors()) problem = "all " + cfg.actors() + " actor slots are taken";
        if (problem != null) {
            if (rejected.add(h.instanceId())) out.printf("learner: rejected actor %s pid %d: %s%n", h.host(), h.pid(), problem);
            return;
        }
        int id = assigned++;
        instances[id] = h.instanceId();
        counters.actorsAssigned.setRelease(assigned);
        broadcaster.sendControl(new ControlMessage.Assign(h.instanceId(), id, seedOf(id)), idle, OFFER_TIMEOUT_NS);
        out.printf("learner: actor %d is %s pid %d%n", id, h.host(), h.pid());
    }

    /** Env copy e of actor a is seeded hp.seed + a * envsPerActor + e: CleanRL's seed + i over the whole batch. */
    private long seedOf(int actor) {
        return hp.seed() + (long) actor * cfg.envsPerActor();
    }

    private void writeConfig() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.putAll(hp.asMap());
        m.put("actors", Integer.toString(cfg.actors()));
        m.put("envs-per-actor", Integer.toString(cfg.envsPerActor()));
        m.put("iterations", Integer.toString(cfg.iterationsToRun()));
        m.put("rollout-perturb-alpha", Double.toString(cfg.rolloutPerturbAlpha()));
        m.put("spawn-actors", Boolean.toString(cfg.spawnActors()));
        m.put("startup-timeout-ms", Long.toString(cfg.startupTimeoutMs()));
        m.put("fragment-timeout-ms", Long.toString(cfg.fragmentTimeoutMs()));
        m.putAll(cfg.transport().toMap());
        m.put("policy-spec", spec.canonical());
        m.put("policy-spec-hash", Long.toHexString(spec.hash()));
        StringBuilder sb = new StringBuilder("# resolved configuration of this run\n");
        m.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(cfg.runDir().resolve("config.properties"), sb.toString());
    }

}
