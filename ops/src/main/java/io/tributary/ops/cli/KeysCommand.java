package io.tributary.ops.cli;

import io.tributary.transport.cluster.ClusterKeys;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keys --out DIR}: the cluster's credentials for {@code --cluster-tls DIR} ({@link ClusterKeys}). */
@Command(name = "keys", description = "write a CA, the learner's and the actors' key pairs and a truststore (PKCS12) for --cluster-tls")
final class KeysCommand implements Callable<Integer> {

    private final PrintStream out;

    @Mixin
    HelpOption help;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "an empty or new directory")
    Path dir;

    @Option(names = "--validity-days", defaultValue = "365", description = "how long the certificates are valid")
    int validityDays;

    KeysCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (validityDays < 1) throw new IllegalArgumentException("--validity-days must be >= 1, was " + validityDays);
        ClusterKeys.generate(dir, validityDays);
        out.println("keys: " + dir + ": ca.p12 (the CA: keep it off the nodes), truststore.p12, learner.p12, actor.p12, password;"
                + " copy the directory without ca.p12 to every node and run with --cluster-tls " + dir);
        return 0;
    }
}
