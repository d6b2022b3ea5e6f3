package io.tributary.actors;

import io.aeron.Aeron;
import io.tributary.actors.process.ActorGuardian;
import io.tributary.actors.process.ActorState;
import io.tributary.transport.AeronClients;
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
 * learner is silent for {@code learner-timeout-ms}, when its parent process is gone, or on SIGTERM. Exit codes:
 * 0 shutdown, 1 a part failed too often, 2 bad arguments, 3 learner lost.
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
            driver = EmbeddedDriver.launch(aeronDir);
        }
        AtomicReference<ActorSystem<ActorGuardian.Command>> system = new AtomicReference<>();
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // SIGTERM / Ctrl-C: stop the parts, then let run() close the driver (which deletes its directory)
            ActorSystem<ActorGuardian.Command> s = system.get();
            if (s != null) s.tell(new ActorGuardian.Stop("signal", 0));
            try {
                cleanedUp.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "actor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        int[] exitCode = {0};
        String[] exitReason = {"shutdown"};
        try (Aeron aeron = AeronClients.connect(aeronDir, t -> {
            // the driver went away (the learner's, on IPC) or another client error: stop rather than hang
            LOG.warn("aeron: {}", t.toString());
            ActorSystem<ActorGuardian.Command> s = system.get();
            if (s != null) s.tell(new ActorGuardian.Stop("aeron: " + t.getMessage(), 3));
        })) {
            ActorState state = new ActorState(instanceId, cfg.seed());
            long pid = ProcessHandle.current().pid();
            ControlMessage.Hello hello = new ControlMessage.Hello(instanceId, InetAddress.getLocalHost().getHostName(), pid, cfg.envId(),
                    spec.hash(), cfg.numEnvs(), cfg.steps());
            RunnerCloser closer = new RunnerCloser();
            ActorSystem<ActorGuardian.Command> sys = ActorSystem.create(ActorGuardian.create(cfg, spec, aeron, state, hello, closer, (code, reason) -> {
                exitCode[0] = code;
                exitReason[0] = reason;
            }), "tributary-actor");
            system.set(sys);
            sys.getWhenTerminated().toCompletableFuture().get();
            // the parts' runners close on threads of their own; they use the Aeron client closed below
            if (!closer.awaitClosed(java.time.Duration.ofSeconds(5))) LOG.warn("a part did not close within 5 s");
            actorId = state.actorId();
            log(state.report());
            log("stopping: " + exitReason[0]);
            return exitCode[0];
        } finally {
            if (driver != null) driver.close();
            cleanedUp.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting anyway
            }
        }
    }

    private void log(String line) {
        LOG.info("actor" + (actorId >= 0 ? " " + actorId : "") + ": " + line);
    }
}
