package io.tributary.transport.options;

import io.tributary.transport.TransportConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The command-line face of {@link TransportConfig}, a picocli mixin shared by {@code tributary train} and the actor
 * process: one option per key, named {@code --<key>}, defaults from {@link TransportConfig}'s constants.
 */
public final class TransportOptions {

    @Option(names = "--" + TransportConfig.MODE, defaultValue = "ipc", paramLabel = "ipc|udp",
            description = "ipc (one host) or udp")
    TransportConfig.Mode mode;

    @Option(names = "--" + TransportConfig.AERON_DIR, paramLabel = "DIR",
            description = "ipc: the media driver's directory (default: a fresh one under /dev/shm)")
    Path aeronDir;

    @Option(names = "--" + TransportConfig.LEARNER_HOST, defaultValue = TransportConfig.DEFAULT_HOST, paramLabel = "ADDR",
            description = "udp: the address actors send fragments to")
    String learnerHost;

    @Option(names = "--" + TransportConfig.ACTOR_HOST, defaultValue = TransportConfig.DEFAULT_HOST, paramLabel = "ADDR",
            description = "udp: the address an actor receives weights on")
    String actorHost;

    @Option(names = "--" + TransportConfig.FRAGMENTS_PORT, defaultValue = "" + TransportConfig.DEFAULT_FRAGMENTS_PORT, paramLabel = "PORT",
            description = "udp: the learner's port for fragments")
    int fragmentsPort;

    @Option(names = "--" + TransportConfig.WEIGHTS_PORT, defaultValue = "" + TransportConfig.DEFAULT_WEIGHTS_PORT, paramLabel = "PORT",
            description = "udp: the learner's control port of the weights stream")
    int weightsPort;

    @Option(names = "--" + TransportConfig.FRAGMENTS_STREAM, defaultValue = "" + TransportConfig.DEFAULT_FRAGMENTS_STREAM, paramLabel = "ID",
            description = "the fragments stream id")
    int fragmentsStream;

    @Option(names = "--" + TransportConfig.WEIGHTS_STREAM, defaultValue = "" + TransportConfig.DEFAULT_WEIGHTS_STREAM, paramLabel = "ID",
            description = "the weights stream id")
    int weightsStream;

    @Option(names = "--" + TransportConfig.MTU, defaultValue = "" + TransportConfig.DEFAULT_MTU, paramLabel = "BYTES",
            description = "udp: Aeron MTU")
    int mtu;

    @Option(names = "--" + TransportConfig.SOCKET_BUFFER, defaultValue = "" + TransportConfig.DEFAULT_SOCKET_BUFFER, paramLabel = "BYTES",
            description = "udp: socket buffer and receiver window, to hold a fragment")
    int socketBuffer;

    /** The configuration these options describe; a value out of range is an error naming its key. */
    public TransportConfig toConfig() {
        Path dir = aeronDir != null ? aeronDir : TransportConfig.defaultAeronDir("learner");
        return new TransportConfig(mode, dir, learnerHost, fragmentsPort, weightsPort, actorHost, fragmentsStream, weightsStream,
                mtu, socketBuffer);
    }

    /** Options that describe {@code c} (what a learner hands to the actors it starts). */
    public static TransportOptions of(TransportConfig c) {
        TransportOptions o = new TransportOptions();
        o.mode = c.mode();
        o.aeronDir = c.aeronDir();
        o.learnerHost = c.learnerHost();
        o.actorHost = c.actorHost();
        o.fragmentsPort = c.fragmentsPort();
        o.weightsPort = c.weightsPort();
        o.fragmentsStream = c.fragmentsStreamId();
        o.weightsStream = c.weightsStreamId();
        o.mtu = c.mtu();
        o.socketBuffer = c.socketBuffer();
        return o;
    }
}
