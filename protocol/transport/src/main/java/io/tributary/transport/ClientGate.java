package io.tributary.transport;

import io.aeron.Aeron;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps code off an Aeron client's mapped memory once the client closes. Why: a client that misses its service
 * interval (the process was paused, e.g. SIGSTOP or a long GC) closes itself on its conductor thread and unmaps the
 * CnC file, which holds the counters, while the parts' threads may be in the middle of a duty cycle; an
 * {@code AtomicCounter} or a log buffer read after that is a SIGSEGV, not an exception.
 *
 * <p>How: every duty cycle that touches the client's memory runs between {@link #enter()} and {@link #leave()}
 * ({@link #gated(Agent)} wraps an agent). The gate is registered as one of the client's close handlers, which Aeron
 * calls on its conductor thread before it unmaps anything; the handler shuts the gate and waits until no duty cycle
 * is inside. Both sides use sequentially consistent operations (a volatile flag, an atomic count), so a duty cycle
 * either sees the gate shut and touches nothing, or is waited for.
 */
public final class ClientGate {

    private static final Logger LOG = LoggerFactory.getLogger(ClientGate.class);
    /** Longer than any duty cycle (a few vector steps); after it the close goes on, and the stuck part is named in the log. */
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean closed;
    private final Runnable onClosed;

    /** @param onClosed told once, after the gate shut and drained (on the client's conductor thread: must not block) */
    private ClientGate(Runnable onClosed) {
        this.onClosed = onClosed;
    }

    /** A gate that shuts when {@code aeron} closes, for whatever reason; {@code onClosed} is told then. */
    public static ClientGate of(Aeron aeron, Runnable onClosed) {
        ClientGate gate = new ClientGate(onClosed);
        aeron.addCloseHandler(gate::close);
        return gate;
    }

    /** A gate with no client (tests): open until {@link #close()}. */
    public static ClientGate open() {
        return new ClientGate(() -> {});
    }

    /** True when the caller may touch the client's memory until {@link #leave()}; false once the client closed. */
    public boolean enter() {
        inside.incrementAndGet();
        if (closed) {
            inside.decrementAndGet();
            return false;
        }
        return true;
    }

    public void leave() {
        inside.decrementAndGet();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Shuts the gate and waits for the duty cycles inside it; called by the client's close. */
    public void close() {
        if (closed) return;
        closed = true;
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NS;
        while (inside.get() > 0) {
            if (System.nanoTime() - deadline > 0) {
                LOG.error("aeron client closing while {} duty cycle(s) still use it after {} ms", inside.get(),
                        TimeUnit.NANOSECONDS.toMillis(DRAIN_TIMEOUT_NS));
                break;
            }
            Thread.yield();
        }
        onClosed.run();
    }

    /**
     * A part that does nothing, for a restart that comes after the client closed (building the real one would fail on
     * the closed client); the owner replaces the client and the parts.
     */
    public static Agent idle(String roleName) {
        return new Agent() {
            @Override
            public int doWork() {
                return 0;
            }

            @Override
            public String roleName() {
                return roleName;
            }
        };
    }

    /**
     * {@code agent} with each duty cycle inside this gate. Once the client closed, a duty cycle does nothing (the owner
     * was told and replaces the client); {@code onClose} still runs, since Aeron's {@code close()} of a resource the
     * client already closed reads no mapped memory.
     */
    public Agent gated(Agent agent) {
        return new Agent() {
            @Override
            public int doWork() throws Exception {
                if (!enter()) return 0;
                try {
                    return agent.doWork();
                } finally {
                    leave();
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
    }
}
