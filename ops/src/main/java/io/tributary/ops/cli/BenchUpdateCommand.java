package io.tributary.ops.cli;

import io.tributary.learner.bench.UpdateBench;
import java.io.PrintStream;
import java.util.List;

/** {@code bench-update}: median time of one PPO minibatch update per path and row count (docs/BENCHMARKS.md). */
public final class BenchUpdateCommand implements Command {

    @Override
    public String name() {
        return "bench-update";
    }

    @Override
    public String summary() {
        return "benchmark one PPO/RPO minibatch update (fused-cblas, fused-nd4j-gemm, nd4j-ops paths)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.withDefault("rows", "64,4096", "minibatch row counts, comma-separated"),
                Option.withDefault("paths", "fused-cblas,fused-nd4j-gemm,nd4j-ops", "paths to measure"),
                Option.withDefault("rounds", "7", "rounds per figure (the median is reported)"));
    }

    @Override
    public int run(Args args, PrintStream out) {
        long rounds = args.integer("rounds", 1, 1000);
        UpdateBench.main(new String[] {"--rows", args.string("rows"), "--paths", args.string("paths"), "--rounds",
                Long.toString(rounds)});
        return 0;
    }
}
