package io.tributary.learner.pipeline;

import io.tributary.learner.Learner;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.codec.DropCounters;
import io.tributary.protocol.control.ControlMessage;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the learner's parts share, and who writes it. The batch slots are guarded by this object's monitor (one
 * hand-off per fragment: the ingest thread fills, the trainer thread consumes and clears); everything else has one
 * writer and is volatile or atomic. The {@link Learner} and the statistics live here, not in the trainer agent, so
 * a restarted trainer continues from the same weights and optimizer state.
 */
final class LearnerState {

    final PipelineConfig cfg;
    final Hyperparameters hp;
    final PolicySpec spec;
    final int steps;
    final DropCounters drops;
    final LearnerCounters counters;

    // batch: ingest thread writes, trainer reads and clears (monitor of this)
    final TrajectoryFragment[] slots;
    final boolean[] filled;
    int filledCount;
    volatile long currentVersion;

    // membership: ingest thread writes
    final long[] instances;
    volatile int assigned;
    final AtomicLongArray heartbeatVersion;

    // trainer thread
    final Learner learner;
    volatile PolicyVersion snapshot;

    // trainer/ingest -> broadcaster
    final AtomicReference<PolicyVersion> toBroadcast = new AtomicReference<>();
    final ConcurrentLinkedQueue<ControlMessage> outbox = new ConcurrentLinkedQueue<>();
    volatile long lastBroadcastEndNs;
    volatile long broadcastVersionSent = -1;

    // measurements
    final AtomicLong transferNs = new AtomicLong();
    final AtomicLong fragmentsAccepted = new AtomicLong();
    final List<IterationMetrics> history = new CopyOnWriteArrayList<>();

    volatile long trainingStartNs;
    volatile long trainingEndNs;

    // ending
    volatile String failure;
    volatile boolean stopping;
    volatile String stopReason = "training finished";

    LearnerState(PipelineConfig cfg, PolicySpec spec, DropCounters drops, LearnerCounters counters) {
        this.cfg = cfg;
        this.hp = cfg.hp();
        this.spec = spec;
        this.steps = hp.numSteps();
        this.drops = drops;
        this.counters = counters;
        this.slots = new TrajectoryFragment[cfg.actors()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new TrajectoryFragment(cfg.envsPerActor(), steps, spec.observationDim(), spec.actionDim());
        }
        this.filled = new boolean[cfg.actors()];
        this.instances = new long[cfg.actors()];
        this.heartbeatVersion = new AtomicLongArray(cfg.actors());
        for (int i = 0; i < cfg.actors(); i++) heartbeatVersion.set(i, -1);
        this.learner = new Learner(hp, spec);
        learner.ownNormalization();
    }

    /** Env copy e of actor a is seeded hp.seed + a * envsPerActor + e: CleanRL's seed + i over the whole batch. */
    long seedOf(int actor) {
        return hp.seed() + (long) actor * cfg.envsPerActor();
    }

    synchronized boolean batchComplete() {
        return filledCount == cfg.actors();
    }

    /** Opens the batch of the next version: called by the trainer after the update, before the broadcast. */
    synchronized void nextVersion(long version) {
        java.util.Arrays.fill(filled, false);
        filledCount = 0;
        currentVersion = version;
    }
}
