package io.tributary.ops.launch;

import java.io.PrintStream;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * {@code launch --on local}: the job on this host alone, the learner in this process spawning its actor processes
 * (IPC, the placement's actors and envs): what {@code tributary train} does with the same options.
 */
public final class LocalLauncher implements Launcher {

    private final ToIntFunction<List<String>> tributary;

    /** {@code tributary} runs a command line of this program in this process and returns its exit code. */
    public LocalLauncher(ToIntFunction<List<String>> tributary) {
        this.tributary = tributary;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public int launch(Plan plan, LaunchOptions options, PrintStream out) {
        out.println("launch: local: learner and " + plan.job().placement().actors() + " actor processes on this host; run "
                + plan.runId() + ", logs in " + plan.runDir());
        return tributary.applyAsInt(plan.local());
    }
}
