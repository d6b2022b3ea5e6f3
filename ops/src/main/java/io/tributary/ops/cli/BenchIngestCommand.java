package io.tributary.ops.cli;

import io.tributary.learner.bench.IngestBenchmark;
import io.tributary.transport.TransportConfig;
import io.tributary.transport.options.OptionValues;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench-ingest} ({@code ops/bench-ingest}): learner ingest capacity with synthetic actors (docs/BENCHMARKS.md). */
@Command(name = "bench-ingest", description = "benchmark the learner's fragment ingest with synthetic actors (ipc or udp)",
        sortOptions = false, showDefaultValues = true)
final class BenchIngestCommand implements Callable<Integer> {

    private final PrintStream out;

    @Mixin
    HelpOption help;

    @Option(names = "--transport", defaultValue = "ipc", description = "ipc or udp")
    TransportConfig.Mode transport;

    @Option(names = "--actors", defaultValue = "2", converter = OptionValues.Positive.class, description = "synthetic actors (publisher threads)")
    int actors;

    @Option(names = "--envs", defaultValue = "8", converter = OptionValues.Positive.class, description = "env copies per fragment")
    int envs;

    @Option(names = "--steps", defaultValue = "64", converter = OptionValues.Positive.class, description = "steps per fragment")
    int steps;

    @Option(names = "--obs", defaultValue = "67", converter = OptionValues.Positive.class, description = "observation size")
    int obs;

    @Option(names = "--act", defaultValue = "21", converter = OptionValues.Positive.class, description = "action size")
    int act;

    @Option(names = "--seconds", defaultValue = "5", converter = OptionValues.NonNegative.class, description = "seconds per round")
    double seconds;

    @Option(names = "--rounds", defaultValue = "5", converter = OptionValues.Positive.class, description = "rounds (the median is reported)")
    int rounds;

    @Option(names = "--mtu", defaultValue = "" + TransportConfig.DEFAULT_MTU, description = "Aeron MTU")
    int mtu;

    BenchIngestCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        IngestBenchmark.run(new IngestBenchmark.Settings(transport, actors, envs, steps, obs, act, seconds, rounds, mtu), out);
        return 0;
    }
}
