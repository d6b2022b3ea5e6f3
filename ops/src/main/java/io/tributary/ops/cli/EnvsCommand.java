package io.tributary.ops.cli;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.wrappers.EnvWrapper;
import io.tributary.envs.wrappers.TimeLimit;
import java.io.PrintStream;
import java.util.List;

/** {@code envs}: every registered environment id with its observation and action sizes and time limit. */
public final class EnvsCommand implements Command {

    @Override
    public String name() {
        return "envs";
    }

    @Override
    public String summary() {
        return "list the environment ids with observation/action sizes";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public int run(Args args, PrintStream out) {
        out.printf("%-40s %4s %4s %8s%n", "id", "obs", "act", "maxSteps");
        for (String id : EnvRegistry.ids()) {
            try (Env env = EnvRegistry.make(id)) {
                TimeLimit tl = EnvWrapper.find(env, TimeLimit.class);
                out.printf("%-40s %4d %4d %8s%n", id, env.observationSpace().size(), env.actionSpace().size(),
                        tl == null ? "-" : Integer.toString(tl.maxEpisodeSteps()));
            }
        }
        return 0;
    }
}
