package io.tributary.ops.cli;

import io.tributary.learner.metrics.MetricsSink;
import io.tributary.ops.metrics.PrometheusEndpoint;
import io.tributary.ops.metrics.TensorBoardWriter;
import io.tributary.transport.options.OptionValues;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where a training run's numbers go besides the log line and metrics.csv: TensorBoard always, Prometheus on request. */
final class MonitoringOptions {

    /** The options that only watch a run: allowed with {@code --resume}. */
    static final java.util.Set<String> NAMES = java.util.Set.of("--metrics-port");

    @Option(names = "--metrics-port", defaultValue = "-1", paramLabel = "PORT",
            description = "serve Prometheus metrics at http://<host>:PORT/metrics (0: any free port; -1: off)")
    int metricsPort;

    /** The run's sinks, each named on {@code out} with where to look. */
    MetricsSink open(CommandSpec spec, Path runDir, PrintStream out) {
        OptionValues.inRange(spec, "--metrics-port", metricsPort, -1, 65535);
        TensorBoardWriter tb = new TensorBoardWriter(runDir);
        out.println("train: TensorBoard events in " + tb.file() + " (tensorboard --logdir " + runDir.toAbsolutePath().getParent() + ")");
        if (metricsPort < 0) return tb;
        PrometheusEndpoint prom;
        try {
            prom = new PrometheusEndpoint(metricsPort);
        } catch (RuntimeException e) {
            tb.close();
            throw e;
        }
        out.println("train: Prometheus metrics at http://" + host() + ":" + prom.port() + "/metrics");
        return MetricsSink.both(tb, prom);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
