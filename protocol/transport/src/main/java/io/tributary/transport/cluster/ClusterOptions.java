package io.tributary.transport.cluster;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The command-line face of {@link ClusterConfig}, a picocli mixin shared by {@code tributary train} and the actor process. */
public final class ClusterOptions {

    @Option(names = "--cluster-port", defaultValue = "0", paramLabel = "PORT",
            description = "Pekko Cluster membership: the learner's cluster port on --learner-host (it is the seed node; actors join it); 0: no cluster")
    int port;

    @Option(names = "--cluster-tls", paramLabel = "DIR",
            description = "cluster remoting over TLS with mutual authentication, keys from DIR (written by 'tributary keys --out DIR')")
    Path tlsDir;

    public ClusterConfig toConfig() {
        return new ClusterConfig(port, tlsDir);
    }

    public static ClusterOptions of(ClusterConfig c) {
        ClusterOptions o = new ClusterOptions();
        o.port = c.port();
        o.tlsDir = c.tlsDir();
        return o;
    }
}
