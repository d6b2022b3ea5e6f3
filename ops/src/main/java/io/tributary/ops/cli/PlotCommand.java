package io.tributary.ops.cli;

import io.tributary.ops.plot.CurvePlot;
import io.tributary.transport.options.OptionValues;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plot RUN_DIR... [--out curves.png]}: learning curves of runs in one PNG ({@link CurvePlot}). */
@Command(name = "plot", description = "plot return against env steps for one or more runs (runs that differ only by seed: mean and std)",
        sortOptions = false, showDefaultValues = true)
final class PlotCommand implements Callable<Integer> {

    private final PrintStream out;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "RUN_DIR", description = "run directories (holding config.properties and metrics.csv)")
    List<Path> runDirs;

    @Option(names = "--out", defaultValue = "curves.png", paramLabel = "FILE", description = "the PNG to write")
    Path outFile;

    @Option(names = "--width", defaultValue = "800", description = "image width in pixels")
    int width;

    @Option(names = "--height", defaultValue = "600", description = "image height in pixels")
    int height;

    PlotCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        int w = (int) OptionValues.inRange(spec, "--width", width, 200, 10_000);
        int h = (int) OptionValues.inRange(spec, "--height", height, 150, 10_000);
        List<CurvePlot.Group> groups = CurvePlot.group(runDirs);
        CurvePlot.write(groups, outFile, w, h);
        for (CurvePlot.Group g : groups) out.println("plot: " + g.label() + " (" + g.runs().size() + (g.runs().size() == 1 ? " run)" : " runs)"));
        out.println("plot: " + outFile + " (" + w + "x" + h + ")");
        return 0;
    }
}
