package io.tributary.learner.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who takes part in which version: actor id -> batch slot. Actor ids are handed out once and never reused; slots are
 * the positions of the current version's members in the batch, 0..size-1 in joining order. Joins and leaves take
 * effect at a version boundary ({@link #advance()}), never inside a version, so the batch of one version always
 * has one fixed set of members; nothing is sized by a member count fixed at start. A lost actor's id is
 * {@link #vacate vacated}: the next joiner takes it over (a spawned actor's replacement asks for it; an actor started
 * by hand that asks for none gets the lowest vacant one), with its slot when the version in progress still has it, so
 * the env seeds of the batch stay the configured ones; the lost process itself may {@link #reclaim} it. Ids given up
 * with {@link #leave} are not handed out again. Not thread-safe: the learner's state guards it with its monitor.
 */
final class Roster {

    private long[] instances = new long[4];
    /** Per actor id: the Aeron session its fragments must come from, and the secret a rebind must show. */
    private int[] sessions = new int[4];
    private long[] secrets = new long[4];
    /** Per actor id: its slot in the current version, -1 when not a member (pending, left, never). */
    private int[] slotOf = new int[4];
    private boolean[] leaving = new boolean[4];
    /** Per actor id: its process is gone; the next joiner may take the id (and its slot, while the version has it). */
    private boolean[] vacant = new boolean[4];
    /** The id {@link #join} took over from a vacated actor, -1 when the last join took a fresh one. */
    int lastTakeover = -1;
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
        boolean valid = requested >= 0 && requested < Integer.MAX_VALUE / 2;
        boolean available = valid && (requested >= nextId || free.contains(requested) || vacant[requested]);
        int id = available ? requested : (valid ? nextFree() : lowestVacantOr(nextFree()));
        if (id < nextId && vacant[id]) {
            // a replacement: same id (so the same env seeds), the slot too while the version in progress has it
            lastTakeover = id;
            vacant[id] = false;
            instances[id] = instanceId;
            sessions[id] = session;
            secrets[id] = secret;
            if (slotOf[id] >= 0) leaving[id] = false;
            else if (!pending.contains(id)) pending.add(id);
            return id;
        }
        lastTakeover = -1;
        int oldNext = nextId;
        nextId = Math.max(nextId, id + 1);
        if (id >= instances.length) {
            int n = Math.max(2 * instances.length, id + 1);
            instances = Arrays.copyOf(instances, n);
            slotOf = Arrays.copyOf(slotOf, n);
            leaving = Arrays.copyOf(leaving, n);
            sessions = Arrays.copyOf(sessions, n);
            secrets = Arrays.copyOf(secrets, n);
            vacant = Arrays.copyOf(vacant, n);
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

    /**
     * The actor's process is gone (lost): it stays a member of the version in progress (a fragment it delivered still
     * counts, and a replacement may take its slot) and goes at the next {@link #advance()}; its id stays vacant for
     * the next joiner or for its own process ({@link #reclaim}).
     */
    void vacate(int actorId) {
        check(actorId);
        vacant[actorId] = true;
        if (!pending.remove(Integer.valueOf(actorId))) leaving[actorId] = true;
    }

    /** A vacated actor's own process is back: it stays a member, or joins again at the next boundary. False if not vacant. */
    boolean reclaim(int actorId) {
        check(actorId);
        if (!vacant[actorId]) return false;
        vacant[actorId] = false;
        if (slotOf[actorId] >= 0) leaving[actorId] = false;
        else if (!pending.contains(actorId)) pending.add(actorId);
        return true;
    }

    boolean isVacant(int actorId) {
        return known(actorId) && vacant[actorId];
    }

    /** Whether the actor is a member of the version in progress or joins at the next boundary, and is not going. */
    boolean active(int actorId) {
        return known(actorId) && !vacant[actorId] && (slotOf[actorId] >= 0 ? !leaving[actorId] : pending.contains(actorId));
    }

    /** Version boundary: pending joins become members, leaving ones go; slots are renumbered in member order. */
    void advance() {
        members.removeIf(id -> {
            if (!leaving[id]) return false;
            leaving[id] = false;
            return true;
        });
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

    private int lowestVacantOr(int otherwise) {
        for (int id = 0; id < nextId; id++) if (vacant[id] && !free.contains(id)) return id;
        return otherwise;
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
