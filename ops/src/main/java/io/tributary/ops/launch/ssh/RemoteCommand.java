package io.tributary.ops.launch.ssh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shell text a host runs for one of the job's processes. OpenSSH signals nothing to a session's processes when
 * the connection closes (without a terminal), so each command is tied to its session by a lifeline: the command runs
 * in the background with its stdin from /dev/null, and a watcher reads the session's stdin; when that ends (the
 * launcher closed it to stop the job, or the launcher or the connection died), the watcher sends the command SIGTERM
 * (the learner writes its checkpoint, an actor leaves the cluster), and SIGKILL if it is still there after
 * {@link #GRACE_S} seconds. The session's exit status is the command's.
 */
public final class RemoteCommand {

    /** Seconds between the lifeline's SIGTERM and its SIGKILL. */
    public static final int GRACE_S = 30;

    /** Exit status of the lifeline when the working directory is missing on the host. */
    public static final int NO_DIRECTORY = 97;

    /**
     * $1 the directory, $2 the grace in seconds, then the command. fd 3 carries the session's stdin to the watcher: sh
     * gives a background list /dev/null as its stdin unless it is redirected.
     */
    private static final String LIFELINE = "cd \"$1\" || exit " + NO_DIRECTORY + "; g=$2; shift 2; exec 3<&0; \"$@\" </dev/null 3<&- & c=$!; "
            + "{ cat >/dev/null; kill -TERM $c 2>/dev/null || exit 0; i=0; "
            + "while [ $i -lt $g ] && kill -0 $c 2>/dev/null; do sleep 1; i=$((i+1)); done; "
            + "kill -0 $c 2>/dev/null && kill -KILL $c; } <&3 >/dev/null 2>&1 & exec 3<&-; wait $c";

    private RemoteCommand() {
    }

    /** {@code argv} run in {@code dir} with {@code env} added to the session's environment, under the lifeline. */
    public static String lifeline(Path dir, Map<String, String> env, List<String> argv) {
        return lifeline(dir, env, argv, GRACE_S);
    }

    static String lifeline(Path dir, Map<String, String> env, List<String> argv, int graceS) {
        List<String> words = new ArrayList<>(List.of("sh", "-c", LIFELINE, "sh", dir.toString(), Integer.toString(graceS), "env"));
        env.forEach((k, v) -> words.add(k + "=" + v));
        words.addAll(argv);
        return Ssh.join(words);
    }
}
