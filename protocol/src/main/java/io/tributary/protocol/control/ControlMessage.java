package io.tributary.protocol.control;

/**
 * Control-plane messages: rare, small, and allowed to allocate, so they are Kryo-serialized rather than
 * flyweight-encoded. The set is closed: {@link ControlCodec} registers exactly these classes.
 */
public sealed interface ControlMessage permits ControlMessage.Hello, ControlMessage.Assign, ControlMessage.Heartbeat,
        ControlMessage.Shutdown, ControlMessage.Resend {

    /**
     * Actor to learner, until assigned: who I am and what I run. {@code instanceId} is random per actor process,
     * so the learner's answer can be matched on a shared broadcast stream.
     */
    record Hello(long instanceId, String host, long pid, String envId, long specHash, int numEnvs, int steps)
            implements ControlMessage {}

    /** Learner to actors: the actor with {@code instanceId} is actor {@code actorId}; seed its envs from {@code seed}. */
    record Assign(long instanceId, int actorId, long seed) implements ControlMessage {}

    /**
     * Actor to learner, periodically: liveness and progress (the newest weights version it holds, the newest version
     * whose fragment it published: a published fragment the learner lacks is one to ask for again).
     */
    record Heartbeat(int actorId, long instanceId, long weightsVersion, long publishedVersion, long envSteps, long timestampMs)
            implements ControlMessage {}

    /** Learner to actors: training is over (or the learner is stopping); exit cleanly. */
    record Shutdown(String reason) implements ControlMessage {}

    /**
     * Learner to actors: actor {@code actorId}'s fragment of {@code version} did not arrive although it was published;
     * send it again (the actor keeps its last fragment until it begins the next one).
     */
    record Resend(int actorId, long version) implements ControlMessage {}
}
