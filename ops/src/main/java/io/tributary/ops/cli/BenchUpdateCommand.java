package io.tributary.ops.cli;

import io.tributary.learner.bench.UpdateBench;
import io.tributary.learner.nn.Device;
import io.tributary.transport.options.OptionValues;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench-update}: median time of one PPO minibatch update per path and row count (docs/BENCHMARKS.md). */
@Command(name = "bench-update", description = "benchmark one PPO/RPO minibatch update (cpu: fused-cblas, fused-nd4j-gemm, nd4j-ops;"
        + " cuda: cuda-graph, cuda-seam)",
        sortOptions = false, showDefaultValues = true)
final class BenchUpdateCommand implements Callable<Integer> {

    private final PrintStream out;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--rows", defaultValue = "64,4096", split = ",", description = "minibatch row counts, comma-separated")
    int[] rows;

    @Option(names = "--paths", split = ",", description = "paths to measure (default: the device's: cpu fused-cblas,fused-nd4j-gemm,nd4j-ops;"
            + " cuda cuda-graph,cuda-seam)")
    String[] paths;

    @Option(names = "--hidden", defaultValue = "64-64", split = ",", description = "hidden layers of both networks, one figure"
            + " set per entry (e.g. 64-64,256-256)")
    String[] hidden;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda[:N]", description = "where the update runs")
    String device;

    @Option(names = "--rounds", defaultValue = "7", description = "rounds per figure (the median is reported)")
    int rounds;

    BenchUpdateCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        for (int r : rows) OptionValues.inRange(spec, "--rows", r, 1, 1 << 20);
        Device d;
        try {
            d = Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw OptionValues.bad(spec, "--device", OptionValues.mustBe("cpu, cuda or cuda:N", device));
        }
        d.requireAvailable();
        int n = (int) OptionValues.inRange(spec, "--rounds", rounds, 1, 1000);
        for (String h : hidden) {
            int[] layers;
            try {
                layers = java.util.Arrays.stream(h.split("-")).mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException e) {
                throw OptionValues.bad(spec, "--hidden", OptionValues.mustBe("widths joined by '-', e.g. 64-64", h));
            }
            for (int w : layers) OptionValues.inRange(spec, "--hidden", w, 1, 1 << 14);
            UpdateBench.run(rows, paths == null ? UpdateBench.defaultPaths(d) : paths, n, layers, d, out);
        }
        return 0;
    }
}
