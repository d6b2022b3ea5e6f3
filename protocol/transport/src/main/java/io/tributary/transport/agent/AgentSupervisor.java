package io.tributary.transport.agent;

import java.util.function.Supplier;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.IdleStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs one part of a process — an Agrona {@link Agent} with its own duty cycle and idle strategy on an
 * {@link AgentRunner} thread — as a Pekko Typed actor, so that Pekko supervision applies to it: an exception in the
 * agent stops its runner and fails this actor; the parent's strategy (restart with a limit) then builds a fresh
 * agent from the factory. Hot-path work stays on the agent's thread; Pekko only owns the lifecycle. The runner is
 * closed by the process's {@link RunnerCloser}, never on the dispatcher thread that delivers the stop or restart
 * signal: a restart's new agent may start while the old one is still closing (they share no resources but the
 * process's Aeron client).
 */
public final class AgentSupervisor {

    public sealed interface Command {}

    /** The agent threw; sent from the agent's thread. */
    record AgentFailed(Throwable cause) implements Command {}

    /** Thrown inside the actor to hand an agent failure to Pekko supervision. */
    public static final class AgentFailedException extends RuntimeException {
        AgentFailedException(String role, Throwable cause) {
            super(role + " failed: " + cause, cause);
        }
    }

    private AgentSupervisor() {}

    /**
     * @param idle   the runner's idle strategy, one fresh instance per runner (from {@link IdleStrategies})
     * @param closer closes the runner when this actor stops or restarts
     */
    public static Behavior<Command> create(Supplier<? extends Agent> factory, Supplier<? extends IdleStrategy> idle,
            RunnerCloser closer) {
        return Behaviors.setup(ctx -> {
            var self = ctx.getSelf();
            Agent agent = factory.get();
            Agent reporting = new Agent() {
                @Override
                public int doWork() throws Exception {
                    try {
                        return agent.doWork();
                    } catch (AgentTerminationException e) {
                        throw e;
                    } catch (Throwable t) {
                        self.tell(new AgentFailed(t));
                        throw new AgentTerminationException(t);
                    }
                }

                @Override
                public void onStart() {
                    agent.onStart();
                }

                @Override
                public void onClose() {
                    agent.onClose();
                }

                @Override
                public String roleName() {
                    return agent.roleName();
                }
            };
            AgentRunner runner = new AgentRunner(idle.get(), t -> {
                // failures are reported by the wrapper above; AgentTerminationException ends the duty cycle
            }, null, reporting);
            AgentRunner.startOnThread(runner);
            ctx.getLog().debug("started {}", agent.roleName());
            return Behaviors.receive(Command.class)
                    .onMessage(AgentFailed.class, f -> {
                        throw new AgentFailedException(agent.roleName(), f.cause());
                    })
                    .onSignal(PreRestart.class, s -> {
                        closer.close(runner);
                        return Behaviors.same();
                    })
                    .onSignal(PostStop.class, s -> {
                        closer.close(runner);
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
