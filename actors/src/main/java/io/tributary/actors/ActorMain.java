package io.tributary.actors;

import io.aeron.Aeron;
import io.tributary.actors.process.ActorGuardian;
import io.tributary.actors.process.ActorState;
import io.tributary.transport.AeronClients;
import io.tributary.transport.ClientGate;
import io.tributary.transport.EmbeddedDriver;
import io.tributary.transport.TransportConfig;
import io.tributary.transport.agent.RunnerCloser;
import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.control.ControlMessage;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An actor process: {@code java ... io.tributary.actors.ActorMain --env Pendulum-v1 --envs 8 --steps 256
 * --transport ipc --aeron-dir /dev/shm/...} (ops' ActorProcesses builds this line; a remote actor is started
 * the same way with {@code --transport udp --learner-host H --actor-host A}; {@code --help} lists the options).
 *
 * <p>Life: a Pekko Typed guardian ({@link ActorGuardian}) supervises the parts — the weights subscriber and the
 * rollout worker with its fragment publisher, each an Agrona agent — restarting a part that fails. The rollout
 * worker says hello until the learner assigns an actor id; then, synchronously, it waits for version v (the agent's
 * idle strategy), collects one fragment of T steps with it (observations normalized with the statistics of v,
 * frozen for the fragment), publishes it, and waits for v+1. Exits on the learner's shutdown message, when the
 * learner is silent for {@code learner-timeout-ms}, when its parent process is gone, or on SIGTERM. When its Aeron
 * client closes underneath it (the process was paused past the client's service timeout), it connects a fresh client
 * and starts fresh parts over the same state ({@link ClientGate} keeps the parts off the closed client's memory).
 * Exit codes: 0 shutdown, 1 a part failed too often, 2 bad arguments, 3 learner lost.
 */
public final class ActorMain {

    private static final Logger LOG = LoggerFactory.getLogger(ActorMain.class);

    private final ActorConfig cfg;
    private final long instanceId = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    private int actorId = -1;

    ActorMain(ActorConfig cfg) {
        this.cfg = cfg;
    }

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.print(ActorConfig.usage());
            System.exit(0);
            return;
        }
        ActorConfig cfg;
        try {
            cfg = ActorConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("actor: " + e.getMessage());
            System.exit(2);
            return;
        }
        int code;
        try {
            code = new ActorMain(cfg).run();
        } catch (Throwable t) {
            LOG.error("actor: failed: {}", t.toString(), t);
            code = 1;
        }
        System.exit(code);
    }

    int run() throws Exception {
        // Before the driver starts: an env that fails to load must not leave a driver directory behind (the
        // finally below that closes it only covers what follows the launch).
        PolicySpec spec;
        try (Env probe = EnvRegistry.make(cfg.envId())) {
            spec = cfg.policySpec(probe.observationSpace().size(), probe.actionSpace().low(), probe.actionSpace().high());
        }
        TransportConfig transport = cfg.transport();
        EmbeddedDriver driver = null;
        Path aeronDir = transport.aeronDir();
        if (cfg.embeddedDriver()) {
            aeronDir = TransportConfig.defaultAeronDir("actor");
            driver = EmbeddedDriver.launch(aeronDir, transport);
        }
        AtomicReference<ActorSystem<ActorGuardian.Command>> system = new AtomicReference<>();
        AtomicBoolean signalled = new AtomicBoolean();
        AtomicReference<ActorState> current = new AtomicReference<>();
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // SIGTERM / Ctrl-C: stop the parts, then let run() close the driver (which deletes its directory)
            signalled.set(true);
            ActorState st = current.get();
            if (st != null) st.goodbye = "signal (SIGTERM or Ctrl-C)"; // after run() returned (System.exit) nobody reads it
            ActorSystem<ActorGuardian.Command> s = system.get();
            if (s != null) s.tell(new ActorGuardian.Stop("signal", 0));
            try {
                cleanedUp.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "actor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            ActorState state = new ActorState(instanceId, cfg.seed());
            state.runId = cfg.runId();
            current.set(state);
            // the secret travels only to the learner; it proves a later hello (a new publication) is this process's
            long secret = new java.security.SecureRandom().nextLong();
            ControlMessage.Hello hello = new ControlMessage.Hello(instanceId, secret, 0, InetAddress.getLocalHost().getHostName(),
                    ProcessHandle.current().pid(), cfg.envId(), spec.hash(), cfg.numEnvs(), cfg.steps(), cfg.actorId());
            String[] exitReason = {"shutdown"};
            if (cfg.cluster().enabled()) {
                io.tributary.actors.process.ClusterLink link = new io.tributary.actors.process.ClusterLink();
                clusterNode = joinCluster(system, link);
                state.cluster = link; // the control plane rides the cluster from the first hello on
            }
            int code = session(aeronDir, spec, state, hello, system, exitReason, false);
            while (code == ActorGuardian.RECONNECT && !signalled.get()) {
                // The client closed underneath the parts (this process was paused past the client's service timeout, or
                // the driver went away): the state (assignment, newest weights, counts) survives; a fresh client and
                // fresh parts take over. Given up when the learner stays unreachable for learner-timeout-ms.
                String why = parentGone();
                if (why == null && removedFromCluster) why = REMOVED;
                if (why == null && System.nanoTime() - state.learnerNewsNs > TimeUnit.MILLISECONDS.toNanos(cfg.learnerTimeoutMs())) {
                    why = "learner lost: no news from the learner for " + cfg.learnerTimeoutMs() + " ms (reconnecting)";
                }
                if (why != null) {
                    exitReason[0] = why;
                    code = 3;
                    break;
                }
                actorId = state.actorId();
                log("aeron client closed (" + exitReason[0] + "); reconnecting, attempt " + (state.reconnects() + 1));
                code = session(aeronDir, spec, state, hello, system, exitReason, true);
                if (code != ActorGuardian.RECONNECT) break;
                Thread.sleep(500);
            }
            if (signalled.get() && code == ActorGuardian.RECONNECT) {
                code = 0;
                exitReason[0] = "signal";
            }
            actorId = state.actorId();
            log(state.report());
            if (driver != null) log("aeron: " + driver.loss());
            log("stopping: " + exitReason[0]);
            return code;
        } finally {
            if (clusterNode != null) {
                // a graceful leave (coordinated shutdown): the learner sees the node exit and removes it as left
                leavingCluster = true;
                clusterNode.terminate();
                try {
                    clusterNode.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    LOG.warn("the cluster node did not stop within 10 s");
                }
            }
            if (driver != null) driver.close();
            cleanedUp.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting anyway
            }
        }
    }

    /**
     * One Aeron client and one guardian over {@code state}, until the guardian stops; returns the exit code, or
     * {@link ActorGuardian#RECONNECT} when the client closed underneath the parts (or could not connect).
     */
    private int session(Path aeronDir, PolicySpec spec, ActorState state, ControlMessage.Hello hello,
            AtomicReference<ActorSystem<ActorGuardian.Command>> system, String[] exitReason, boolean reconnect) throws Exception {
        Aeron aeron;
        try {
            // client errors are logged; one that ends the client (service timeout, driver gone) closes it, and the gate
            // below turns that into a reconnect
            aeron = AeronClients.connect(aeronDir, t -> LOG.warn("aeron: {}", t.toString()));
        } catch (RuntimeException e) {
            exitReason[0] = "cannot connect to the media driver in " + aeronDir + ": " + e;
            return ActorGuardian.RECONNECT;
        }
        int[] exitCode = {0};
        try (aeron) {
            state.beginSession(reconnect);
            RunnerCloser closer = new RunnerCloser();
            ClientGate gate = ClientGate.of(aeron, () -> {
                ActorSystem<ActorGuardian.Command> s = system.get();
                if (s != null) s.tell(new ActorGuardian.Stop("aeron client closed", ActorGuardian.RECONNECT));
            });
            ActorSystem<ActorGuardian.Command> sys = io.tributary.transport.agent.PartsSystem.create(ActorGuardian.create(cfg, spec, aeron, gate, state, hello, closer,
                    (code, reason) -> {
                        exitCode[0] = code;
                        exitReason[0] = reason;
                    }), "tributary-actor");
            system.set(sys);
            if (gate.isClosed()) sys.tell(new ActorGuardian.Stop("aeron client closed", ActorGuardian.RECONNECT));
            sys.getWhenTerminated().toCompletableFuture().get();
            // the parts' runners close on threads of their own; they use the Aeron client closed below
            if (!closer.awaitClosed(java.time.Duration.ofSeconds(5))) LOG.warn("a part did not close within 5 s");
            return exitCode[0];
        }
    }

    private static final String REMOVED = "removed from the cluster (downed: partitioned from the learner or unreachable too long);"
            + " a fresh process may join again";
    private ActorSystem<Object> clusterNode;
    private volatile boolean removedFromCluster;
    private volatile boolean leavingCluster;

    /**
     * Starts this process's cluster node, joining the learner's (the seed), with {@code link} as its control actor
     * (registered with the receptionist).
     * Removed from the cluster without having left (the Split Brain Resolver downed it): the parts stop, exit 3.
     */
    private ActorSystem<Object> joinCluster(AtomicReference<ActorSystem<ActorGuardian.Command>> parts,
            io.tributary.actors.process.ClusterLink link) throws java.io.IOException {
        TransportConfig t = cfg.transport();
        ActorSystem<Object> node = io.tributary.transport.cluster.ClusterNode.startActor(link.behavior(), cfg.cluster(),
                t.actorHost(), t.learnerHost(), instanceId);
        org.apache.pekko.cluster.Cluster classic = org.apache.pekko.cluster.Cluster.get(
                org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(node));
        log("cluster: joining pekko://" + io.tributary.transport.cluster.ClusterNode.SYSTEM + "@" + t.learnerHost() + ":" + cfg.cluster().port()
                + " from " + classic.selfAddress() + (cfg.cluster().tlsDir() == null ? " (tcp)" : " (tls-tcp)"));
        classic.registerOnMemberUp(() -> log("cluster: up as " + classic.selfAddress()));
        classic.registerOnMemberRemoved(() -> {
            if (leavingCluster) return;
            removedFromCluster = true;
            log("cluster: " + REMOVED);
            ActorSystem<ActorGuardian.Command> s = parts.get();
            if (s != null) s.tell(new ActorGuardian.Stop(REMOVED, 3));
        });
        return node;
    }

    /** Why this actor must stop now that its parent is gone, or null. */
    private String parentGone() {
        if (cfg.parentPid() <= 0) return null;
        boolean alive = ProcessHandle.of(cfg.parentPid()).map(ProcessHandle::isAlive).orElse(false);
        return alive ? null : "parent process " + cfg.parentPid() + " is gone";
    }

    private void log(String line) {
        LOG.info("actor" + (actorId >= 0 ? " " + actorId : "") + ": " + line);
    }
}
