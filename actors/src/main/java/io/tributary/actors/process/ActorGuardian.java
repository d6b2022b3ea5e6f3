package io.tributary.actors.process;

import io.aeron.Aeron;
import io.tributary.transport.agent.AgentSupervisor;
import io.tributary.transport.agent.IdleStrategies;
import io.tributary.transport.agent.RunnerCloser;
import io.tributary.actors.ActorConfig;
import io.tributary.transport.FragmentPublisher;
import io.tributary.transport.WeightsSubscriber;
import io.tributary.transport.ClientGate;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.codec.DropCounters;
import io.tributary.protocol.control.ControlMessage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The Pekko Typed guardian of an actor process. Its parts, each an {@link AgentSupervisor} restarted on failure
 * (at most {@link #MAX_RESTARTS} times a minute, then the process stops with an error):
 * <ul>
 *   <li>{@code weights-subscriber} ({@link WeightsAgent}): weights stream in, newest {@code PolicyVersion} out, assign
 *       and shutdown handled;</li>
 *   <li>{@code rollout-worker} ({@link RolloutAgent}): hello, then collect a fragment per version and publish it
 *       (the fragment publisher lives in this part: one thread owns the exclusive publication).</li>
 * </ul>
 * A part that stops the process (learner shutdown, learner lost) sends {@link Stop}.
 */
public final class ActorGuardian {

    public static final int MAX_RESTARTS = 3;

    public sealed interface Command {}

    public record Stop(String reason, int exitCode) implements Command {}

    /**
     * Not an exit code: the guardian stopped because the process's Aeron client closed underneath it (the process was
     * paused past the client's service timeout, or the driver went away); the process connects a fresh client and
     * starts a fresh guardian with the same {@link ActorState}.
     */
    public static final int RECONNECT = -1;

    private ActorGuardian() {}

    /**
     * @param closer closes the parts' runners off the dispatcher; the caller awaits it before closing {@code aeron}
     * @param exit   receives the exit code and reason once, when the guardian stops
     */
    /**
     * @param gate   shuts when {@code aeron} closes; every part's duty cycle runs inside it, and a part that fails once
     *               it is shut is the lost client's doing (reconnect), not a failure of its own
     */
    public static Behavior<Command> create(ActorConfig cfg, PolicySpec spec, Aeron aeron, ClientGate gate, ActorState state,
            ControlMessage.Hello hello, RunnerCloser closer, java.util.function.BiConsumer<Integer, String> exit) {
        return Behaviors.setup(ctx -> {
            ActorRef<Command> self = ctx.getSelf();
            AtomicBoolean weightsConnected = new AtomicBoolean();
            state.beginWeightsDrops();
            DropCounters weightsDrops = new DropCounters("weights", aeron::addCounter);
            int id = state.actorId() >= 0 ? state.actorId() : cfg.actorId();
            ActorCounters counters = new ActorCounters(aeron::addCounter,
                    id >= 0 ? "actor " + id : "instance " + Long.toHexString(state.instanceId));
            SupervisorStrategy restart = SupervisorStrategy.restart().withLimit(MAX_RESTARTS, Duration.ofMinutes(1));

            var weights = ctx.spawn(Behaviors.supervise(AgentSupervisor.create(
                    () -> gate.isClosed() ? ClientGate.idle("weights-subscriber") : gate.gated(new WeightsAgent(listener -> new WeightsSubscriber(aeron, cfg.transport(), spec, weightsDrops, listener),
                            spec, state, counters, weightsConnected, reason -> self.tell(new Stop(reason, 0)))),
                    IdleStrategies.ACTOR_PART::newStrategy, closer)).onFailure(restart), "weights-subscriber");

            var rollout = ctx.spawn(Behaviors.supervise(AgentSupervisor.create(() -> {
                if (gate.isClosed()) return ClientGate.idle("rollout-worker"); // the guardian is stopping for a reconnect
                if (state.rolloutStarts++ > 0) state.restarts++;
                FragmentPublisher publisher = new FragmentPublisher(aeron, cfg.transport(), cfg.numEnvs(), cfg.steps(),
                        spec.observationDim(), spec.actionDim());
                return gate.gated(new RolloutAgent(cfg, spec, state, counters, publisher, weightsConnected::get, hello,
                        reason -> self.tell(new Stop(reason, reason.startsWith("learner:") ? 0 : 3))));
            }, IdleStrategies.ACTOR_PART::newStrategy, closer)).onFailure(restart), "rollout-worker");
            ctx.watch(weights);
            ctx.watch(rollout);

            return Behaviors.receive(Command.class)
                    .onMessage(Stop.class, s -> {
                        state.stopping = true;
                        exit.accept(s.exitCode(), s.reason());
                        return Behaviors.stopped();
                    })
                    .onSignal(ChildFailed.class, f -> {
                        state.stopping = true;
                        if (gate.isClosed()) {
                            exit.accept(RECONNECT, "aeron client closed");
                            return Behaviors.stopped();
                        }
                        exit.accept(1, "part " + f.getRef().path().name() + " failed more than " + MAX_RESTARTS + " times a minute: " + f.cause());
                        return Behaviors.stopped();
                    })
                    .onSignal(Terminated.class, t -> {
                        state.stopping = true;
                        if (gate.isClosed()) {
                            exit.accept(RECONNECT, "aeron client closed");
                            return Behaviors.stopped();
                        }
                        exit.accept(1, "part " + t.getRef().path().name() + " stopped");
                        return Behaviors.stopped();
                    })
                    .build();
        });
    }
}
