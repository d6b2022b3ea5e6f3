package io.tributary.learner.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who takes part in which version: actor id -> batch slot. Actor ids are handed out once and never reused; slots are
 * the positions of the current version's members in the batch, 0..size-1 in joining order. Joins and leaves take
 * effect at a version boundary ({@link #advance()}), never inside a version, so the batch of one version always
 * has one fixed set of members; nothing is sized by a member count fixed at start. Today's pipeline fills the
 * roster before version 0 and fails the run when an actor is lost; replacing a lost actor builds on {@link #leave}
 * and {@link #join}. Not thread-safe: the learner's state guards it with its monitor.
 */
final class Roster {

    private long[] instances = new long[4];
    /** Per actor id: the Aeron session its fragments must come from, and the secret a rebind must show. */
    private int[] sessions = new int[4];
    private long[] secrets = new long[4];
    /** Per actor id: its slot in the current version, -1 when not a member (pending, left, never). */
    private int[] slotOf = new int[4];
    private boolean[] leaving = new boolean[4];
    private int nextId;
    /** Ids below {@link #nextId} skipped over by a requested one, not handed out yet. */
    private final java.util.TreeSet<Integer> free = new java.util.TreeSet<>();
    private int handedOut;
    private final List<Integer> members = new ArrayList<>();
    private final List<Integer> pending = new ArrayList<>();

    /** A new actor, identified by its process instance; a member from the next {@link #advance()}. */
    int join(long instanceId) {
        return join(instanceId, 0, 0, -1);
    }

    /**
     * As {@link #join(long)}, bound to Aeron session {@code session}; a rebind must show {@code secret}. The id is
     * {@code requested} when that one was never handed out (a spawned actor asks for its spawn index, so its log file
     * and its id agree), else the next new one.
     */
    int join(long instanceId, long secret, int session, int requested) {
        boolean available = requested >= 0 && requested < Integer.MAX_VALUE / 2 && (requested >= nextId || free.contains(requested));
        int id = available ? requested : nextFree();
        int oldNext = nextId;
        nextId = Math.max(nextId, id + 1);
        if (id >= instances.length) {
            int n = Math.max(2 * instances.length, id + 1);
            instances = Arrays.copyOf(instances, n);
            slotOf = Arrays.copyOf(slotOf, n);
            leaving = Arrays.copyOf(leaving, n);
            sessions = Arrays.copyOf(sessions, n);
            secrets = Arrays.copyOf(secrets, n);
        }
        for (int skipped = oldNext; skipped < id; skipped++) {
            slotOf[skipped] = -1;
            free.add(skipped);
        }
        free.remove(Integer.valueOf(id));
        handedOut++;
        instances[id] = instanceId;
        sessions[id] = session;
        secrets[id] = secret;
        slotOf[id] = -1;
        pending.add(id);
        return id;
    }

    /** The actor leaves at the next {@link #advance()}; its fragment of the current version still counts. */
    void leave(int actorId) {
        check(actorId);
        if (pending.remove(Integer.valueOf(actorId))) return;
        leaving[actorId] = true;
    }

    /** Version boundary: pending joins become members, leaving ones go; slots are renumbered in member order. */
    void advance() {
        members.removeIf(id -> leaving[id]);
        members.addAll(pending);
        pending.clear();
        for (int id = 0; id < nextId; id++) slotOf[id] = -1;
        for (int s = 0; s < members.size(); s++) slotOf[members.get(s)] = s;
    }

    /** The actor's slot in the current version, -1 when it is no member of it. */
    int slotOf(int actorId) {
        return known(actorId) ? slotOf[actorId] : -1;
    }

    /** The actor id a process instance was given, -1 for an instance that never joined. */
    int actorOf(long instanceId) {
        for (int id = 0; id < nextId; id++) if (known(id) && instances[id] == instanceId) return id;
        return -1;
    }

    /** The Aeron session actor {@code actorId}'s messages must come from. */
    int sessionOf(int actorId) {
        check(actorId);
        return sessions[actorId];
    }

    /**
     * Moves the actor's binding to a new publication (the actor's part or Aeron client was replaced) when
     * {@code secret} is the one its first hello carried; false (nothing changes) otherwise.
     */
    boolean rebind(int actorId, long secret, int session) {
        check(actorId);
        if (secrets[actorId] != secret) return false;
        sessions[actorId] = session;
        return true;
    }

    long instanceOf(int actorId) {
        check(actorId);
        return instances[actorId];
    }

    /** Whether the id was handed out (member, pending or gone). */
    boolean known(int actorId) {
        return actorId >= 0 && actorId < nextId && !free.contains(actorId);
    }

    private int nextFree() {
        return free.isEmpty() ? nextId : free.first();
    }

    /** Members of the current version. */
    int size() {
        return members.size();
    }

    /** Members of the current version plus those that join at the next boundary, minus those that leave. */
    int sizeAfterAdvance() {
        int n = pending.size();
        for (int id : members) if (!leaving[id]) n++;
        return n;
    }

    /** How many ids were handed out so far. */
    int joined() {
        return handedOut;
    }

    int actorAt(int slot) {
        return members.get(slot);
    }

    private void check(int actorId) {
        if (!known(actorId)) throw new IllegalArgumentException("actor " + actorId + " never joined (ids 0.." + (nextId - 1) + ")");
    }
}
