package io.tributary.transport.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.AgentRunner;

/**
 * Closes agent runners off Pekko's dispatcher threads. {@link AgentRunner#close()} waits until the agent's current
 * duty cycle ends and its {@code onClose} has run (closing envs, a last {@code Shutdown} send); done in a
 * supervisor's signal handler, that wait would hold a dispatcher thread the other parts need. Each close runs on a
 * thread of its own, and the process awaits them all ({@link #awaitClosed}) after its actor system terminated and
 * before it closes the Aeron client the agents use. One per process.
 */
public final class RunnerCloser {

    private final List<Thread> closing = new ArrayList<>();

    /** Starts closing {@code runner} and returns at once. */
    public void close(AgentRunner runner) {
        Thread t = Thread.ofPlatform().daemon().name("close-" + runner.agent().roleName()).unstarted(runner::close);
        synchronized (closing) {
            closing.add(t);
        }
        t.start();
    }

    /** Waits until every close started so far has finished, at most {@code timeout}; false when some have not. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> threads;
        synchronized (closing) {
            threads = List.copyOf(closing);
        }
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) return false;
        }
        return true;
    }
}
