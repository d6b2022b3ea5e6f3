package io.tributary.protocol.codec;

/** The kind of a wire message, in the header's type field. Codes are part of the wire format: never reuse one. */
public enum MessageType {
    /** Actor to learner: a {@link io.tributary.protocol.TrajectoryFragment}. */
    TRAJECTORY_FRAGMENT(1),
    /** Learner to actors: one chunk of a {@link io.tributary.protocol.PolicyVersion}. */
    WEIGHTS_CHUNK(2),
    /** Either way: a Kryo-serialized control message (hello, assign, heartbeat, shutdown). */
    CONTROL(3);

    public final short code;

    MessageType(int code) {
        this.code = (short) code;
    }

    /** The type with this code, or null for an unknown code (a decoder counts it, never throws). */
    public static MessageType of(int code) {
        return switch (code) {
            case 1 -> TRAJECTORY_FRAGMENT;
            case 2 -> WEIGHTS_CHUNK;
            case 3 -> CONTROL;
            default -> null;
        };
    }
}
