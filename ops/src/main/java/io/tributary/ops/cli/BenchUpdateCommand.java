package io.tributary.ops.cli;

import io.tributary.learner.bench.UpdateBench;
import io.tributary.transport.options.OptionValues;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench-update}: median time of one PPO minibatch update per path and row count (docs/BENCHMARKS.md). */
@Command(name = "bench-update", description = "benchmark one PPO/RPO minibatch update (fused-cblas, fused-nd4j-gemm, nd4j-ops paths)",
        sortOptions = false, showDefaultValues = true)
final class BenchUpdateCommand implements Callable<Integer> {

    private final PrintStream out;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--rows", defaultValue = "64,4096", split = ",", description = "minibatch row counts, comma-separated")
    int[] rows;

    @Option(names = "--paths", defaultValue = "fused-cblas,fused-nd4j-gemm,nd4j-ops", split = ",", description = "paths to measure")
    String[] paths;

    @Option(names = "--rounds", defaultValue = "7", description = "rounds per figure (the median is reported)")
    int rounds;

    BenchUpdateCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        for (int r : rows) OptionValues.inRange(spec, "--rows", r, 1, 1 << 20);
        UpdateBench.run(rows, paths, (int) OptionValues.inRange(spec, "--rounds", rounds, 1, 1000), out);
        return 0;
    }
}
