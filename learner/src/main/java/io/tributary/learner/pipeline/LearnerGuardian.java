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
 * ({@link Fail}), or on {@link Stop} (a signal); the stop is ordered ({@link Stopping}).
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
            Stopping stopping = new Stopping(ctx, st, closer, metrics, java.util.List.of(ingest, broadcaster, trainer));
            return Behaviors.receive(Command.class)
                    .onMessage(Finished.class, f -> stopping.begin(null, "training finished"))
                    .onMessage(Fail.class, f -> stopping.begin(f.reason(), "learner failed"))
                    .onMessage(Stop.class, s -> stopping.begin(null, s.reason()))
                    .onSignal(ChildFailed.class, f -> stopping.begin("part " + f.getRef().path().name() + " failed more than "
                            + MAX_RESTARTS + " times a minute: " + f.cause(), "learner failed"))
                    .onSignal(Terminated.class, t -> stopping.begin("part " + t.getRef().path().name() + " stopped", "learner failed"))
                    .build();
        });
    }

    /** The agents' runners have closed: no part can report an iteration any more. */
    private record PartsClosed() implements Command {}

    /**
     * The ordered stop: the agents first (their runners close off the dispatcher; the trainer's current update ends
     * and its report is sent), then, once every runner has closed, the metrics part flushes what it holds and stops,
     * and then this guardian. So every update the stop checkpoint holds has its row in the log and metrics.csv, and a
     * resume continues the rows without a gap.
     */
    private record Stopping(org.apache.pekko.actor.typed.javadsl.ActorContext<Command> ctx, LearnerState st, RunnerCloser closer,
            org.apache.pekko.actor.typed.ActorRef<MetricsRecorder.Command> metrics,
            java.util.List<? extends org.apache.pekko.actor.typed.ActorRef<?>> agents) {

        private static final Duration AGENTS_CLOSE = Duration.ofSeconds(10);

        Behavior<Command> begin(String failure, String reason) {
            if (failure != null && st.failure == null) st.failure = failure;
            st.stopReason = reason;
            st.stopping = true;
            java.util.Set<org.apache.pekko.actor.typed.ActorRef<?>> running = new java.util.HashSet<>();
            for (var agent : agents) {
                if (ctx.getChild(agent.path().name()).isPresent()) {
                    running.add(agent);
                    ctx.stop(agent);
                }
            }
            if (running.isEmpty()) awaitRunners();
            return Behaviors.receive(Command.class)
                    .onSignal(Terminated.class, t -> { // ChildFailed too
                        // a stopped part has handed its runner to the closer (its PostStop ran): await the runners once all have
                        if (running.remove(t.getRef()) && running.isEmpty()) awaitRunners();
                        return t.getRef().equals(metrics) ? Behaviors.stopped() : Behaviors.same();
                    })
                    .onMessage(PartsClosed.class, c -> {
                        if (ctx.getChild(metrics.path().name()).isEmpty()) return Behaviors.stopped(); // it is what failed
                        metrics.tell(new MetricsRecorder.Flush());
                        return Behaviors.same();
                    })
                    .onAnyMessage(m -> Behaviors.same()) // a second stop, or the last Finished: already stopping
                    .build();
        }

        /** Tells this guardian {@link PartsClosed} once every runner handed to the closer has closed (or after a bound). */
        private void awaitRunners() {
            ctx.pipeToSelf(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return closer.awaitClosed(AGENTS_CLOSE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }), (closed, error) -> new PartsClosed());
        }
    }
}
