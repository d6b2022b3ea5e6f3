package io.tributary.actors;

import io.aeron.Aeron;
import io.tributary.actors.norm.FrozenNormalization;
import io.tributary.actors.norm.NormalizationStats;
import io.tributary.actors.policy.PolicySnapshot;
import io.tributary.actors.transport.EmbeddedDriver;
import io.tributary.actors.transport.FragmentPublisher;
import io.tributary.actors.transport.TransportConfig;
import io.tributary.actors.transport.WeightsSubscriber;
import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.SyncVectorEnv;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.WeightsBroadcast;
import io.tributary.protocol.codec.DropCounters;
import io.tributary.protocol.control.ControlMessage;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * An actor process: {@code java ... io.tributary.actors.ActorMain --env Pendulum-v1 --envs 8 --steps 256
 * --transport ipc --aeron.dir /dev/shm/...} (the learner's spawner builds this line; a remote actor is started
 * the same way with {@code --transport udp --learner.host H --actor.host A}).
 *
 * <p>Life: say hello until the learner assigns an actor id; then, synchronously, wait for version v (an Aeron idle
 * strategy, polling the weights stream), collect one fragment of T steps with it (observations normalized with
 * the statistics of v, frozen for the fragment), publish it, and wait for v+1. Heartbeats go out once a second.
 * Exits on the learner's shutdown message, when the learner is silent for {@code learner-timeout-ms}, or when its
 * parent process is gone. Exit codes: 0 shutdown, 3 learner lost, 2 bad arguments.
 */
public final class ActorMain {

    private static final long OFFER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long HELLO_EVERY_NS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long HEARTBEAT_EVERY_NS = TimeUnit.SECONDS.toNanos(1);

    private final ActorConfig cfg;
    private final long instanceId = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    private volatile boolean shutdown;
    private volatile String shutdownReason;
    private int actorId = -1;
    private long seed;

    ActorMain(ActorConfig cfg) {
        this.cfg = cfg;
        this.seed = cfg.seed();
    }

    public static void main(String[] args) {
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
            System.err.println("actor: failed: " + t);
            t.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    int run() throws Exception {
        TransportConfig transport = cfg.transport();
        EmbeddedDriver driver = null;
        Path aeronDir = transport.aeronDir();
        if (cfg.embeddedDriver()) {
            aeronDir = TransportConfig.defaultAeronDir("actor");
            driver = EmbeddedDriver.launch(aeronDir);
        }
        EmbeddedDriver ownDriver = driver;
        java.util.concurrent.CountDownLatch cleanedUp = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // SIGTERM / Ctrl-C: let the loop finish and close the driver (which deletes its directory)
            shutdownReason = "signal";
            shutdown = true;
            try {
                cleanedUp.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "actor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        Env probe = EnvRegistry.make(cfg.envId());
        int obsDim = probe.observationSpace().size();
        int actDim = probe.actionSpace().size();
        probe.close();
        PolicySpec spec = new PolicySpec(obsDim, actDim, cfg.hidden(), cfg.hidden(), cfg.activation());
        IdleStrategy idle = new BackoffIdleStrategy(100, 10, 10_000, 1_000_000);

        Aeron.Context ctx = new Aeron.Context().aeronDirectoryName(aeronDir.toString())
                .errorHandler(t -> {
                    // the driver went away (the learner's, on IPC): nothing left to do
                    System.err.println("actor: aeron: " + t);
                    shutdownReason = "aeron error: " + t.getMessage();
                    shutdown = true;
                });
        try (Aeron aeron = Aeron.connect(ctx);
                SyncVectorEnv envs = SyncVectorEnv.of(cfg.numEnvs(), () -> EnvRegistry.make(cfg.envId()));
                FragmentPublisher publisher = new FragmentPublisher(aeron, transport, cfg.numEnvs(), cfg.steps(), obsDim, actDim);
                WeightsSubscriber weights = new WeightsSubscriber(aeron, transport, spec,
                        new DropCounters("weights", aeron::addCounter), this::onControl)) {
            String host = InetAddress.getLocalHost().getHostName();
            long pid = ProcessHandle.current().pid();
            ControlMessage.Hello hello = new ControlMessage.Hello(instanceId, host, pid, cfg.envId(), spec.hash(), cfg.numEnvs(), cfg.steps());

            // 1. hello until assigned
            long start = System.nanoTime();
            long lastHello = 0;
            idle.reset();
            while (actorId < 0 && !shutdown) {
                int work = weights.poll();
                long now = System.nanoTime();
                if (publisher.isConnected() && weights.isConnected() && now - lastHello > HELLO_EVERY_NS) {
                    publisher.publishControl(hello, idle, OFFER_TIMEOUT_NS);
                    lastHello = now;
                }
                if (learnerLost(now - start)) return lost("no assignment from the learner");
                idle.idle(work);
            }
            if (shutdown) return stopped();
            log("assigned actor " + actorId + " (instance " + Long.toHexString(instanceId) + ", pid " + pid + ", " + cfg.numEnvs()
                    + " x " + cfg.envId() + ", T=" + cfg.steps() + ", spec " + Long.toHexString(spec.hash()) + ")");

            RolloutWorker worker = new RolloutWorker(envs, spec, new FrozenNormalization(cfg.numEnvs(), obsDim, cfg.gamma()),
                    seed * 7919 + 1, cfg.rolloutPerturbAlpha());
            worker.reset(seed);
            TrajectoryFragment fragment = new TrajectoryFragment(cfg.numEnvs(), cfg.steps(), obsDim, actDim);
            long lastUsed = -1;
            long firstUsed = -1;
            long versionsUsed = 0;
            long skipped = 0;
            long sequence = 0;
            long lastHeartbeat = 0;
            long waitStart = System.nanoTime();
            while (!shutdown) {
                // 2. synchronous: wait for a version newer than the one last collected with
                int work = weights.poll();
                long now = System.nanoTime();
                if (now - lastHeartbeat > HEARTBEAT_EVERY_NS) {
                    publisher.publishControl(new ControlMessage.Heartbeat(actorId, instanceId, Math.max(lastUsed, weights.latestVersion()),
                            worker.steps(), System.currentTimeMillis()), idle, OFFER_TIMEOUT_NS);
                    lastHeartbeat = now;
                }
                WeightsBroadcast w = weights.latest();
                if (w == null || w.version <= lastUsed) {
                    if (learnerLost(now - waitStart)) return lost("no new weights for " + cfg.learnerTimeoutMs() + " ms");
                    idle.idle(work);
                    continue;
                }
                idle.reset();
                // 3. collect with version v, frozen statistics of v
                PolicySnapshot snapshot = new PolicySnapshot(w.version, spec, w.weights.clone(),
                        new NormalizationStats(w.obsCount, w.obsMean, w.obsVar, w.returnVar));
                if (lastUsed >= 0 && w.version != lastUsed + 1) skipped += w.version - lastUsed - 1;
                if (firstUsed < 0) firstUsed = w.version;
                lastUsed = w.version;
                versionsUsed++;
                worker.collect(snapshot, fragment);
                fragment.actorId = actorId;
                fragment.sequence = sequence++;
                publisher.publish(fragment, idle, OFFER_TIMEOUT_NS);
                waitStart = System.nanoTime();
            }
            // The learner's shutdown follows its last broadcast: take that version too before reporting.
            for (int i = 0; i < 100 && weights.poll() > 0; i++) {
                // drain
            }
            long finalVersion = weights.latestVersion();
            log("collected versions " + firstUsed + ".." + lastUsed + " (" + versionsUsed + " fragments, " + skipped
                    + " versions skipped), newest received " + finalVersion + ", " + worker.steps() + " env steps, weights drops "
                    + weights.drops().total());
            return stopped();
        } finally {
            if (ownDriver != null) ownDriver.close();
            cleanedUp.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting anyway
            }
        }
    }

    private boolean learnerLost(long waitedNs) {
        if (cfg.parentPid() > 0 && ProcessHandle.of(cfg.parentPid()).map(p -> !p.isAlive()).orElse(true)) {
            shutdownReason = "parent process " + cfg.parentPid() + " is gone";
            return true;
        }
        return waitedNs > TimeUnit.MILLISECONDS.toNanos(cfg.learnerTimeoutMs());
    }

    private int lost(String why) {
        log("stopping: " + (shutdownReason != null ? shutdownReason : why));
        return 3;
    }

    private int stopped() {
        log("stopping: " + (shutdownReason != null ? shutdownReason : "shutdown"));
        return 0;
    }

    private void onControl(ControlMessage m) {
        switch (m) {
            case ControlMessage.Assign a when a.instanceId() == instanceId && actorId < 0 -> {
                actorId = a.actorId();
                seed = a.seed();
            }
            case ControlMessage.Shutdown s -> {
                shutdownReason = "learner: " + s.reason();
                shutdown = true;
            }
            default -> {
            }
        }
    }

    private void log(String line) {
        System.out.println("actor" + (actorId >= 0 ? " " + actorId : "") + ": " + line);
        System.out.flush();
    }
}
