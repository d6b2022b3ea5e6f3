package io.tributary.learner.pipeline;

import io.aeron.Aeron;
import io.tributary.transport.agent.AgentSupervisor;
import io.tributary.transport.agent.IdleStrategies;
import io.tributary.transport.agent.RunnerCloser;
import io.tributary.learner.transport.FragmentIngest;
import io.tributary.learner.transport.WeightsBroadcaster;
import java.io.PrintStream;
import java.time.Duration;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The Pekko Typed guardian of the learner process. Parts, each restarted on failure at most {@link #MAX_RESTARTS}
 * times a minute (then the run fails):
 * <ul>
 *   <li>{@code ingest} ({@link IngestAgent} over {@code FragmentIngest}): fragments and hellos/heartbeats in;</li>
 *   <li>{@code trainer} ({@link TrainerAgent}): batch, update, next version;</li>
 *   <li>{@code broadcaster} ({@link BroadcasterAgent}): weights and assign/shutdown out;</li>
 *   <li>{@code metrics} ({@link MetricsRecorder}): log line, CSV, counters.</li>
 * </ul>
 * The agents run on their own threads with Aeron idle strategies; Pekko owns their lifecycle. The run ends when the
 * metrics part has recorded the last iteration ({@link Finished}), when a part reports what no restart can fix
 * ({@link Fail}), or on {@link Stop} (a signal).
 */
final class LearnerGuardian {

    static final int MAX_RESTARTS = 3;

    sealed interface Command {}

    record Finished() implements Command {}

    record Fail(String reason) implements Command {}

    record Stop(String reason) implements Command {}

    private LearnerGuardian() {}

    /** @param closer closes the parts' runners off the dispatcher; the caller awaits it before closing {@code aeron} */
    static Behavior<Command> create(LearnerState st, Aeron aeron, ActorLauncher launcher, RunnerCloser closer, PrintStream out) {
        return Behaviors.setup(ctx -> {
            var self = ctx.getSelf();
            SupervisorStrategy restart = SupervisorStrategy.restart().withLimit(MAX_RESTARTS, Duration.ofMinutes(1));
            var metrics = ctx.spawn(Behaviors.supervise(MetricsRecorder.create(st, out, self)).onFailure(restart), "metrics");
            var ingest = ctx.spawn(Behaviors.supervise(AgentSupervisor.create(
                    () -> {
                        BatchSink sink = new BatchSink(st, out);
                        return new IngestAgent(PipelineLearner.open(() -> new FragmentIngest(aeron, st.cfg.transport(), st.spec,
                                st.cfg.envsPerActor(), st.steps, st.drops, sink, st.cfg.runId())), st, sink);
                    },
                    IdleStrategies.LEARNER_PART::newStrategy, closer)).onFailure(restart), "ingest");
            var broadcaster = ctx.spawn(Behaviors.supervise(AgentSupervisor.create(
                    () -> new BroadcasterAgent(PipelineLearner.open(() -> new WeightsBroadcaster(aeron, st.cfg.transport(), st.spec,
                            WeightsBroadcaster.DEFAULT_CHUNK_LIMIT, st.cfg.runId())), st, metrics),
                    IdleStrategies.LEARNER_PART::newStrategy, closer)).onFailure(restart), "broadcaster");
            var trainer = ctx.spawn(Behaviors.supervise(AgentSupervisor.create(
                    () -> new TrainerAgent(st, launcher, self, metrics, out),
                    IdleStrategies.LEARNER_PART::newStrategy, closer)).onFailure(restart), "trainer");
            ctx.watch(metrics);
            ctx.watch(ingest);
            ctx.watch(broadcaster);
            ctx.watch(trainer);
            return Behaviors.receive(Command.class)
                    .onMessage(Finished.class, f -> stop(st, null, "training finished"))
                    .onMessage(Fail.class, f -> stop(st, f.reason(), "learner failed"))
                    .onMessage(Stop.class, s -> stop(st, null, s.reason()))
                    .onSignal(ChildFailed.class, f -> stop(st, "part " + f.getRef().path().name() + " failed more than "
                            + MAX_RESTARTS + " times a minute: " + f.cause(), "learner failed"))
                    .onSignal(Terminated.class, t -> stop(st, "part " + t.getRef().path().name() + " stopped", "learner failed"))
                    .build();
        });
    }

    private static Behavior<Command> stop(LearnerState st, String failure, String reason) {
        if (failure != null && st.failure == null) st.failure = failure;
        st.stopReason = reason;
        st.stopping = true;
        return Behaviors.stopped();
    }
}
