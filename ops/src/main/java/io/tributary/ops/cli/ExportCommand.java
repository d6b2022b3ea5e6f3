package io.tributary.ops.cli;

import io.tributary.envs.Box;
import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.ops.eval.TrainedPolicy;
import io.tributary.ops.export.PolicyExport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export RUN_DIR --format safetensors [--out FILE] [--checkpoint FILE]}: the run's policy (weights, log_std,
 * observation statistics, clip ranges, metadata) in a file other tools read ({@link PolicyExport}).
 */
@Command(name = "export", description = "write a trained policy (final-weights.bin or a checkpoint) with its normalization statistics as safetensors",
        sortOptions = false, showDefaultValues = true)
final class ExportCommand implements Callable<Integer> {

    /** The export formats. */
    enum Format { SAFETENSORS }

    private final PrintStream out;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    TrainedPolicyOptions policy;

    @Option(names = "--format", defaultValue = "safetensors", description = "file format: ${COMPLETION-CANDIDATES}")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write (default: RUN_DIR/policy.safetensors)")
    Path outFile;

    @Mixin
    DmControlDirOption dmControlDir;

    ExportCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        TrainedPolicy p = policy.load(spec);
        Box actions;
        try (Env env = EnvRegistry.make(p.hp().envId())) {
            actions = env.actionSpace();
        }
        Path file = outFile != null ? outFile : policy.runDir.resolve("policy.safetensors");
        PolicyExport.safetensors(p, actions).write(file);
        out.println("export: " + p.source() + " (version " + p.version().version + ", " + p.hp().envId() + ") -> " + file
                + " (" + Files.size(file) + " bytes, safetensors)");
        return 0;
    }
}
