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

    // batch: ingest thread admits and fills, trainer reads and clears (monitor of this). One slot per member of
    // the current version (the roster's), grown when the roster grows at a version boundary.
    private final Roster roster = new Roster();
    private final List<TrajectoryFragment> slots = new java.util.ArrayList<>();
    private boolean[] filled = new boolean[0];
    private int filledCount;
    volatile long currentVersion;

    // membership: ingest thread writes (through join)
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
    /** Every recorded iteration's scalars also go here (TensorBoard, Prometheus); set before the parts start. */
    volatile io.tributary.learner.metrics.MetricsSink sink = io.tributary.learner.metrics.MetricsSink.NONE;

    volatile long trainingStartNs;
    volatile long trainingEndNs;

    // checkpoints: set before the parts start; written by the trainer thread between updates, and at the end
    volatile int checkpointEvery;
    volatile java.util.Map<String, String> runConfig = java.util.Map.of();
    /** True while the trainer is inside an update (the learner's state is then not a checkpoint). */
    volatile boolean updating;
    volatile long checkpointedVersion = -1;

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
        this.heartbeatVersion = new AtomicLongArray(cfg.actors());
        for (int i = 0; i < cfg.actors(); i++) heartbeatVersion.set(i, -1);
        this.learner = new Learner(io.tributary.learner.algo.Algorithms.nameFor(hp), hp, spec, cfg.device());
        learner.ownNormalization();
    }

    /**
     * Writes the learner's checkpoint (weights, Adam, generators, learner-owned statistics with every copy's return
     * tracker, version, iteration, global step) with the run's configuration into the run directory, unless this
     * version already has one or an update is in progress. Trainer thread, or after the parts stopped.
     */
    void checkpoint(java.io.PrintStream out) {
        if (updating || learner.version() == checkpointedVersion || learner.version() == 0) return;
        java.nio.file.Path file = io.tributary.learner.checkpoint.RunCheckpointFile.write(cfg.runDir(),
                new io.tributary.learner.checkpoint.RunCheckpoint(runConfig, learner.checkpoint(), null));
        checkpointedVersion = learner.version();
        out.println("learner: checkpoint of version " + learner.version() + " written to " + file);
    }

    /** Env copy e of actor a is seeded hp.seed + a * envsPerActor + e: CleanRL's seed + i over the whole batch. */
    long seedOf(int actor) {
        return hp.seed() + (long) actor * cfg.envsPerActor();
    }

    /** A new actor process: its id (a member from the next version boundary). */
    synchronized int join(long instanceId) {
        int id = roster.join(instanceId);
        assigned = roster.joined();
        return id;
    }

    /** The actor id a process instance was given, -1 if none. */
    synchronized int actorOf(long instanceId) {
        return roster.actorOf(instanceId);
    }

    synchronized boolean isInstance(int actorId, long instanceId) {
        return roster.known(actorId) && roster.instanceOf(actorId) == instanceId;
    }

    /**
     * The one admission check of a well-formed fragment, on its header: the slot to decode it into, or null after
     * booking why not (an id nobody was given or that is no member of this version, another version, a second
     * fragment of the same actor).
     */
    synchronized TrajectoryFragment admit(int actorId, long policyVersion) {
        int slot = roster.slotOf(actorId);
        if (slot < 0) {
            drops.record(io.tributary.protocol.codec.DecodeResult.UNASSIGNED_ACTOR);
            return null;
        }
        if (policyVersion != currentVersion) {
            drops.record(io.tributary.protocol.codec.DecodeResult.STALE);
            return null;
        }
        if (filled[slot]) {
            drops.record(io.tributary.protocol.codec.DecodeResult.DUPLICATE);
            return null;
        }
        return slots.get(slot);
    }

    /** The fragment decoded into an admitted slot is complete. */
    synchronized void filled(TrajectoryFragment f) {
        int slot = roster.slotOf(f.actorId);
        if (slot < 0 || slots.get(slot) != f || filled[slot]) throw new IllegalStateException("actor " + f.actorId + "'s slot was not admitted");
        filled[slot] = true;
        filledCount++;
    }

    synchronized boolean batchComplete() {
        return roster.size() > 0 && filledCount == roster.size();
    }

    /** The current version's batch, in slot order (the trainer reads it once complete). */
    synchronized List<TrajectoryFragment> batch() {
        return List.copyOf(slots.subList(0, roster.size()));
    }

    /**
     * Opens the batch of the next version: called by the trainer before the first broadcast and after each update,
     * before the broadcast. Joins and leaves take effect here.
     */
    synchronized void nextVersion(long version) {
        roster.advance();
        while (slots.size() < roster.size()) {
            slots.add(new TrajectoryFragment(cfg.envsPerActor(), steps, spec.observationDim(), spec.actionDim()));
        }
        if (filled.length < roster.size()) filled = new boolean[slots.size()];
        java.util.Arrays.fill(filled, false);
        filledCount = 0;
        currentVersion = version;
    }
}
