package io.tributary.protocol.codec;

/**
 * Why a message was accepted or dropped. Every value but {@link #OK} (and the reassembler's {@link #INCOMPLETE} and
 * {@link #ALREADY_HELD}) is a drop, counted by {@link DropCounters}; decoders return these, they never throw. The last
 * values are admission decisions that a well-formed message can still fail on the receiver.
 */
public enum DecodeResult {
    OK,
    /** A weights chunk was stored; the broadcast is not complete yet (not a drop). */
    INCOMPLETE,
    /**
     * A weights chunk of the version the receiver completed last: the learner broadcasts its current version again
     * for an actor that has not confirmed it, and every other actor gets the same copy (not a drop).
     */
    ALREADY_HELD,
    /** Shorter than the header or than the fixed part of its type. */
    TOO_SHORT,
    BAD_MAGIC,
    BAD_SCHEMA_VERSION,
    /** A known header but another message type than the decoder handles. */
    WRONG_TYPE,
    /** Declared length differs from the received length, or from the length the declared counts imply. */
    LENGTH_MISMATCH,
    BAD_CHECKSUM,
    /** Built for another network: the spec hash differs from this process's {@code PolicySpec.hash()}. */
    FOREIGN_SPEC,
    /** Dimensions (envs, steps, obs/action size, parameter count) differ from the ones this receiver expects. */
    SHAPE_MISMATCH,
    /** A count or index out of its range (episodes, truncated rows, chunk index, flags). */
    BAD_COUNT,
    /** NaN or infinity where a finite number is required. */
    NON_FINITE,
    /** Older than what the receiver already has or needs (policy version, weights version). */
    STALE,
    /** Not decodable as a control message (Kryo), or an unregistered class. */
    BAD_CONTROL,
    /** Admission: a fragment from an actor id the learner has not assigned. */
    UNASSIGNED_ACTOR,
    /** Admission: a second fragment from the same actor for the same version. */
    DUPLICATE,
    /**
     * Admission: a message naming an assigned actor that came from another Aeron session than the publication the
     * actor id is bound to (a spoof, or a hello whose session field disagrees with its frame's).
     */
    FOREIGN_SESSION,
    /** Another run's message (its header's run id is not this receiver's run): two runs that share ports or streams. */
    FOREIGN_RUN,
    /**
     * A control message on an Aeron stream while the run's control plane is the cluster (Pekko): hellos, assignments
     * and heartbeats travel only between authenticated cluster nodes then, so one on Aeron is someone else's.
     */
    OFF_CLUSTER;

    public boolean isDrop() {
        return this != OK && this != INCOMPLETE && this != ALREADY_HELD;
    }
}
