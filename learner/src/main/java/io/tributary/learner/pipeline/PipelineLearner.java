package io.tributary.learner.pipeline;

import io.aeron.Aeron;
import io.tributary.transport.AeronClients;
import io.tributary.transport.EmbeddedDriver;
import io.tributary.transport.TransportConfig;
import io.tributary.transport.agent.RunnerCloser;
import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.checkpoint.MetricsRows;
import io.tributary.learner.checkpoint.RunCheckpoint;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.codec.DropCounters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The learner process of a distributed run, top to bottom:
 * <ol>
 *   <li>write the resolved configuration; start the embedded media driver; launch the actor processes
 *       ({@link ActorLauncher});</li>
 *   <li>start the parts under a Pekko Typed guardian ({@link LearnerGuardian}): ingest, trainer, broadcaster,
 *       metrics — they assign actor ids, broadcast version 0 and run the synchronous iterations (see
 *       {@link TrainerAgent});</li>
 *   <li>when the guardian stops (last iteration recorded, a failure, or SIGTERM/Ctrl-C): the broadcaster has sent
 *       {@code Shutdown}; wait for the actors, stop the ones that do not exit, write the final weights, close the
 *       driver (which deletes its directory).</li>
 * </ol>
 */
public final class PipelineLearner {

    private final PipelineConfig cfg;
    private final Hyperparameters hp;
    private final PrintStream out;
    private final PolicySpec spec;
    private final AtomicReference<ActorSystem<LearnerGuardian.Command>> system = new AtomicReference<>();
    private volatile LearnerState state;
    private final ActorLauncher launcher;
    private volatile boolean stopRequested;
    private RunCheckpoint resume;
    private int checkpointEvery = 10;
    private MembershipPolicy membership = MembershipPolicy.DEFAULTS;
    private io.tributary.transport.cluster.ClusterConfig cluster = io.tributary.transport.cluster.ClusterConfig.OFF;
    private io.tributary.learner.metrics.MetricsSink sink = io.tributary.learner.metrics.MetricsSink.NONE;

    /**
     * @param launcher starts the actor processes when {@code cfg.spawnActors()}; closed by {@link #run()} (ops gives
     *                 the one that starts actor JVMs on this host)
     */
    public PipelineLearner(PipelineConfig cfg, ActorLauncher launcher, PrintStream out) {
        this.cfg = cfg;
        this.hp = cfg.hp().validate();
        this.launcher = launcher;
        this.out = out;
        try (Env probe = EnvRegistry.make(hp.envId())) {
            this.spec = hp.policySpec(probe.observationSpace().size(), probe.actionSpace().low(), probe.actionSpace().high());
        }
    }

    /**
     * Continues the run of {@code checkpoint} (same run directory): weights, optimizer, generators, statistics,
     * version and schedule position; the actors start fresh episodes. Before {@link #run()}.
     */
    public PipelineLearner resumeFrom(RunCheckpoint checkpoint) {
        this.resume = checkpoint;
        return this;
    }

    /** A checkpoint every {@code n} iterations (0: only at the end and on a stop); before {@link #run()}. */
    /** Every iteration's scalars also go to {@code sink} (its owner closes it). */
    public PipelineLearner metricsSink(io.tributary.learner.metrics.MetricsSink sink) {
        this.sink = java.util.Objects.requireNonNull(sink);
        return this;
    }

    /** How lost, late and too few actors are decided about ({@link MembershipPolicy}); before {@link #run()}. */
    public PipelineLearner membership(MembershipPolicy policy) {
        this.membership = java.util.Objects.requireNonNull(policy);
        return this;
    }

    /**
     * Pekko Cluster membership ({@link ClusterMembership}): this learner is the seed node on {@code --learner-host} and
     * the cluster port; only instances whose node is Up may say hello; before {@link #run()}.
     */
    public PipelineLearner cluster(io.tributary.transport.cluster.ClusterConfig c) {
        this.cluster = java.util.Objects.requireNonNull(c);
        return this;
    }

    /**
     * Starts {@code count} more actor processes while the run goes on (elastic growth): each asks for the next launch
     * index as its id and joins at the next version boundary.
     */
    public void launchActors(int count) throws IOException {
        launcher.launch(count);
        out.println("learner: " + count + " more actor process(es) launched; " + launcher.describe());
    }

    public PipelineLearner checkpointEvery(int n) {
        if (n < 0) throw new IllegalArgumentException("--checkpoint-every must be >= 0, was " + n);
        this.checkpointEvery = n;
        return this;
    }

    public PolicySpec spec() {
        return spec;
    }

    public List<IterationMetrics> history() {
        LearnerState s = state;
        return s == null ? List.of() : List.copyOf(s.history);
    }

    /** The actor processes this learner launched (alive or not), for status and for tests. */
    public List<ProcessHandle> actorProcesses() {
        return launcher.processes();
    }

    /** Asks a running {@link #run()} to stop (what Ctrl-C does). */
    public void requestStop() {
        stopRequested = true;
        ActorSystem<LearnerGuardian.Command> s = system.get();
        if (s != null) s.tell(new LearnerGuardian.Stop("learner stopped"));
    }

    /**
     * Fault injection for tests: the first copy of actor {@code actorId}'s fragment of {@code version} that reaches the
     * ingest is discarded as if lost on the wire (not counted as a drop); later copies are admitted.
     */
    public void loseFirstCopy(int actorId, long version) {
        lose = new long[] {actorId, version};
    }

    private volatile long[] lose;

    /** Runs the whole training; returns the per-iteration metrics; throws when the run failed. */
    public List<IterationMetrics> run() throws Exception {
        checkPortsFree();
        Files.createDirectories(cfg.runDir());
        Map<String, String> config = config();
        if (resume == null) {
            writeConfig(config);
        } else {
            int dropped = MetricsRows.keepThrough(cfg.runDir().resolve("metrics.csv"), resume.iteration());
            out.println("learner: resuming at version " + resume.learner().version() + " (iteration " + resume.iteration()
                    + "); the actors start fresh episodes" + (dropped > 0 ? "; " + dropped + " metrics rows after it dropped" : ""));
        }
        TransportConfig transport = cfg.transport();
        DriverDirs.cleanStale(cfg.runDir(), transport.aeronDir(), out);
        DriverDirs.recordOwner(cfg.runDir(), transport.aeronDir());
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            requestStop();
            try {
                if (!done.await(25, TimeUnit.SECONDS)) launcher.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "learner-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LearnerState st = null;
        try (EmbeddedDriver driver = EmbeddedDriver.launch(transport.aeronDir(), transport);
                Aeron aeron = AeronClients.connect(Path.of(driver.aeronDirectoryName()))) {
            DropCounters drops = new DropCounters("fragments", aeron::addCounter);
            LearnerCounters counters = new LearnerCounters(aeron::addCounter);
            st = new LearnerState(cfg, spec, drops, counters);
            st.checkpointEvery = checkpointEvery;
            st.policy = membership;
            st.out = out;
            st.sink = sink;
            st.loss = driver::loss;
            st.runConfig = config;
            if (resume != null) {
                st.learner.restore(resume.learner());
                st.checkpointedVersion = st.learner.version();
            }
            st.lose = lose;
            state = st;
            ActorSystem<Object> clusterNode = null;
            try {
                out.println("learner: run " + cfg.runIdHex());
                if (cluster.enabled()) {
                    st.clusterGated = true;
                    st.clusterControl = new ClusterControl(st, cfg.runId()); // the control plane rides the cluster
                    clusterNode = io.tributary.transport.cluster.ClusterNode.startLearner(ClusterMembership.create(st, out), cluster,
                            transport.learnerHost());
                    out.printf("learner: cluster seed node pekko://%s@%s:%d over %s; actors join with --cluster-port %d%s%n",
                            io.tributary.transport.cluster.ClusterNode.SYSTEM, transport.learnerHost(), cluster.port(),
                            cluster.tlsDir() == null ? "Artery tcp" : "Artery tls-tcp (mutual authentication, keys in " + cluster.tlsDir() + ")",
                            cluster.port(), cluster.tlsDir() == null ? "" : " --cluster-tls DIR");
                }
                if (cfg.spawnActors()) launcher.launch(cfg.actors());
                out.println("learner: " + launcher.describe());
                RunnerCloser closer = new RunnerCloser();
                ActorSystem<LearnerGuardian.Command> sys = io.tributary.transport.agent.PartsSystem.create(LearnerGuardian.create(st, aeron, launcher, closer, out),
                        "tributary-learner");
                system.set(sys);
                if (stopRequested) sys.tell(new LearnerGuardian.Stop("learner stopped"));
                sys.getWhenTerminated().toCompletableFuture().get();
                // the parts close on threads of their own (the broadcaster's close sends Shutdown): before the actors are
                // awaited and before the Aeron client they use is closed
                if (!closer.awaitClosed(java.time.Duration.ofSeconds(10))) out.println("learner: a part did not close within 10 s");
            } finally {
                if (!launcher.awaitExit(15_000)) out.println("learner: actors did not exit in 15 s; stopping them");
                launcher.close();
                if (clusterNode != null) {
                    clusterNode.terminate();
                    try {
                        clusterNode.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        out.println("learner: the cluster node did not stop within 10 s");
                    }
                }
                long leftRunning = launcher.processes().stream().filter(ProcessHandle::isAlive).count();
                if (leftRunning > 0) out.println("learner: " + leftRunning + " actor processes could not be stopped");
                long envSteps = st.history.isEmpty() ? 0 : st.history.get(st.history.size() - 1).envSteps();
                double secs = st.trainingEndNs > st.trainingStartNs ? (st.trainingEndNs - st.trainingStartNs) / 1e9 : 0;
                out.printf("learner: %s; %d env steps in %.1f s (%.0f steps/s); drops %s; fragments asked for again %d;"
                        + " aeron invalid packets %d, driver errors %d; aeron: %s; actors lost %d, respawned %d, back %d, left %d, joined mid-run %d,"
                        + " slots taken over %d, grace periods expired %d, iterations with fragments missing %d%n", st.failure != null ? "failed: " + st.failure
                        : st.stopReason, envSteps, secs, secs > 0 ? envSteps / secs : 0.0, drops.snapshot(), st.resendRequests.get(),
                        driver.invalidPackets(), driver.errors(), driver.loss(), counters.actorsLost.get(), counters.actorsRespawned.get(),
                        counters.actorsBack.get(), counters.actorsLeft.get(), counters.actorsJoinedLate.get(), counters.slotsTakenOver.get(),
                        counters.graceExpired.get(), counters.smallerBatches.get());
                if (cluster.tlsDir() != null) {
                    out.println("learner: cluster: node certificates refused " + io.tributary.transport.cluster.CountingSslEngineProvider.refused());
                }
                if (st.snapshot != null) FinalWeights.write(cfg.runDir().resolve("final-weights.bin"), st.snapshot);
                if (st.snapshot != null) st.checkpoint(out); // a stop between checkpoints (SIGTERM, Ctrl-C, a failure)
                drops.close();
                counters.close();
            }
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        if (st.failure != null) throw new IllegalStateException(st.failure);
        return List.copyOf(st.history);
    }

    /**
     * On UDP, the learner's two ports must be free before anything starts: a taken one fails the run at once with
     * one line naming it (otherwise the driver's bind error surfaced only after the parts' restarts, 27 s and
     * hundreds of lines of stack traces later, with actors already spawned).
     */
    private void checkPortsFree() {
        TransportConfig t = cfg.transport();
        if (t.mode() != TransportConfig.Mode.UDP) return;
        String[][] ports = {{TransportConfig.FRAGMENTS_PORT, Integer.toString(t.fragmentsPort())},
                {TransportConfig.WEIGHTS_PORT, Integer.toString(t.weightsPort())}};
        for (String[] p : ports) {
            java.net.InetSocketAddress a = new java.net.InetSocketAddress(t.learnerHost(), Integer.parseInt(p[1]));
            try (java.net.DatagramSocket s = new java.net.DatagramSocket(null)) {
                s.setReuseAddress(false);
                s.bind(a);
            } catch (java.io.IOException e) {
                throw new PortInUseException("udp port " + t.learnerHost() + ":" + p[1] + " (--" + p[0] + ") is not free: " + e.getMessage()
                        + "; another run may hold it: choose another with --" + p[0]);
            }
        }
    }

    /** A learner port that is taken: the message is the whole story (no stack trace is printed for it). */
    public static final class PortInUseException extends IllegalStateException {
        PortInUseException(String message) {
            super(message);
        }
    }

    /** Opens a stream; a port that is taken becomes an error that says which setting to change. */
    static <T> T open(Supplier<T> opener) {
        try {
            return opener.get();
        } catch (io.aeron.exceptions.RegistrationException e) {
            throw new IllegalStateException("cannot open an Aeron stream (" + e.getMessage() + "); if the address is in use, another run"
                    + " holds the ports: choose others with --fragments-port / --weights-port", e);
        }
    }

    private Map<String, String> config() {
        Map<String, String> m = new LinkedHashMap<>();
        m.putAll(hp.asMap());
        m.put("actors", Integer.toString(cfg.actors()));
        m.put("envs-per-actor", Integer.toString(cfg.envsPerActor()));
        m.put("threads-per-actor", Integer.toString(cfg.threadsPerActor()));
        m.put("iterations", Integer.toString(cfg.iterationsToRun()));
        m.put("rollout-perturb-alpha", Double.toString(cfg.rolloutPerturbAlpha()));
        m.put("spawn-actors", Boolean.toString(cfg.spawnActors()));
        m.put("startup-timeout-ms", Long.toString(cfg.startupTimeoutMs()));
        m.put("fragment-timeout-ms", Long.toString(cfg.fragmentTimeoutMs()));
        m.put("fragment-resend-ms", Long.toString(cfg.resendAfterMs()));
        m.put("heartbeat-timeout-ms", Long.toString(membership.heartbeatTimeoutMs()));
        m.put("actor-grace-ms", Long.toString(membership.graceMs()));
        m.put("min-actors", Integer.toString(membership.minActors()));
        m.put("min-actors-timeout-ms", Long.toString(membership.minActorsTimeoutMs()));
        m.put("run-id", cfg.runIdHex());
        m.put("cluster-port", Integer.toString(cluster.port()));
        if (cluster.tlsDir() != null) m.put("cluster-tls", cluster.tlsDir().toString());
        m.putAll(cfg.transport().toMap());
        m.put("policy-spec", spec.canonical());
        m.put("policy-spec-hash", Long.toHexString(spec.hash()));
        return m;
    }

    private void writeConfig(Map<String, String> m) throws IOException {
        StringBuilder sb = new StringBuilder("# resolved configuration of this run\n");
        m.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(cfg.runDir().resolve("config.properties"), sb.toString());
        Files.deleteIfExists(cfg.runDir().resolve("metrics.csv"));
    }
}
