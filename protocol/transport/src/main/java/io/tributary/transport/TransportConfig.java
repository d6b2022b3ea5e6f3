package io.tributary.transport;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the two streams of a run go. Actors publish fragments (and hello/heartbeat control messages) to the
 * learner on one stream; the learner publishes weights chunks (and assign/shutdown) to every actor on another.
 *
 * <ul>
 *   <li>{@code ipc}: one host; actors attach to the learner's media driver ({@link #aeronDir}), both streams are
 *       {@code aeron:ipc}.</li>
 *   <li>{@code udp}: fragments to {@code learnerHost:fragmentsPort} (many publications, one subscription); weights by
 *       multi-destination-cast from the learner's control address {@code learnerHost:weightsPort}: each actor
 *       subscribes from {@code actorHost} on an ephemeral port and the learner sends to every one that registered, so
 *       the same configuration works for one host and for many.</li>
 * </ul>
 * Nothing here is a constant: every field is a command-line option ({@code options.TransportOptions}).
 */
public record TransportConfig(Mode mode, Path aeronDir, String learnerHost, int fragmentsPort, int weightsPort,
        String actorHost, int fragmentsStreamId, int weightsStreamId, int mtu, int socketBuffer) {

    public enum Mode { IPC, UDP }

    // The keys: the command-line options are these with "--" in front (TransportOptions), config.properties uses them as is.
    public static final String MODE = "transport";
    public static final String AERON_DIR = "aeron-dir";
    public static final String LEARNER_HOST = "learner-host";
    public static final String FRAGMENTS_PORT = "fragments-port";
    public static final String WEIGHTS_PORT = "weights-port";
    public static final String ACTOR_HOST = "actor-host";
    public static final String FRAGMENTS_STREAM = "fragments-stream";
    public static final String WEIGHTS_STREAM = "weights-stream";
    public static final String MTU = "mtu";
    public static final String SOCKET_BUFFER = "udp-socket-buffer";

    // The defaults, written once: defaults() and the command-line options' help both read them.
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_FRAGMENTS_PORT = 40123;
    public static final int DEFAULT_WEIGHTS_PORT = 40124;
    public static final int DEFAULT_FRAGMENTS_STREAM = 1001;
    public static final int DEFAULT_WEIGHTS_STREAM = 1002;
    /**
     * 1408: an Aeron frame in one Ethernet packet (1408 + 20 IP + 8 UDP < 1500), so the kernel never fragments a
     * datagram. Why: with IP fragmentation one lost 1500-byte packet loses the whole 8 KiB frame (5% packet loss is
     * about 26% frame loss at 8192), retransmits are lost as often, and the kernel's reassembly queue fills with
     * incomplete datagrams; a tester measured across network namespaces with 5% loss: 8192 gave 30% of the loss-free
     * steps/s with silent 10-14 s stalls; at 8192 a run retransmits about 8x the bytes (docs/BENCHMARKS.md).
     */
    public static final int DEFAULT_MTU = 1408;
    /**
     * Loss recovery, in the media driver (both ends): a receiver NAKs a gap {@link #NAK_DELAY_NS} after it sees it
     * (Aeron's default, 1 us: on a LAN the retransmit is one round trip away) and NAKs it again every
     * {@link #NAK_RETRY_RATIO} x that = 1 ms while it stays open (Aeron's default: every 100 us, which sent 4-8 NAKs per
     * lost frame while the sender ignored them); a sender ignores NAKs for a range it just retransmitted for
     * {@link #RETRANSMIT_LINGER_NS} = 1 ms (Aeron's default: 10 ms, so a lost retransmit cost 10 ms). 1 ms is still
     * several LAN round trips, so a retransmit on its way is not sent twice. With 5% loss across network
     * namespaces the learner sent 57 NAKs instead of 174-436 in a lossy phase of the same length (docs/BENCHMARKS.md).
     */
    public static final long NAK_DELAY_NS = 1_000;
    public static final long NAK_RETRY_RATIO = 1_000;
    public static final long RETRANSMIT_LINGER_NS = 1_000_000;
    public static final int DEFAULT_SOCKET_BUFFER = 2 * 1024 * 1024;

    public TransportConfig {
        if (mode == null) throw new IllegalArgumentException(MODE + " must be one of ipc, udp");
        checkPort(FRAGMENTS_PORT, fragmentsPort);
        checkPort(WEIGHTS_PORT, weightsPort);
        if (mode == Mode.UDP && fragmentsPort == weightsPort) {
            throw new IllegalArgumentException(FRAGMENTS_PORT + " and " + WEIGHTS_PORT + " must differ, both are " + fragmentsPort);
        }
        if (fragmentsStreamId == weightsStreamId) {
            throw new IllegalArgumentException(FRAGMENTS_STREAM + " and " + WEIGHTS_STREAM + " must differ, both are " + weightsStreamId);
        }
        if (mtu < 1024 || mtu > 65504 || mtu % 32 != 0) {
            throw new IllegalArgumentException(MTU + " must be a multiple of 32 in [1024, 65504], was " + mtu);
        }
        if (socketBuffer < 65536) throw new IllegalArgumentException(SOCKET_BUFFER + " must be >= 65536 bytes, was " + socketBuffer);
    }

    private static void checkPort(String key, int port) {
        if (port <= 0 || port > 65535) throw new IllegalArgumentException(key + " must be in [1, 65535], was " + port);
    }

    /**
     * Puts the loss-recovery settings into a media driver's context: the MTU for channels that name none and the
     * NAK/retransmit timing above. Channels carry the rest (mtu, term length, receiver window, socket buffers).
     */
    public void tune(io.aeron.driver.MediaDriver.Context ctx) {
        ctx.mtuLength(mtu)
                .nakUnicastDelayNs(NAK_DELAY_NS)
                .nakUnicastRetryDelayRatio(NAK_RETRY_RATIO)
                .retransmitUnicastLingerNs(RETRANSMIT_LINGER_NS);
    }

    /** Defaults: everything on localhost; the Aeron dir under /dev/shm when it exists (tmpfs). */
    public static TransportConfig defaults(Mode mode) {
        return new TransportConfig(mode, defaultAeronDir("learner"), DEFAULT_HOST, DEFAULT_FRAGMENTS_PORT, DEFAULT_WEIGHTS_PORT,
                DEFAULT_HOST, DEFAULT_FRAGMENTS_STREAM, DEFAULT_WEIGHTS_STREAM, DEFAULT_MTU, DEFAULT_SOCKET_BUFFER);
    }

    public static Path defaultAeronDir(String role) {
        Path shm = Path.of("/dev/shm");
        Path base = shm.toFile().isDirectory() ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("tributary-" + System.getProperty("user.name", "user") + "-" + role + "-" + ProcessHandle.current().pid());
    }

    /** The keys and values, to write into the run directory. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MODE, mode.name().toLowerCase());
        m.put(AERON_DIR, aeronDir.toString());
        m.put(LEARNER_HOST, learnerHost);
        m.put(FRAGMENTS_PORT, Integer.toString(fragmentsPort));
        m.put(WEIGHTS_PORT, Integer.toString(weightsPort));
        m.put(ACTOR_HOST, actorHost);
        m.put(FRAGMENTS_STREAM, Integer.toString(fragmentsStreamId));
        m.put(WEIGHTS_STREAM, Integer.toString(weightsStreamId));
        m.put(MTU, Integer.toString(mtu));
        m.put(SOCKET_BUFFER, Integer.toString(socketBuffer));
        return m;
    }

    public TransportConfig withAeronDir(Path dir) {
        return new TransportConfig(mode, dir, learnerHost, fragmentsPort, weightsPort, actorHost, fragmentsStreamId, weightsStreamId, mtu, socketBuffer);
    }

    /**
     * Fragments channel (the same string for the actors' publications and the learner's subscription).
     * {@code termLength} must hold 8 of the largest message: Aeron's limit on one message is a term / 8.
     */
    public String fragmentsChannel(int termLength) {
        return switch (mode) {
            case IPC -> "aeron:ipc?term-length=" + termLength;
            case UDP -> "aeron:udp?endpoint=" + learnerHost + ":" + fragmentsPort + "|mtu=" + mtu + "|term-length=" + termLength
                    + udpBuffers(termLength);
        };
    }

    /**
     * An actor's fragments publication: the fragments channel, on UDP with its sending socket bound to
     * {@code actorHost} (where status messages and NAKs come back) rather than left to the system's choice.
     */
    public String fragmentsPublicationChannel(int termLength) {
        return mode == Mode.UDP ? fragmentsChannel(termLength) + "|interface=" + actorHost : fragmentsChannel(termLength);
    }

    /** The learner's weights publication. */
    public String weightsPublicationChannel(int termLength) {
        return switch (mode) {
            case IPC -> "aeron:ipc?term-length=" + termLength;
            case UDP -> "aeron:udp?control=" + learnerHost + ":" + weightsPort + "|control-mode=dynamic|mtu=" + mtu
                    + "|term-length=" + termLength + udpBuffers(termLength);
        };
    }

    /**
     * Why: Aeron's default receiver window (128 KiB) is smaller than one humanoid-sized fragment, which then needs
     * several status-message round trips; the window is set to half a term and the socket buffers to hold it
     * (the kernel caps them at net.core.rmem_max / wmem_max).
     */
    private String udpBuffers(int termLength) {
        int window = Math.min(termLength / 2, socketBuffer);
        return "|rcv-wnd=" + window + "|so-rcvbuf=" + socketBuffer + "|so-sndbuf=" + socketBuffer;
    }

    /** An actor's weights subscription. */
    public String weightsSubscriptionChannel() {
        return switch (mode) {
            case IPC -> "aeron:ipc";
            case UDP -> "aeron:udp?endpoint=" + actorHost + ":0|control=" + learnerHost + ":" + weightsPort + "|control-mode=dynamic"
                    + "|so-rcvbuf=" + socketBuffer;
        };
    }

    /** Smallest power-of-two term length (at least 64 KiB) whose max message length (term / 8) holds {@code maxMessage}. */
    public static int termLengthFor(int maxMessage) {
        long needed = Math.max(64 * 1024L, 8L * maxMessage);
        long t = Long.highestOneBit(needed);
        if (t < needed) t <<= 1;
        if (t > (1 << 30)) {
            throw new IllegalArgumentException("a message of " + maxMessage + " bytes needs a term longer than 1 GiB: use fewer envs or steps per fragment");
        }
        return (int) t;
    }
}
