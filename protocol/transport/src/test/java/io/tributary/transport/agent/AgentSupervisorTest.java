package io.tributary.transport.agent;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A part (an Agrona agent under Pekko supervision) that throws is rebuilt from its factory, up to the limit; stopping
 * a part does not wait for its duty cycle on the dispatcher thread.
 */
class AgentSupervisorTest {

    static final ActorTestKit testKit = ActorTestKit.create();
    final RunnerCloser closer = new RunnerCloser();

    @AfterAll
    static void cleanup() {
        testKit.shutdownTestKit();
    }

    /** Fails on its third duty cycle while {@code failing} instances remain; counts work and closes. */
    static final class FlakyAgent implements Agent {
        final boolean fails;
        final AtomicLong work;
        final AtomicInteger closed;
        int cycles;

        FlakyAgent(boolean fails, AtomicLong work, AtomicInteger closed) {
            this.fails = fails;
            this.work = work;
            this.closed = closed;
        }

        @Override
        public int doWork() {
            if (fails && ++cycles == 3) throw new IllegalStateException("env exploded");
            work.incrementAndGet();
            return 1;
        }

        @Override
        public void onClose() {
            closed.incrementAndGet();
        }

        @Override
        public String roleName() {
            return "flaky";
        }
    }

    @Test
    void aFailingAgentIsRestartedFromItsFactoryAndClosedEachTime() throws Exception {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        AtomicLong work = new AtomicLong();
        ActorRef<AgentSupervisor.Command> part = testKit.spawn(Behaviors.supervise(AgentSupervisor.create(
                () -> new FlakyAgent(created.incrementAndGet() <= 2, work, closed), YieldingIdleStrategy::new, closer))
                .onFailure(SupervisorStrategy.restart().withLimit(3, Duration.ofMinutes(1))));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while ((created.get() < 3 || work.get() < 1000) && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(3, created.get(), "two failures, two restarts");
        assertTrue(work.get() >= 1000, "the third agent keeps working");
        assertEquals(2, closed.get(), "each failed agent was closed");
        TestProbe<Object> probe = testKit.createTestProbe();
        testKit.stop(part);
        probe.awaitAssert(() -> {
            assertEquals(3, closed.get(), "stopping the part closes its agent");
            return null;
        });
    }

    @Test
    void anAgentThatKeepsFailingStopsItsPartAfterTheLimit() {
        AtomicInteger created = new AtomicInteger();
        ActorRef<AgentSupervisor.Command> part = testKit.spawn(Behaviors.supervise(AgentSupervisor.create(
                () -> new FlakyAgent(created.incrementAndGet() > 0, new AtomicLong(), new AtomicInteger()), YieldingIdleStrategy::new, closer))
                .onFailure(SupervisorStrategy.restart().withLimit(3, Duration.ofMinutes(1))));
        TestProbe<AgentSupervisor.Command> probe = testKit.createTestProbe();
        probe.expectTerminated(part, Duration.ofSeconds(20));
        assertEquals(4, created.get(), "the first agent and three restarts");
    }

    /** Busy in its duty cycle, deaf to interrupts, until released: a rollout's vector steps, a send at close. */
    static final class BusyAgent implements Agent {
        final AtomicBoolean inDutyCycle = new AtomicBoolean();
        final AtomicBoolean release = new AtomicBoolean();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public int doWork() {
            inDutyCycle.set(true);
            while (!release.get()) Thread.onSpinWait();
            return 0;
        }

        @Override
        public void onClose() {
            closed.incrementAndGet();
        }

        @Override
        public String roleName() {
            return "busy";
        }
    }

    @Test
    void aPartStopsAtOnceWhileItsAgentIsInADutyCycleAndItsRunnerClosesAfterwards() throws Exception {
        BusyAgent agent = new BusyAgent();
        ActorRef<AgentSupervisor.Command> part = testKit.spawn(AgentSupervisor.create(() -> agent, YieldingIdleStrategy::new, closer));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!agent.inDutyCycle.get() && System.nanoTime() < deadline) Thread.sleep(1);
        assertTrue(agent.inDutyCycle.get(), "the agent never ran");
        try {
            // closing the runner on the dispatcher would wait for the duty cycle: the stop would not complete
            testKit.stop(part, Duration.ofSeconds(3));
            assertEquals(0, agent.closed.get(), "the duty cycle is still running");
            assertFalse(closer.awaitClosed(Duration.ofMillis(50)), "the runner is still closing");
        } finally {
            agent.release.set(true);
        }
        assertTrue(closer.awaitClosed(Duration.ofSeconds(20)), "the runner closed once the duty cycle ended");
        assertEquals(1, agent.closed.get());
    }
}
