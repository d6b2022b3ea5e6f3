package io.tributary.ops.cli;

import io.tributary.learner.metrics.MetricsSink;
import io.tributary.ops.metrics.PrometheusEndpoint;
import io.tributary.ops.metrics.TensorBoardWriter;
import io.tributary.ops.progress.ProgressSink;
import io.tributary.ops.ui.LivePage;
import io.tributary.transport.options.OptionValues;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where a training run's numbers go besides the log line and metrics.csv: TensorBoard always, Prometheus and the live
 * page on request.
 */
final class MonitoringOptions {

    /** The options that only watch a run: allowed with {@code --resume}. */
    static final java.util.Set<String> NAMES = java.util.Set.of("--metrics-port", "--progress", "--ui-port", "--ui-bind");

    @Option(names = "--metrics-port", defaultValue = "-1", paramLabel = "PORT",
            description = "serve Prometheus metrics at http://<host>:PORT/metrics (0: any free port; -1: off)")
    int metricsPort;

    @Option(names = "--ui-port", defaultValue = "-1", paramLabel = "PORT",
            description = "serve a live page of the curves (return, steps/s, losses, policy lag, actors, drops) at"
                    + " http://127.0.0.1:PORT/ (0: any free port; -1: off)")
    int uiPort;

    @Option(names = "--ui-bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "the address the live page listens on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: every interface)")
    String uiBind;

    @Option(names = "--progress", arity = "1", paramLabel = "true|false", description = "one live status line (bar, steps,"
            + " steps/s, ETA, last return) redrawn in place of the per-iteration lines (default: true on a terminal)")
    Boolean progress;

    private ProgressSink progressSink;

    /** --progress, or whether standard output is a terminal ({@code System.console().isTerminal()}, JDK 22+). */
    boolean progressOn() {
        if (progress != null) return progress;
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /**
     * The run's sinks, each named on {@code out} with where to look; the live status line last. {@code actors}: the
     * actor processes for the live page, null in the single-process mode.
     */
    MetricsSink open(CommandSpec spec, Path runDir, PrintStream out, long totalSteps,
            java.util.function.Supplier<java.util.List<LivePage.ActorStatus>> actors) {
        OptionValues.inRange(spec, "--ui-port", uiPort, -1, 65535);
        MetricsSink sinks = open(spec, runDir, out);
        if (uiPort >= 0) {
            LivePage page;
            try {
                page = new LivePage(uiBind, uiPort, runDir.getFileName().toString(), totalSteps, actors);
            } catch (RuntimeException e) {
                sinks.close();
                throw e;
            }
            out.println("train: live page: " + page.url());
            sinks = MetricsSink.both(sinks, page);
        }
        if (!progressOn()) return sinks;
        progressSink = new ProgressSink(out, totalSteps, ProgressSink.terminalWidth());
        return MetricsSink.both(sinks, progressSink);
    }

    /** Where the run's other lines go: above the live status line when there is one, else {@code out}. */
    PrintStream linesAbove(PrintStream out) {
        return progressSink == null ? out : progressSink.linesAbove();
    }

    private MetricsSink open(CommandSpec spec, Path runDir, PrintStream out) {
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
