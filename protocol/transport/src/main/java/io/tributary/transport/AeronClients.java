package io.tributary.transport;

import io.aeron.Aeron;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects Aeron clients with an error handler of ours. Why: Aeron's default handler calls {@code System.exit} when
 * the media driver times out, which would kill a learner (or a test JVM) whose driver was closed while a client
 * still ran; here the owner decides what a driver loss means.
 */
public final class AeronClients {

    private static final Logger LOG = LoggerFactory.getLogger(AeronClients.class);

    private AeronClients() {}

    public static Aeron connect(Path aeronDir, Consumer<Throwable> onError) {
        return Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir.toString()).errorHandler(onError::accept));
    }

    /** Connects with a handler that logs errors and goes on. */
    public static Aeron connect(Path aeronDir) {
        return connect(aeronDir, t -> LOG.warn("aeron client ({}): {}", aeronDir, t.toString()));
    }
}
