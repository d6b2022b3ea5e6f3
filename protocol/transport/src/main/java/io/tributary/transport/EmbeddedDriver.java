package io.tributary.transport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.status.SystemCounterDescriptor;
import java.nio.file.Path;
import io.tributary.transport.agent.IdleStrategies;

/**
 * A media driver inside this JVM: the learner always runs one; an actor runs one only when it is not on the
 * learner's host. Shared threading and a backing-off idle strategy: on a small machine the driver must not hold a
 * core that actors and the learner need. Its directory is deleted on start and on close.
 */
public final class EmbeddedDriver implements AutoCloseable {

    private final MediaDriver driver;
    /** Shut before the driver closes: its counters are mapped memory that the close unmaps. */
    private final ClientGate gate = ClientGate.open();
    private volatile LossCounters lastLoss = LossCounters.ZERO;

    private EmbeddedDriver(MediaDriver driver) {
        this.driver = driver;
    }

    /** A driver with the transport defaults' loss recovery settings ({@link TransportConfig#tune}). */
    public static EmbeddedDriver launch(Path dir) {
        return launch(dir, null);
    }

    /** A driver with {@code transport}'s loss recovery settings ({@link TransportConfig#tune}); null: the defaults'. */
    public static EmbeddedDriver launch(Path dir, TransportConfig transport) {
        MediaDriver.Context ctx = new MediaDriver.Context()
                .aeronDirectoryName(dir.toString())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(IdleStrategies.MEDIA_DRIVER.newStrategy())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .termBufferSparseFile(true)
                .warnIfDirectoryExists(false);
        (transport != null ? transport : TransportConfig.defaults(TransportConfig.Mode.UDP)).tune(ctx);
        return new EmbeddedDriver(MediaDriver.launch(ctx));
    }

    /**
     * Aeron's count of datagrams its receiver and senders rejected as malformed (too short, bad version, unknown
     * type, bad length) since this driver started: the system counter AeronStat shows as "Invalid packets".
     */
    public long invalidPackets() {
        return driver.context().systemCounters().get(SystemCounterDescriptor.INVALID_PACKETS).get();
    }

    /** Aeron's count of errors its driver logged (the "Errors" system counter). */
    public long errors() {
        return driver.context().systemCounters().get(SystemCounterDescriptor.ERRORS).get();
    }

    /**
     * Aeron's loss-recovery system counters of this driver since it started (NAKs sent and received, retransmits sent,
     * loss gap fills, bytes retransmitted). Read under a gate that {@link #close()} shuts first, so no read touches the
     * counters after the driver unmapped them: after the close it answers the last values read.
     */
    public LossCounters loss() {
        if (!gate.enter()) return lastLoss;
        try {
            var c = driver.context().systemCounters();
            LossCounters l = new LossCounters(c.get(SystemCounterDescriptor.NAK_MESSAGES_SENT).get(),
                    c.get(SystemCounterDescriptor.NAK_MESSAGES_RECEIVED).get(), c.get(SystemCounterDescriptor.RETRANSMITS_SENT).get(),
                    c.get(SystemCounterDescriptor.LOSS_GAP_FILLS).get(), c.get(SystemCounterDescriptor.RETRANSMITTED_BYTES).get());
            lastLoss = l;
            return l;
        } finally {
            gate.leave();
        }
    }

    public String aeronDirectoryName() {
        return driver.aeronDirectoryName();
    }

    @Override
    public void close() {
        loss();
        gate.close();
        driver.close();
    }
}
