package io.tributary.transport.cluster;

import java.nio.file.Path;

/**
 * Pekko Cluster membership of a run: the learner is the seed node on {@code learner-host:port}, actors join it from
 * {@code actor-host} (any free port). {@code tlsDir} null: Artery {@code tcp}; otherwise Artery {@code tls-tcp} with
 * mutual authentication over the key stores {@link ClusterKeys} writes there.
 *
 * @param port the learner's cluster port; 0: no cluster (membership from hellos, exits and heartbeats alone)
 */
public record ClusterConfig(int port, Path tlsDir) {

    public static final ClusterConfig OFF = new ClusterConfig(0, null);

    public ClusterConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--cluster-port must be in [0, 65535], was " + port);
        if (tlsDir != null && port == 0) throw new IllegalArgumentException("--cluster-tls needs --cluster-port");
    }

    public boolean enabled() {
        return port > 0;
    }
}
