package io.tributary.actors.process;

import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.codec.DropCounters;

/**
 * What the parts of an actor process share: the assignment, the newest policy version received (handed from the
 * weights subscriber's thread to the rollout worker's), and progress for the final report. Single writer per
 * field; readers on other threads see it through volatile.
 */
public final class ActorState {

    public final long instanceId;
    volatile int actorId = -1;
    /** The Aeron session the learner's newest assign for this instance binds the actor id to (0: none yet). */
    volatile int assignedSession;
    /** The run this actor belongs to: from --run-id, or (0 there) from the learner's first assign. */
    public volatile long runId;
    volatile long seed;
    volatile PolicyVersion latest;
    volatile long newestReceived = -1;
    volatile long firstUsed = -1;
    volatile long lastUsed = -1;
    volatile long fragments;
    volatile long skipped;
    volatile long envSteps;
    volatile long weightsDrops;
    /** Weights drops counted by the clients before the current one (each client's counters start at 0). */
    private long weightsDropsBase;
    /** {@link #weightsDrops} by reason ({@link DecodeResult} ordinal), and the same for the clients before this one. */
    private final long[] weightsDropsByReason = new long[DecodeResult.values().length];
    private final long[] weightsDropsByReasonBase = new long[DecodeResult.values().length];
    /** The newest version whose fragment went out; a fresh rollout part collects again from here. */
    volatile long lastPublished = -1;
    volatile long restarts;
    /** Rollout parts built so far, over every Aeron client of this process (the first is no restart). */
    volatile long rolloutStarts;
    /** Fresh Aeron clients connected after the first one closed underneath the parts. */
    volatile long reconnects;
    /** The version the learner asked to have again (weights thread writes, rollout thread takes it), -1 for none. */
    final java.util.concurrent.atomic.AtomicLong resendRequested = new java.util.concurrent.atomic.AtomicLong(-1);
    /** Fragments sent again on the learner's request. */
    volatile long resent;
    /**
     * When the learner last gave news (start, an assign, a new version; and the publication of a fragment, after
     * which the next version is awaited): {@code learner-timeout-ms} counts from here. Process state, so that no
     * part restart or reconnect resets it.
     */
    public volatile long learnerNewsNs = System.nanoTime();
    /**
     * Set when the first rollout part of this process starts: the clock above restarts then, once, so that the
     * process's own start (JVM, media driver, parts system: seconds on a loaded machine) is not counted as the
     * learner's silence.
     */
    private boolean learnerClockStarted;
    /** Set when the process is stopping: parts blocked on a send give up at once. */
    volatile boolean stopping;
    /** Set when the process stops for good on its own (SIGTERM): the rollout part says goodbye as it closes. */
    public volatile String goodbye;
    /** The control plane over the cluster (set before the parts start); null: control messages ride Aeron. */
    public volatile ClusterLink cluster;

    public ActorState(long instanceId, long seed) {
        this.instanceId = instanceId;
        this.seed = seed;
    }

    public int actorId() {
        return actorId;
    }

    /** A new session (a fresh Aeron client and guardian) begins: the parts may run again. */
    public long reconnects() {
        return reconnects;
    }

    public void beginSession(boolean reconnect) {
        stopping = false;
        if (reconnect) reconnects++;
    }

    /** Called by the rollout part as it starts; only the first call of the process restarts the learner clock. */
    synchronized void startLearnerClock() {
        if (learnerClockStarted) return;
        learnerClockStarted = true;
        learnerNewsNs = System.nanoTime();
    }

    /** A fresh client's weights counters start at 0: what the earlier ones counted becomes the base. */
    void beginWeightsDrops() {
        weightsDropsBase = weightsDrops;
        System.arraycopy(weightsDropsByReason, 0, weightsDropsByReasonBase, 0, weightsDropsByReason.length);
    }

    /** Takes the current client's weights drop counts (the weights part's thread; by reason only when they changed). */
    void countWeightsDrops(DropCounters drops) {
        long total = weightsDropsBase + drops.total();
        if (total == weightsDrops) return;
        for (DecodeResult r : DecodeResult.values()) weightsDropsByReason[r.ordinal()] = weightsDropsByReasonBase[r.ordinal()] + drops.get(r);
        weightsDrops = total; // volatile, after the array: a reader of the total sees the reasons
    }

    /** The non-zero weights drops by reason, as {@code {STALE=1}} (the learner's form); empty with none. */
    String weightsDropReasons() {
        if (weightsDrops == 0) return "";
        StringBuilder b = new StringBuilder(" {");
        for (DecodeResult r : DecodeResult.values()) {
            long n = weightsDropsByReason[r.ordinal()];
            if (n != 0) b.append(b.length() > 2 ? ", " : "").append(r.name()).append('=').append(n);
        }
        return b.append('}').toString();
    }

    public String report() {
        return "collected versions " + firstUsed + ".." + lastUsed + " (" + fragments + " fragments published, " + skipped
                + " versions skipped), newest received " + newestReceived + ", " + envSteps + " env steps, weights drops "
                + weightsDrops + weightsDropReasons() + ", fragments resent " + resent + ", part restarts " + restarts + ", reconnects " + reconnects;
    }
}
