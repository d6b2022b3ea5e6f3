package io.tributary.learner.pipeline;

/**
 * How the learner decides about actors that are lost, late or too few.
 *
 * @param heartbeatTimeoutMs an actor not heard from (heartbeat, fragment, hello) this long is lost
 * @param graceMs            how long the version in progress waits for a lost actor's fragment (its replacement's, or
 *                           its own after a pause) before it completes from the fragments that arrived
 * @param minActors          the run ends when fewer actors than this remain ...
 * @param minActorsTimeoutMs ... for longer than this
 * @param maxRespawns        a spawned actor that exits is started again at most this many times a minute
 */
public record MembershipPolicy(long heartbeatTimeoutMs, long graceMs, int minActors, long minActorsTimeoutMs, int maxRespawns) {

    /** 10 s of silence, 60 s grace, at least 1 actor (120 s), 5 respawns a minute per actor. */
    public static final MembershipPolicy DEFAULTS = new MembershipPolicy(10_000, 60_000, 1, 120_000, 5);

    public MembershipPolicy {
        if (heartbeatTimeoutMs < 1) throw new IllegalArgumentException("--heartbeat-timeout-s must be > 0");
        if (graceMs < 0) throw new IllegalArgumentException("--actor-grace-s must be >= 0, was " + graceMs / 1000);
        if (minActors < 1) throw new IllegalArgumentException("--min-actors must be >= 1, was " + minActors);
        if (minActorsTimeoutMs < 0) throw new IllegalArgumentException("--min-actors-timeout-s must be >= 0");
        if (maxRespawns < 0) throw new IllegalArgumentException("max respawns must be >= 0, was " + maxRespawns);
    }
}
