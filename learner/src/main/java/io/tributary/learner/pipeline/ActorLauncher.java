package io.tributary.learner.pipeline;

import java.io.IOException;
import java.util.List;

/**
 * How the pipeline learner gets its actor processes, without knowing what an actor process is: the learner owns this
 * seam and ops implements it (today by starting actor JVMs on this host; later a cluster launcher). The learner asks
 * for {@code count} actors, watches for one that died, waits for them to leave after {@code Shutdown}, and closes the
 * launcher, which must stop whatever is still running.
 */
public interface ActorLauncher extends AutoCloseable {

    /** An actor process that has exited: its launch index, pid and exit code. */
    record Exit(int index, long pid, int exitCode) {}

    /** Starts {@code count} actor processes; where their output goes is the launcher's choice (it says so in {@link #describe()}). */
    void launch(int count) throws IOException;

    /** One line for the learner's log: what was launched, or, for actors started by hand, the command to start each. */
    String describe();

    /** The current process of each launch index (alive or not; a respawned index's newest). */
    List<ProcessHandle> processes();

    /** The first launched process that has exited, or null while all run. */
    Exit firstExited();

    /** The launched processes that exited since the last call, each reported once. */
    List<Exit> newExits();

    /**
     * Starts launch index {@code index}'s process again, with the same arguments (so it asks for the same actor id
     * and gets the same env seeds); false when this launcher cannot (actors started elsewhere).
     */
    default boolean respawn(int index) throws IOException {
        return false;
    }

    /** Waits up to {@code timeoutMs} for every launched process to exit by itself; true when all did. */
    boolean awaitExit(long timeoutMs) throws InterruptedException;

    /** Stops every launched process that still runs. */
    @Override
    void close();
}
