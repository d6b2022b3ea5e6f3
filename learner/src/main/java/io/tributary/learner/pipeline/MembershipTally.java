package io.tributary.learner.pipeline;

import java.util.concurrent.atomic.AtomicInteger;

/** The membership decisions of one iteration (its metrics row); the trainer takes and resets them per iteration. */
public final class MembershipTally {

    final AtomicInteger lost = new AtomicInteger();
    final AtomicInteger respawned = new AtomicInteger();
    final AtomicInteger graceExpired = new AtomicInteger();
    final AtomicInteger takenOver = new AtomicInteger();
    final AtomicInteger joined = new AtomicInteger();
    final AtomicInteger left = new AtomicInteger();
    final AtomicInteger back = new AtomicInteger();

    /** The counts so far, reset to 0. */
    Membership take(int fragments, int members) {
        return new Membership(fragments, members, lost.getAndSet(0), respawned.getAndSet(0), graceExpired.getAndSet(0),
                takenOver.getAndSet(0), joined.getAndSet(0), left.getAndSet(0), back.getAndSet(0));
    }

    /**
     * One iteration's membership: fragments in its batch out of the version's members, and the decisions taken while
     * it ran (actors lost, respawned, grace periods expired, slots taken over, actors joined, left, back).
     */
    public record Membership(int fragments, int members, int lost, int respawned, int graceExpired, int takenOver, int joined, int left,
            int back) {

        public static final String HEADER = "fragments,members,actors_lost,actors_respawned,grace_expired,slots_taken_over,actors_joined,"
                + "actors_left,actors_back";

        static final Membership NONE = new Membership(0, 0, 0, 0, 0, 0, 0, 0, 0);

        public String csv() {
            return fragments + "," + members + "," + lost + "," + respawned + "," + graceExpired + "," + takenOver + "," + joined + ","
                    + left + "," + back;
        }

        public String log() {
            return "fragments " + fragments + "/" + members + (lost + respawned + graceExpired + takenOver + joined + left + back == 0 ? ""
                    : " (lost " + lost + " respawned " + respawned + " grace_expired " + graceExpired + " taken_over " + takenOver
                            + " joined " + joined + " left " + left + " back " + back + ")");
        }
    }
}
