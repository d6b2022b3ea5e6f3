package io.tributary.transport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.nio.file.Path;
import io.tributary.transport.agent.IdleStrategies;

/**
 * A media driver inside this JVM: the learner always runs one; an actor runs one only when it is not on the
 * learner's host. Shared threading and a backing-off idle strategy: on a small machine the driver must not hold a
 * core that actors and the learner need. Its directory is deleted on start and on close.
 */
public final class EmbeddedDriver implements AutoCloseable {

    private final MediaDriver driver;

    private EmbeddedDriver(MediaDriver driver) {
        this.driver = driver;
    }

    public static EmbeddedDriver launch(Path dir) {
        MediaDriver.Context ctx = new MediaDriver.Context()
                .aeronDirectoryName(dir.toString())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(IdleStrategies.MEDIA_DRIVER.newStrategy())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .termBufferSparseFile(true)
                .warnIfDirectoryExists(false);
        return new EmbeddedDriver(MediaDriver.launch(ctx));
    }

    /**
     * Aeron's count of datagrams its receiver and senders rejected as malformed (too short, bad version, unknown
     * type, bad length) since this driver started: the system counter AeronStat shows as "Invalid packets".
     */
    public long invalidPackets() {
        return driver.context().systemCounters().get(io.aeron.driver.status.SystemCounterDescriptor.INVALID_PACKETS).get();
    }

    /** Aeron's count of errors its driver logged (the "Errors" system counter). */
    public long errors() {
        return driver.context().systemCounters().get(io.aeron.driver.status.SystemCounterDescriptor.ERRORS).get();
    }

    public String aeronDirectoryName() {
        return driver.aeronDirectoryName();
    }

    @Override
    public void close() {
        driver.close();
    }
}
