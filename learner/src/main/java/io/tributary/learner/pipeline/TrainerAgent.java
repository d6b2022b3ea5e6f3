package io.tributary.learner.pipeline;

import io.tributary.learner.algo.UpdateStats;
import io.tributary.protocol.TrajectoryFragment;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.Agent;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The trainer part, one duty cycle at a time: wait until every actor is assigned and hand version 0 to the
 * broadcaster; then, for each version, wait until the batch holds every actor's fragment of it, run the PPO/RPO update (the
 * learner recomputes the policy's inputs and merges the statistics, see LearnerNormalization), open the next
 * version's batch and hand the new snapshot to the broadcaster. Waiting is returning 0 to the runner's idle
 * strategy. Conditions that no restart can fix (an actor process exited, fragments never came) end the run through
 * the guardian; an exception (e.g. in the update) is a failure the supervisor retries on the same batch.
 */
final class TrainerAgent implements Agent {

    private static final long REBROADCAST_AFTER_NS = TimeUnit.SECONDS.toNanos(2);

    private enum Phase { AWAIT_ACTORS, AWAIT_BATCH, DONE }

    private final LearnerState st;
    private final ActorLauncher launcher;
    private final ActorRef<LearnerGuardian.Command> guardian;
    private final ActorRef<MetricsRecorder.Command> metrics;
    private final PrintStream out;
    private Phase phase;
    private long phaseStartNs = System.nanoTime();
    private long lastRebroadcastNs;
    private long envSteps;
    /** Per actor id: when to ask it (again) for its published fragment of the current version; 0: not due. */
    private long[] askAtNs = new long[0];
    /** Requests sent for the current version (the iteration's {@code fragment_resends}). */
    private int resendsThisVersion;
    /** Per launch index: when its process was respawned within the last minute. */
    private final java.util.Map<Integer, java.util.ArrayDeque<Long>> respawns = new java.util.HashMap<>();
    /** Since when fewer than --min-actors actors are active (0: enough). */
    private long tooFewSinceNs;

    TrainerAgent(LearnerState st, ActorLauncher launcher, ActorRef<LearnerGuardian.Command> guardian,
            ActorRef<MetricsRecorder.Command> metrics, PrintStream out) {
        this.st = st;
        this.launcher = launcher;
        this.guardian = guardian;
        this.metrics = metrics;
        this.out = out;
        // a restarted trainer continues where the state is: the batch of the current version
        this.phase = st.snapshot == null ? Phase.AWAIT_ACTORS : Phase.AWAIT_BATCH;
        this.envSteps = st.learner.version() * st.hp.batchSize();
    }

    @Override
    public int doWork() {
        long now = System.nanoTime();
        return switch (phase) {
            case AWAIT_ACTORS -> awaitActors(now);
            case AWAIT_BATCH -> awaitBatch(now);
            case DONE -> 0;
        };
    }

    private int awaitActors(long now) {
        if (st.assigned < st.cfg.actors()) {
            if (watchMembers(now) && now - phaseStartNs > TimeUnit.MILLISECONDS.toNanos(st.cfg.startupTimeoutMs())) {
                fail("only " + st.assigned + " of " + st.cfg.actors() + " actors said hello within " + st.cfg.startupTimeoutMs()
                        + " ms (see the actor logs in " + st.cfg.runDir() + ")");
            }
            return 0;
        }
        out.printf("learner: %d actors assigned; %s, batch %d x %d x %d = %d, %d iterations%n", st.assigned, st.spec,
                st.cfg.actors(), st.cfg.envsPerActor(), st.steps, st.hp.batchSize(), st.cfg.iterationsToRun());
        st.nextVersion(st.learner.version()); // the assigned actors become version 0's members
        st.snapshot = st.learner.snapshot();
        st.trainingStartNs = System.nanoTime();
        st.toBroadcast.set(st.snapshot);
        phase = Phase.AWAIT_BATCH;
        phaseStartNs = now;
        return 1;
    }

    private int awaitBatch(long now) {
        if (!watchMembers(now)) return 0;
        if (!st.batchComplete()) {
            // a membership change (a loss, a replacement, an actor back) starts the fragment timeout anew: the grace
            // period and --min-actors decide about lost actors
            if (now - Math.max(phaseStartNs, st.membershipEventNs) > TimeUnit.MILLISECONDS.toNanos(st.cfg.fragmentTimeoutMs())) {
                fail("version " + st.currentVersion + ": not every actor's fragment arrived within " + st.cfg.fragmentTimeoutMs()
                        + " ms; drops " + st.drops.snapshot());
            }
            if (askAgain(now) > 0) return 1;
            if (now - st.lastBroadcastEndNs > REBROADCAST_AFTER_NS && now - lastRebroadcastNs > REBROADCAST_AFTER_NS && st.anyBehind()) {
                // an actor that joined the weights stream late (or lost a chunk) says so in its heartbeat
                st.toBroadcast.compareAndSet(null, st.snapshot);
                lastRebroadcastNs = now;
                out.printf(java.util.Locale.ROOT, "learner: version %d broadcast again: an actor has not confirmed it %.1f s after its broadcast%n",
                        st.currentVersion, (now - st.lastBroadcastEndNs) / 1e9);
            }
            return 0;
        }
        long batchDoneNs = now;
        double rolloutS = Math.max(0, batchDoneNs - Math.max(st.versionBroadcastEndNs, phaseStartNs)) / 1e9;
        double transferS = st.transferNs.getAndSet(0) / 1e9;
        double returnSum = 0;
        double lengthSum = 0;
        int episodes = 0;
        java.util.List<TrajectoryFragment> batch = st.batch();
        int members = st.members();
        int rows = 0;
        for (TrajectoryFragment f : batch) rows += f.rows();
        if (batch.size() < members) {
            st.counters.smallerBatches.incrementRelease();
            out.printf("learner: version %d completes with %d of %d fragments (actors %s missing: lost past the grace period, or"
                    + " left): %d rows instead of %d; the algorithm keeps its number of minibatches%n", st.currentVersion, batch.size(),
                    members, java.util.Arrays.toString(st.missing()), rows, members * st.cfg.envsPerActor() * st.steps);
        }
        long policyLag = 0;
        for (TrajectoryFragment f : batch) {
            policyLag = Math.max(policyLag, st.learner.version() - f.policyVersion);
            for (int e = 0; e < f.episodeCount; e++) {
                returnSum += f.episodeReturns[e];
                lengthSum += f.episodeLengths[e];
            }
            episodes += f.episodeCount;
        }
        st.restartReturnTrackers(st.currentVersion);
        st.updating = true;
        UpdateStats stats = st.learner.learn(batch);
        st.updating = false;
        st.snapshot = st.learner.snapshot();
        st.nextVersion(st.learner.version());
        st.toBroadcast.set(st.snapshot);
        long updateEnd = System.nanoTime();
        envSteps += rows;
        int iteration = (int) st.learner.version();
        metrics.tell(new MetricsRecorder.Iteration(iteration, st.learner.version(), envSteps,
                episodes > 0 ? returnSum / episodes : Double.NaN, episodes, rolloutS, transferS, (updateEnd - batchDoneNs) / 1e9,
                stats, policyLag, batchDoneNs - (long) (rolloutS * 1e9), episodes > 0 ? lengthSum / episodes : Double.NaN,
                resendsThisVersion, rows, st.tally.take(batch.size(), members)));
        resendsThisVersion = 0;
        java.util.Arrays.fill(askAtNs, 0);
        phaseStartNs = updateEnd;
        if (iteration >= st.cfg.iterationsToRun() || (st.checkpointEvery > 0 && iteration % st.checkpointEvery == 0)) st.checkpoint(out);
        if (iteration >= st.cfg.iterationsToRun()) phase = Phase.DONE;
        return 1;
    }

    /**
     * An actor whose heartbeat says it published its fragment of the current version, but whose fragment has not
     * arrived {@code resendAfterMs} later, is asked for it again (then again after each interval, until the fragment
     * timeout): a fragment lost on the way (e.g. a receiver image wedged by garbage) costs a retry, not the run.
     */
    private int askAgain(long now) {
        long v = st.currentVersion;
        int asked = 0;
        for (int id : st.missing()) {
            if (st.publishedVersionOf(id) < v) continue;
            if (id >= askAtNs.length) askAtNs = java.util.Arrays.copyOf(askAtNs, Math.max(id + 1, 2 * askAtNs.length));
            if (askAtNs[id] == 0) {
                askAtNs[id] = now + TimeUnit.MILLISECONDS.toNanos(st.cfg.resendAfterMs());
            } else if (now - askAtNs[id] >= 0) {
                askAtNs[id] = now + TimeUnit.MILLISECONDS.toNanos(st.cfg.resendAfterMs());
                st.outbox.add(new io.tributary.protocol.control.ControlMessage.Resend(id, v));
                resendsThisVersion++;
                st.counters.fragmentResends.setRelease(st.resendRequests.incrementAndGet());
                out.printf("learner: version %d: actor %d published its fragment but it has not arrived after %d ms; asking again"
                        + " (request %d for this version)%n", v, id, st.cfg.resendAfterMs(), resendsThisVersion);
                asked++;
            }
        }
        return asked;
    }

    /**
     * The membership decisions, once per duty cycle (each a log line and a counter): a spawned actor's process that
     * exited is lost and respawned (same launch index, so the same actor id and env seeds; at most
     * {@code maxRespawns} a minute), one that exited after its goodbye has left; an actor not heard from for the
     * heartbeat timeout is lost; a lost member's missing fragment is waited for up to the grace period, then the
     * version completes without it; fewer than {@code --min-actors} active actors for longer than its timeout end the
     * run (false).
     */
    private boolean watchMembers(long now) {
        MembershipPolicy policy = st.policy;
        for (ActorLauncher.Exit e : launcher.newExits()) {
            int id = st.actorOfPid(e.pid());
            String cause = "its process, pid " + e.pid() + ", exited with code " + e.exitCode() + "; see "
                    + st.cfg.runDir().resolve("actor-" + e.index() + ".log");
            if (id >= 0 && st.saidGoodbye(id)) {
                out.printf("learner: actor %d's process exited (code %d) after its goodbye%n", id, e.exitCode());
                continue;
            }
            if ((e.exitCode() == 0 || e.exitCode() == 143) && id >= 0) {
                // exit 0 or SIGTERM's 143: it was stopped, not lost (its goodbye may still be on the way)
                st.left(id, cause);
                continue;
            }
            if (id >= 0) st.lost(id, cause);
            else out.printf("learner: spawned actor %d's process exited before its hello (%s)%n", e.index(), cause);
            respawn(e.index(), id, now, policy);
        }
        for (int id : st.silentFor(TimeUnit.MILLISECONDS.toNanos(policy.heartbeatTimeoutMs()), now)) {
            st.lost(id, "not heard from for " + policy.heartbeatTimeoutMs() / 1000.0 + " s (--heartbeat-timeout-s)");
        }
        for (int id : st.expireGrace(TimeUnit.MILLISECONDS.toNanos(policy.graceMs()), now)) {
            st.counters.graceExpired.incrementRelease();
            st.tally.graceExpired.incrementAndGet();
            out.printf("learner: version %d: the grace period (%.1f s, --actor-grace-s) for lost actor %d expired; the iteration"
                    + " completes without its fragment, and the next actor to join takes its slot%n", st.currentVersion,
                    policy.graceMs() / 1000.0, id);
        }
        if (phase == Phase.AWAIT_ACTORS) return true;
        int active = st.activeCount();
        if (active < policy.minActors()) {
            if (tooFewSinceNs == 0) {
                tooFewSinceNs = now;
                st.counters.tooFewActors.incrementRelease();
                out.printf("learner: only %d actors remain, fewer than --min-actors %d; the run ends in %.1f s (--min-actors-timeout-s)"
                        + " unless more join%n", active, policy.minActors(), policy.minActorsTimeoutMs() / 1000.0);
            } else if (now - tooFewSinceNs > TimeUnit.MILLISECONDS.toNanos(policy.minActorsTimeoutMs())) {
                fail("too few actors: " + active + " remained, fewer than --min-actors " + policy.minActors() + ", for longer than "
                        + policy.minActorsTimeoutMs() / 1000.0 + " s (--min-actors-timeout-s); see the actor logs in " + st.cfg.runDir());
                return false;
            }
        } else if (tooFewSinceNs != 0) {
            tooFewSinceNs = 0;
            out.printf("learner: %d actors again (--min-actors %d)%n", active, policy.minActors());
        }
        return true;
    }

    private void respawn(int index, int id, long now, MembershipPolicy policy) {
        java.util.ArrayDeque<Long> times = respawns.computeIfAbsent(index, i -> new java.util.ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() > TimeUnit.MINUTES.toNanos(1)) times.removeFirst();
        if (times.size() >= policy.maxRespawns()) {
            out.printf("learner: spawned actor %d exited %d times within a minute: not respawned again (the grace period and"
                    + " --min-actors decide)%n", index, times.size() + 1);
            return;
        }
        try {
            if (!launcher.respawn(index)) return; // actors started elsewhere: the grace period and the next joiner
        } catch (java.io.IOException e) {
            out.printf("learner: cannot respawn actor %d: %s%n", index, e.getMessage());
            return;
        }
        times.addLast(now);
        st.counters.actorsRespawned.incrementRelease();
        st.tally.respawned.incrementAndGet();
        out.printf("learner: respawned actor %d (launch index %d, same actor id and env seeds %d..%d; respawn %d this minute)%n",
                id >= 0 ? id : index, index, st.seedOf(id >= 0 ? id : index), st.seedOf(id >= 0 ? id : index) + st.cfg.envsPerActor() - 1,
                times.size());
    }

    private void fail(String reason) {
        phase = Phase.DONE;
        guardian.tell(new LearnerGuardian.Fail(reason));
    }

    @Override
    public String roleName() {
        return "trainer";
    }
}
