package io.tributary.ops.cli;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.wrappers.EnvWrapper;
import io.tributary.envs.wrappers.TimeLimit;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code envs}: every registered environment id with its observation and action sizes and time limit. */
@Command(name = "envs", description = "list the environment ids with observation/action sizes")
final class EnvsCommand implements Callable<Integer> {

    private final PrintStream out;

    @Mixin
    HelpOption help;

    @Mixin
    DmControlDirOption dmControlDir;

    EnvsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        out.printf("%-40s %4s %4s %8s%n", "id", "obs", "act", "maxSteps");
        for (String id : EnvRegistry.ids()) {
            try (Env env = EnvRegistry.make(id)) {
                TimeLimit tl = EnvWrapper.find(env, TimeLimit.class);
                out.printf("%-40s %4d %4d %8s%n", id, env.observationSpace().size(), env.actionSpace().size(),
                        tl == null ? "-" : Integer.toString(tl.maxEpisodeSteps()));
            }
        }
        EnvRegistry.unavailable().forEach((id, why) -> out.printf("%-40s not available here: %s (--dm-control-dir DIR)%n", id,
                shortReason(id, why)));
        return 0;
    }

    /** The reason's first clause without the id it starts with: "needs a dm_control installation". */
    static String shortReason(String id, String why) {
        String r = why.startsWith(id + " ") ? why.substring(id.length() + 1) : why;
        int colon = r.indexOf(':');
        return colon > 0 ? r.substring(0, colon) : r;
    }
}
