package io.tributary.ops.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * SIGTERM/Ctrl-C for the single-process trainer: a shutdown hook asks the loop to stop after its current iteration
 * and waits (up to {@code graceSeconds}) until the loop has written its checkpoint and final weights and
 * {@link #close()}d this.
 */
public final class StopSignal implements BooleanSupplier, AutoCloseable {

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    public StopSignal(long graceSeconds) {
        hook = new Thread(() -> {
            requested = true;
            try {
                finished.await(graceSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public boolean getAsBoolean() {
        return requested;
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and now returns
        }
    }
}
