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
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the learner's parts share, and who writes it. The batch slots are guarded by this object's monitor (one
 * hand-off per fragment: the ingest thread fills, the trainer thread consumes and clears); everything else has one
 * writer and is volatile or atomic. The {@link Learner} and the statistics live here, not in the trainer agent, so
 * a restarted trainer continues from the same weights and optimizer state.
 */
final class LearnerState implements MembershipEvents {

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
    /** Per actor id (monitor of this): the newest version it holds, the newest whose fragment it says it published. */
    private long[] weightsVersion = new long[0];
    private long[] publishedVersion = new long[0];
    /** Per actor id (monitor): when it was last heard from; when it was lost (0: not lost); its process id; gone for good. */
    private long[] heardNs = new long[0];
    private long[] lostAtNs = new long[0];
    private long[] pids = new long[0];
    private boolean[] gone = new boolean[0];
    /** Per actor id (monitor): from which version on a replacement's fragments come from fresh episodes (-1: none due). */
    private final java.util.Map<Integer, Long> trackersRestartAt = new java.util.HashMap<>();
    /** Per slot of the version in progress (monitor): its fragment is not waited for (left, or grace expired). */
    private boolean[] excused = new boolean[0];
    volatile MembershipPolicy policy = MembershipPolicy.DEFAULTS;
    /** When the last membership event (lost, joined, left, back) happened: the fragment timeout counts from here too. */
    volatile long membershipEventNs;
    volatile PrintStream out = System.out;
    /** Membership decisions of the version in progress, for its metrics row (reset when the trainer records it). */
    final MembershipTally tally = new MembershipTally();
    /** Test fault ({@code PipelineLearner.loseFirstCopy}): {actor id, version}, null when none is due. */
    volatile long[] lose;
    /** Fragments asked for again, over the run (the trainer writes). */
    final AtomicLong resendRequests = new AtomicLong();

    // trainer thread
    final Learner learner;
    volatile PolicyVersion snapshot;

    // trainer/ingest -> broadcaster
    final AtomicReference<PolicyVersion> toBroadcast = new AtomicReference<>();
    final ConcurrentLinkedQueue<ControlMessage> outbox = new ConcurrentLinkedQueue<>();
    volatile long lastBroadcastEndNs;
    /** When the current version's first broadcast went out: its rollout time is measured from here, not from re-broadcasts. */
    volatile long versionBroadcastEndNs;
    volatile long broadcastVersionSent = -1;

    // measurements
    final AtomicLong transferNs = new AtomicLong();
    /** The longest wait for a fragment per iteration ({@code max_stall_s}). */
    final StallClock stalls = new StallClock();
    /** The learner's media driver's loss-recovery counters (NAKs, retransmits), read once per iteration. */
    volatile java.util.function.Supplier<io.tributary.transport.LossCounters> loss = () -> io.tributary.transport.LossCounters.ZERO;
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
    /** With the cluster on: the actor instances whose cluster node is Up; a hello from any other is refused. */
    volatile boolean clusterGated;
    final java.util.Set<Long> clusterMembers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Instances whose cluster node was removed (left or downed): never admitted again. */
    final java.util.Set<Long> clusterRemoved = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The control plane over the cluster; null when the cluster is off (control messages then ride Aeron). */
    volatile ClusterControl clusterControl;

    /** Whether a hello or heartbeat of {@code instanceId} may be taken: always without the cluster. */
    boolean clusterAdmits(long instanceId) {
        return !clusterGated || (clusterMembers.contains(instanceId) && !clusterRemoved.contains(instanceId));
    }

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
    synchronized int join(long instanceId, long secret, int session, int requested) {
        return joined(new Join(instanceId, secret, session, requested, -1, "instance " + Long.toHexString(instanceId)));
    }

    private void grow(int id) {
        if (id < heardNs.length) return;
        int n = Math.max(id + 1, 2 * heardNs.length);
        int from = heardNs.length;
        weightsVersion = java.util.Arrays.copyOf(weightsVersion, n);
        publishedVersion = java.util.Arrays.copyOf(publishedVersion, n);
        heardNs = java.util.Arrays.copyOf(heardNs, n);
        lostAtNs = java.util.Arrays.copyOf(lostAtNs, n);
        pids = java.util.Arrays.copyOf(pids, n);
        gone = java.util.Arrays.copyOf(gone, n);
        java.util.Arrays.fill(weightsVersion, from, n, -1);
        java.util.Arrays.fill(publishedVersion, from, n, -1);
    }

    @Override
    public synchronized int joined(Join j) {
        membershipEventNs = System.nanoTime();
        int id = roster.join(j.instanceId(), j.secret(), j.session(), j.requestedId());
        assigned = roster.joined();
        counters.actorsAssigned.setRelease(assigned);
        grow(id);
        boolean tookOver = roster.lastTakeover == id;
        long lostFor = lostAtNs[id];
        weightsVersion[id] = -1;
        publishedVersion[id] = -1;
        heardNs[id] = System.nanoTime();
        lostAtNs[id] = 0;
        gone[id] = false;
        pids[id] = j.pid();
        if (tookOver) {
            // the replacement's env copies start fresh episodes: their return trackers restart before its first fragment
            // (this version's when it collects the missing one, else the next's)
            int takenSlot = roster.slotOf(id);
            boolean collectsThis = takenSlot >= 0 && takenSlot < filled.length && !filled[takenSlot];
            trackersRestartAt.put(id, collectsThis ? currentVersion : currentVersion + 1);
            counters.slotsTakenOver.incrementRelease();
            tally.takenOver.incrementAndGet();
            int slot = roster.slotOf(id);
            boolean missing = slot >= 0 && slot < filled.length && !filled[slot];
            out.printf("learner: actor %d is %s (session %d): takes over the slot of lost actor %d (same id and env seeds %d..%d)%s%n",
                    id, j.who(), j.session(), id, seedOf(id), seedOf(id) + cfg.envsPerActor() - 1,
                    missing ? "; it collects version " + currentVersion + "'s missing fragment" : "; a member from the next version");
            if (missing) {
                if (slot < excused.length && excused[slot]) {
                    excused[slot] = false; // it may still come in time
                }
                PolicyVersion snap = snapshot;
                if (snap != null) toBroadcast.compareAndSet(null, snap); // the replacement needs the current weights now
            }
        } else {
            if (snapshot != null) {
                counters.actorsJoinedLate.incrementRelease();
                tally.joined.incrementAndGet();
            }
            out.printf("learner: actor %d is %s (session %d)%s%n", id, j.who(), j.session(),
                    snapshot != null ? "; joins at the next version boundary" : "");
        }
        return id;
    }

    /**
     * Trainer thread, before the update of {@code version}: restarts the return trackers of the actors taken over by a
     * replacement whose first fragment is of this version or earlier.
     */
    synchronized void restartReturnTrackers(long version) {
        var due = trackersRestartAt.entrySet().iterator();
        while (due.hasNext()) {
            var e = due.next();
            if (e.getValue() > version) continue;
            learner.normalization().restartCopies(e.getKey(), cfg.envsPerActor());
            due.remove();
        }
    }

    @Override
    public synchronized void lost(int actorId, String cause) {
        if (!roster.known(actorId) || roster.isVacant(actorId) || gone[actorId]) return;
        membershipEventNs = System.nanoTime();
        roster.vacate(actorId);
        lostAtNs[actorId] = System.nanoTime();
        counters.actorsLost.incrementRelease();
        tally.lost.incrementAndGet();
        int slot = roster.slotOf(actorId);
        boolean missing = slot >= 0 && !filled[slot];
        out.printf("learner: actor %d lost (%s)%s%n", actorId, cause, missing ? "; version " + currentVersion
                + " waits up to " + policy.graceMs() / 1000.0 + " s (--actor-grace-s) for its fragment" : "");
    }

    @Override
    public synchronized void left(int actorId, String cause) {
        if (!roster.known(actorId) || gone[actorId]) return;
        membershipEventNs = System.nanoTime();
        gone[actorId] = true;
        boolean wasVacant = roster.isVacant(actorId);
        if (!wasVacant) roster.leave(actorId);
        int slot = roster.slotOf(actorId);
        boolean excusedNow = slot >= 0 && !filled[slot];
        if (excusedNow) excused[slot] = true;
        counters.actorsLeft.incrementRelease();
        tally.left.incrementAndGet();
        out.printf("learner: actor %d left (%s); removed at the next version boundary%s%n", actorId, cause,
                excusedNow ? "; version " + currentVersion + " does not wait for its fragment" : "");
    }

    @Override
    public synchronized void back(int actorId, String cause) {
        if (!roster.known(actorId) || !roster.isVacant(actorId) || gone[actorId]) return;
        membershipEventNs = System.nanoTime();
        boolean stillMember = roster.slotOf(actorId) >= 0;
        roster.reclaim(actorId);
        double s = (System.nanoTime() - lostAtNs[actorId]) / 1e9;
        lostAtNs[actorId] = 0;
        counters.actorsBack.incrementRelease();
        tally.back.incrementAndGet();
        out.printf(java.util.Locale.ROOT, "learner: actor %d is back after %.1f s (%s)%s%n", actorId, s, cause,
                stillMember ? "" : "; joins again at the next version boundary");
    }

    /** Actor {@code actorId} was heard from (heartbeat, fragment, hello): a lost one is back. */
    void heard(int actorId, long weightsV, long publishedV, String how) {
        boolean wasLost;
        synchronized (this) {
            if (!roster.known(actorId)) return;
            grow(actorId);
            heardNs[actorId] = System.nanoTime();
            weightsVersion[actorId] = Math.max(weightsVersion[actorId], weightsV);
            publishedVersion[actorId] = Math.max(publishedVersion[actorId], publishedV);
            wasLost = lostAtNs[actorId] != 0 && roster.isVacant(actorId);
        }
        if (wasLost) back(actorId, how);
    }

    synchronized long weightsVersionOf(int actorId) {
        return actorId < weightsVersion.length ? weightsVersion[actorId] : -1;
    }

    synchronized long publishedVersionOf(int actorId) {
        return actorId < publishedVersion.length ? publishedVersion[actorId] : -1;
    }

    /** Whether a member of the version in progress (and still there) holds older weights than the current version. */
    synchronized boolean anyBehind() {
        for (int s = 0; s < roster.size(); s++) {
            int id = roster.actorAt(s);
            if (roster.active(id) && weightsVersionOf(id) < currentVersion) return true;
        }
        return false;
    }

    /** The actor id of a process id (from its hello), -1 if none. */
    synchronized int actorOfPid(long pid) {
        for (int id = 0; id < pids.length; id++) if (pids[id] == pid && roster.known(id)) return id;
        return -1;
    }

    synchronized boolean saidGoodbye(int actorId) {
        return actorId >= 0 && actorId < gone.length && gone[actorId];
    }

    /** Active actors (members and pending joins, not lost, not leaving) heard from longer ago than {@code ns}. */
    synchronized int[] silentFor(long ns, long now) {
        int[] out = new int[0];
        for (int id = 0; id < heardNs.length; id++) {
            if (roster.active(id) && now - heardNs[id] > ns) {
                out = java.util.Arrays.copyOf(out, out.length + 1);
                out[out.length - 1] = id;
            }
        }
        return out;
    }

    /** Active actors: members and pending joins that are neither lost nor leaving. */
    synchronized int activeCount() {
        int n = 0;
        for (int id = 0; id < heardNs.length; id++) if (roster.active(id)) n++;
        return n;
    }

    /**
     * The lost members whose fragment of the version in progress is missing and not excused, lost longer ago than
     * {@code graceNs}: now excused (the version completes without them). Returns their ids.
     */
    synchronized int[] expireGrace(long graceNs, long now) {
        int[] ids = new int[0];
        for (int s = 0; s < roster.size(); s++) {
            int id = roster.actorAt(s);
            if (filled[s] || excused[s] || !roster.isVacant(id) || lostAtNs[id] == 0 || now - lostAtNs[id] < graceNs) continue;
            excused[s] = true;
            ids = java.util.Arrays.copyOf(ids, ids.length + 1);
            ids[ids.length - 1] = id;
        }
        return ids;
    }

    /** The actor id a process instance was given, -1 if none. */
    synchronized int actorOf(long instanceId) {
        return roster.actorOf(instanceId);
    }

    /** The process instance actor {@code actorId} belongs to, 0 if nobody has that id. */
    synchronized long instanceOfActor(int actorId) {
        return roster.known(actorId) ? roster.instanceOf(actorId) : 0;
    }

    synchronized boolean isInstance(int actorId, long instanceId) {
        return roster.known(actorId) && roster.instanceOf(actorId) == instanceId;
    }

    /** Whether a message naming actor {@code actorId} came from the session that actor is bound to. */
    synchronized boolean boundTo(int actorId, int session) {
        return roster.known(actorId) && roster.sessionOf(actorId) == session;
    }

    synchronized int sessionOf(int actorId) {
        return roster.sessionOf(actorId);
    }

    /** See {@link Roster#rebind}. */
    synchronized boolean rebind(int actorId, long secret, int session) {
        return roster.rebind(actorId, secret, session);
    }

    /**
     * The one admission check of a well-formed fragment, on its header: the slot to decode it into, or null after
     * booking why not (an id nobody was given or that is no member of this version, a session other than the one
     * the id is bound to, another version, a second fragment of the same actor).
     */
    synchronized TrajectoryFragment admit(int actorId, long policyVersion, int session) {
        if (!roster.known(actorId)) {
            drops.record(io.tributary.protocol.codec.DecodeResult.UNASSIGNED_ACTOR);
            return null;
        }
        if (roster.sessionOf(actorId) != session) {
            drops.record(io.tributary.protocol.codec.DecodeResult.FOREIGN_SESSION);
            return null;
        }
        // a known actor's fragment of another version is late (it was paused, the iteration completed without it)
        // before it is anything else
        if (policyVersion != currentVersion) {
            drops.record(io.tributary.protocol.codec.DecodeResult.STALE);
            return null;
        }
        int slot = roster.slotOf(actorId);
        if (slot < 0) {
            drops.record(io.tributary.protocol.codec.DecodeResult.UNASSIGNED_ACTOR);
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
        if (excused[slot]) excused[slot] = false; // it came after all
        filledCount++;
    }

    /**
     * Every member's fragment is in, except those not waited for (a member that left, a lost one whose grace expired),
     * and at least one is.
     */
    synchronized boolean batchComplete() {
        if (filledCount == 0) return false;
        for (int s = 0; s < roster.size(); s++) if (!filled[s] && !excused[s]) return false;
        return true;
    }

    /** Members of the version in progress. */
    synchronized int members() {
        return roster.size();
    }

    /** Actor ids of the current version's members whose fragment has not arrived. */
    synchronized int[] missing() {
        int n = roster.size();
        int[] ids = new int[n - filledCount];
        for (int s = 0, k = 0; s < n; s++) if (!filled[s]) ids[k++] = roster.actorAt(s);
        return ids;
    }

    /** The current version's batch: the fragments that arrived, in slot order (the trainer reads it once complete). */
    synchronized List<TrajectoryFragment> batch() {
        List<TrajectoryFragment> b = new java.util.ArrayList<>(filledCount);
        for (int s = 0; s < roster.size(); s++) if (filled[s]) b.add(slots.get(s));
        return List.copyOf(b);
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
        if (filled.length < roster.size()) {
            filled = new boolean[slots.size()];
            excused = new boolean[slots.size()];
        }
        java.util.Arrays.fill(filled, false);
        java.util.Arrays.fill(excused, false);
        filledCount = 0;
        currentVersion = version;
    }
}
