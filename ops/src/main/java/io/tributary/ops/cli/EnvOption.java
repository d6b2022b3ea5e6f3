package io.tributary.ops.cli;

import io.tributary.envs.EnvRegistry;
import io.tributary.transport.options.OptionValues;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --env ID}, shared by the commands that run an environment; an unknown id lists the known ones. */
final class EnvOption {

    @Option(names = "--env", defaultValue = "Pendulum-v1", paramLabel = "ID", description = "environment id (see: envs)")
    String id;

    /** The id, checked against the registry. */
    String checked(CommandSpec spec) {
        if (!EnvRegistry.ids().contains(id)) {
            throw OptionValues.bad(spec, "--env", OptionValues.mustBe("one of " + String.join(", ", EnvRegistry.ids()), id));
        }
        return id;
    }
}
