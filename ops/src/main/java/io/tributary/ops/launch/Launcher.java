package io.tributary.ops.launch;

import java.io.PrintStream;

/**
 * One deployment target of {@code tributary launch --on TARGET}: starts (or writes and submits) the processes of a
 * {@link Plan}, says what it started and where the logs are, and returns the exit code (0: the job finished, or was
 * handed over to the cluster's scheduler; 1: it failed; 2: bad input, named).
 */
public interface Launcher {

    /** The target's name, as {@code --on} takes it. */
    String name();

    int launch(Plan plan, LaunchOptions options, PrintStream out) throws Exception;
}
