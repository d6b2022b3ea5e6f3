package io.tributary.ops.cli;

import io.tributary.ops.eval.TrainedPolicy;
import io.tributary.transport.options.OptionValues;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The trained policy a command reads: {@code RUN_DIR} and, instead of its final weights, {@code --checkpoint FILE}. A picocli mixin of eval and export. */
final class TrainedPolicyOptions {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory (holding config.properties and final-weights.bin)")
    Path runDir;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "take the policy and statistics from this checkpoint instead of final-weights.bin")
    Path checkpoint;

    /** The policy with its statistics; a checkpoint that is no file is a usage error naming {@code --checkpoint}. */
    TrainedPolicy load(CommandSpec spec) {
        if (checkpoint != null && !Files.isRegularFile(checkpoint)) {
            throw OptionValues.bad(spec, "--checkpoint", "must be a checkpoint file, was '" + checkpoint + "' (no such file)");
        }
        return TrainedPolicy.load(runDir, checkpoint);
    }
}
