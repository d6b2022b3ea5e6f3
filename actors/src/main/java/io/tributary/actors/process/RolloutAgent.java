package io.tributary.actors.process;

import io.tributary.actors.ActorConfig;
import io.tributary.actors.RolloutWorker;
import io.tributary.policy.norm.FrozenNormalization;
import io.tributary.protocol.PolicyVersion;
import io.tributary.transport.FragmentPublisher;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.VectorEnv;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.control.ControlMessage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollout worker and fragment publisher part of an actor process, synchronous mode. Until assigned it says
 * hello; then each duty cycle does one bounded piece of work: a staged fragment is offered once; a fragment being
 * collected advances {@link #VECTOR_STEPS_PER_DUTY_CYCLE} vector steps; otherwise, if a version newer than the last
 * one used has arrived, a fragment of T steps with it begins (observations normalized with that version's
 * statistics); if none has, it returns 0 and the runner's idle strategy waits (no sleep loop). Heartbeats once a
 * second, during collection too. A stop request is honoured at the next duty cycle, mid-fragment included.
 */
final class RolloutAgent implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutAgent.class);

    private static final long OFFER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long HELLO_EVERY_NS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long HEARTBEAT_EVERY_NS = TimeUnit.SECONDS.toNanos(1);
    /**
     * How far one duty cycle takes a fragment. It bounds the time to see a stop request (and to heartbeat) by a few
     * vector steps, tens of milliseconds for the slowest dm_control task, instead of a whole fragment (seconds); the
     * cost per duty cycle is a method call (with K rollout threads, a hand-off to the pool and a join).
     */
    static final int VECTOR_STEPS_PER_DUTY_CYCLE = 8;

    private final ActorConfig cfg;
    private final PolicySpec spec;
    private final ActorState state;
    private final ActorCounters counters;
    private final Consumer<String> stop;
    private final FragmentPublisher publisher;
    private final Supplier<Boolean> weightsConnected;
    private final ControlMessage.Hello hello;
    private VectorEnv[] envs;
    private RolloutWorker[] workers;
    private TrajectoryFragment[] parts;
    private TrajectoryFragment fragment;
    private java.util.concurrent.ExecutorService pool;
    /** Parts 1..K-1's share of a duty cycle, built once; part 0 steps on the agent's thread. */
    private Runnable[] advanceParts;
    private final java.util.concurrent.Future<?>[] pending;
    private long sequence;
    private long lastHello;
    private long lastHeartbeat;
    private long stagedAtNs;
    /** The staged fragment is a copy sent again: it counts as no new fragment. */
    private boolean resending;
    /**
     * Both used on every idle duty cycle, so built once: the reason used to be concatenated, and the parent looked up
     * with {@code ProcessHandle.of} (allocations and a /proc read), on each idle call. Null parent with a parent pid:
     * it was gone already.
     */
    private final String noNewWeights;
    private final ProcessHandle parent;

    RolloutAgent(ActorConfig cfg, PolicySpec spec, ActorState state, ActorCounters counters, FragmentPublisher publisher,
            Supplier<Boolean> weightsConnected, ControlMessage.Hello hello, Consumer<String> stop) {
        this.cfg = cfg;
        this.spec = spec;
        this.state = state;
        this.counters = counters;
        this.publisher = publisher;
        this.weightsConnected = weightsConnected;
        this.hello = hello.withSession(publisher.sessionId());
        this.stop = stop;
        this.noNewWeights = "no new weights for " + cfg.learnerTimeoutMs() + " ms";
        this.parent = cfg.parentPid() > 0 ? ProcessHandle.of(cfg.parentPid()).orElse(null) : null;
        this.pending = new java.util.concurrent.Future<?>[cfg.threads()];
        // a fragment begun by the part this one replaces never went out: its version is collected again if still newest
        if (state.lastUsed > state.lastPublished) state.lastUsed = state.lastPublished;
    }

    @Override
    public int doWork() {
        long now = System.nanoTime();
        if (state.stopping) return 0;
        if (publisher.runId() != state.runId) publisher.runId(state.runId); // learned from the assign
        if (state.actorId < 0 || state.assignedSession != publisher.sessionId()) {
            // not assigned yet, or assigned to an earlier publication of this process: the learner accepts this
            // publication's fragments once it has answered this hello
            if (publisher.isConnected() && weightsConnected.get() && now - lastHello > HELLO_EVERY_NS) {
                sendControl(hello); // not sent: the next period's hello is
                lastHello = now;
            }
            checkLearner(now, "no assignment from the learner");
            return 0;
        }
        if (workers == null) start();
        if (now - lastHeartbeat > HEARTBEAT_EVERY_NS) {
            sendControl(new ControlMessage.Heartbeat(state.actorId, state.instanceId, Math.max(state.lastUsed,
                    state.newestReceived), state.lastPublished, state.envSteps, System.currentTimeMillis())); // not sent: the next one is
            lastHeartbeat = now;
        }
        if (publisher.hasStaged()) return offerPending(now);
        long resend = state.resendRequested.getAndSet(-1);
        if (resend >= 0 && resend == state.lastPublished && publisher.restageLast()) {
            // the learner did not get it: the bytes are still in the publisher's buffer (the next fragment is encoded
            // there only when it is complete, after the next version arrived)
            state.resent++;
            LOG.info("actor " + state.actorId + ": the learner asked again for the fragment of version " + resend + "; sending it again");
            resending = true;
            stagedAtNs = now;
            return offerPending(now);
        }
        if (workers[0].collecting()) return advance();
        PolicyVersion s = state.latest;
        if (s == null || s.version <= state.lastUsed) {
            checkLearner(now, noNewWeights);
            return 0;
        }
        if (state.lastUsed >= 0 && s.version != state.lastUsed + 1) state.skipped += s.version - state.lastUsed - 1;
        if (state.firstUsed < 0) state.firstUsed = s.version;
        state.lastUsed = s.version;
        for (int p = 0; p < workers.length; p++) workers[p].begin(s, pool == null ? fragment : parts[p], null);
        return advance();
    }

    /** One duty cycle's share of the fragment; when it completes, the fragment is staged and offered once. */
    private int advance() {
        if (!advanceAll()) return 1;
        if (pool != null) io.tributary.actors.FragmentMerger.merge(parts, fragment);
        fragment.actorId = state.actorId;
        fragment.sequence = sequence++;
        publisher.stage(fragment);
        stagedAtNs = System.nanoTime();
        offerPending(stagedAtNs);
        return 1;
    }

    /**
     * Advances every part {@link #VECTOR_STEPS_PER_DUTY_CYCLE} vector steps, the other parts on the pool while part 0
     * steps here; the join waits only for that bounded work (as dm_control's slice threads do inside one step).
     */
    private boolean advanceAll() {
        if (pool == null) return workers[0].advance(VECTOR_STEPS_PER_DUTY_CYCLE);
        for (int p = 1; p < workers.length; p++) pending[p] = pool.submit(advanceParts[p]);
        boolean done = workers[0].advance(VECTOR_STEPS_PER_DUTY_CYCLE);
        for (int p = 1; p < workers.length; p++) {
            try {
                pending[p].get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("rollout thread failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while collecting", e);
            }
            pending[p] = null;
        }
        return done; // the parts have the same T, so they complete together
    }

    /** Env steps taken by this agent's workers so far (tests: how far a duty cycle went). */
    long envStepsTaken() {
        long n = 0;
        if (workers != null) for (RolloutWorker w : workers) n += w.steps();
        return n;
    }

    /**
     * The pending fragment is state, tried once per duty cycle: a back-pressured publication costs this cycle
     * nothing but the attempt, and a stop request is seen on the next one.
     */
    private int offerPending(long now) {
        if (!publisher.offerStaged()) {
            if (now - stagedAtNs > OFFER_TIMEOUT_NS) {
                throw new io.tributary.transport.OfferFailedException("fragment offer timed out after " + OFFER_TIMEOUT_NS / 1_000_000
                        + " ms (" + (publisher.isConnected() ? "back-pressured" : "not connected") + ")");
            }
            return 0;
        }
        if (resending) {
            resending = false;
            return 1;
        }
        state.fragments++;
        state.lastPublished = fragment.policyVersion;
        state.envSteps += (long) fragment.rows();
        counters.onFragment(state);
        state.learnerNewsNs = System.nanoTime(); // waiting for the next version starts now
        return 1;
    }

    /**
     * One rollout thread per {@code cfg.threads()}: thread p steps env copies p*m .. p*m+m-1 (seeded seed + p*m + j,
     * as one thread would seed them) into its own part; the parts are merged into the actor's fragment.
     */
    private void start() {
        // dm_control slices its own batch over persistent stepping threads: one worker, one fragment, no merge copy
        // and no per-fragment hand-off to a pool; only the policy's inference stays on this thread, small next to
        // the physics. Other families get K workers, each stepping its N/K copies (and its policy) on a thread.
        int k = EnvRegistry.slicesVectorOnThreads(cfg.envId()) ? 1 : cfg.threads();
        int envThreads = k == 1 ? cfg.threads() : 1;
        int m = cfg.numEnvs() / k;
        envs = new VectorEnv[k];
        workers = new RolloutWorker[k];
        parts = new TrajectoryFragment[k];
        for (int p = 0; p < k; p++) {
            envs[p] = EnvRegistry.makeVector(cfg.envId(), m, envThreads);
            workers[p] = new RolloutWorker(envs[p], spec, new FrozenNormalization(spec.observationDim()),
                    state.seed * 7919 + 1 + state.restarts + 104_729L * p, cfg.rolloutPerturbAlpha());
            workers[p].reset(state.seed + (long) p * m + state.restarts * 1_000_003L);
            parts[p] = k == 1 ? null : new TrajectoryFragment(m, cfg.steps(), spec.observationDim(), spec.actionDim());
        }
        fragment = new TrajectoryFragment(cfg.numEnvs(), cfg.steps(), spec.observationDim(), spec.actionDim());
        if (k > 1) {
            pool = java.util.concurrent.Executors.newFixedThreadPool(k - 1, r -> {
                Thread t = new Thread(r, "rollout-thread");
                t.setDaemon(true);
                return t;
            });
            advanceParts = new Runnable[k];
            for (int p = 1; p < k; p++) {
                RolloutWorker w = workers[p];
                advanceParts[p] = () -> w.advance(VECTOR_STEPS_PER_DUTY_CYCLE);
            }
        }
        LOG.info("actor " + state.actorId + ": assigned (instance " + Long.toHexString(state.instanceId) + ", pid "
                + ProcessHandle.current().pid() + ", " + cfg.numEnvs() + " x " + cfg.envId() + " on " + cfg.threads() + " thread(s)" + (k == 1 && cfg.threads() > 1 ? " (env slices)" : "") + ", T=" + cfg.steps()
                + ", spec " + Long.toHexString(spec.hash()) + ", run " + io.tributary.protocol.RunId.hex(state.runId) + (state.restarts > 0 ? ", restart " + state.restarts : "") + ")");
    }

    private void checkLearner(long now, String why) {
        if (state.stopping) return;
        if (cfg.parentPid() > 0 && (parent == null || !parent.isAlive())) {
            state.stopping = true;
            stop.accept("parent process " + cfg.parentPid() + " is gone");
        } else if (now - state.learnerNewsNs > TimeUnit.MILLISECONDS.toNanos(cfg.learnerTimeoutMs())) {
            // the clock is the process's (ActorState), not this part's: a restarted part must not reset it, or an
            // actor whose learner is gone would restart its parts forever
            state.stopping = true;
            stop.accept("learner lost: " + why);
        }
    }

    @Override
    public void onClose() {
        String why = state.goodbye;
        if (why != null && state.actorId >= 0 && state.assignedSession == publisher.sessionId()) {
            // leaving for good: tell the learner, so that it does not wait for this actor's fragment (a few tries; this
            // runs on the closer's thread, not in a duty cycle)
            try {
                for (int i = 0; i < 20; i++) {
                    if (sendControl(new ControlMessage.Goodbye(state.actorId, state.instanceId, why))) {
                        LOG.info("actor " + state.actorId + ": said goodbye to the learner (" + why + ")");
                        break;
                    }
                    Thread.sleep(5);
                }
            } catch (RuntimeException | InterruptedException e) {
                LOG.info("actor " + state.actorId + ": could not say goodbye: " + e);
            }
        }
        publisher.close();
        if (pool != null) pool.shutdownNow();
        if (envs != null) for (VectorEnv e : envs) if (e != null) e.close();
    }

    /** One try at a control message to the learner, over the cluster when it is on, else on the fragments stream. */
    private boolean sendControl(ControlMessage m) {
        ClusterLink cluster = state.cluster;
        return cluster != null ? cluster.trySend(m, state.runId) : publisher.tryPublishControl(m);
    }

    @Override
    public void onStart() {
        state.startLearnerClock();
    }

    @Override
    public String roleName() {
        return "rollout-worker";
    }
}
