package io.tributary.protocol.counters;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * Every Aeron counter type Tributary allocates, in one place (as Aeron's own {@code AeronCounters} lists its types),
 * and the one way to allocate them. The counters live wherever the {@link Allocator} puts them: in a process, in the
 * CnC file of the media driver it uses (visible to AeronStat and to any counters reader); in tests, in a plain
 * Agrona {@code CountersManager}. Labels start with the type's prefix so that a reader can group them.
 */
public final class TributaryCounters {

    /** Drops per reason and receiving stream ({@code DropCounters}; user type ids start at 1000). */
    public static final int DROPS_TYPE_ID = 4001;
    /** The numbers of the learner's per-iteration log line ({@code LearnerCounters}). */
    public static final int LEARNER_TYPE_ID = 4002;
    /** The numbers of an actor's report line ({@code ActorCounters}). */
    public static final int ACTOR_TYPE_ID = 4003;

    public static final String DROPS_PREFIX = "tributary-drop ";
    public static final String LEARNER_PREFIX = "tributary-learner ";
    public static final String ACTOR_PREFIX = "tributary-actor ";

    /** Allocates one counter; {@code aeron::addCounter} and {@code (type, label) -> countersManager.newCounter(label, type)} both fit. */
    @FunctionalInterface
    public interface Allocator {
        AtomicCounter allocate(int typeId, String label);
    }

    private TributaryCounters() {}

    /** A drop counter of {@code stream} for {@code reason}. */
    public static AtomicCounter drop(Allocator allocator, String stream, String reason) {
        return allocator.allocate(DROPS_TYPE_ID, DROPS_PREFIX + stream + " " + reason);
    }

    /** One of the learner's counters. */
    public static AtomicCounter learner(Allocator allocator, String what) {
        return allocator.allocate(LEARNER_TYPE_ID, LEARNER_PREFIX + what);
    }

    /**
     * One of an actor's counters; {@code who} is its identity as every log line names it ("actor 1"; an actor started
     * by hand without an id to ask for is known by its process instance until assigned: "instance 5f3a...").
     */
    public static AtomicCounter actor(Allocator allocator, String who, String what) {
        return allocator.allocate(ACTOR_TYPE_ID, ACTOR_PREFIX + who + " " + what);
    }
}
