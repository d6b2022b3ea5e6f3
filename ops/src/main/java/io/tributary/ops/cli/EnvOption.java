package io.tributary.ops.cli;

import io.tributary.envs.EnvRegistry;
import io.tributary.transport.options.OptionValues;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --env ID}, shared by the commands that run an environment; an unknown id lists the known ones. */
final class EnvOption {

    @Option(names = "--env", defaultValue = "Pendulum-v1", paramLabel = "ID", description = "environment id (see: envs)")
    String id;

    @Mixin
    DmControlDirOption dmControlDir;

    /** The id, checked against the registry; an id this machine cannot make says why. */
    String checked(CommandSpec spec) {
        return checked(spec, id);
    }

    /** {@code id} as the value of {@code --env}, checked as {@link #checked(CommandSpec)} does. */
    static String checked(CommandSpec spec, String id) {
        String why = EnvRegistry.unavailable().get(id);
        if (why != null) throw OptionValues.bad(spec, "--env", id + " is not available here: " + why);
        if (!EnvRegistry.ids().contains(id)) {
            throw OptionValues.bad(spec, "--env", OptionValues.mustBe("one of " + String.join(", ", EnvRegistry.ids()), id));
        }
        return id;
    }
}
