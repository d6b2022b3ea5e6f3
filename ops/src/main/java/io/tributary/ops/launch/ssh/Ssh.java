package io.tributary.ops.launch.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines of the system's OpenSSH client. {@code BatchMode} so that a missing key fails at once instead of
 * asking for a password nobody types; a connect timeout so that an unreachable host is named within seconds;
 * keep-alives so that a dead link ends the session (and, by {@link RemoteCommand}'s lifeline, the remote process).
 * Host key checking is left to the user's configuration: a host whose key is unknown fails with ssh's own message.
 */
public final class Ssh {

    static final int CONNECT_TIMEOUT_S = 10;

    private final SshOptions options;

    public Ssh(SshOptions options) {
        this.options = options;
    }

    /** {@code ssh ... host 'command'}: runs {@code command} with the remote user's login shell. */
    public List<String> command(SshHost host, String remoteCommand) {
        List<String> c = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=" + CONNECT_TIMEOUT_S,
                "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3", "-o", "LogLevel=ERROR"));
        if (options.config() != null) c.addAll(List.of("-F", options.config().toAbsolutePath().toString()));
        if (options.identity() != null) c.addAll(List.of("-i", options.identity().toAbsolutePath().toString()));
        if (host.port() != 0) c.addAll(List.of("-p", Integer.toString(host.port())));
        if (host.user() != null) c.addAll(List.of("-l", host.user()));
        c.addAll(List.of("--", host.host(), remoteCommand));
        return c;
    }

    /**
     * The same in a session of its own ({@code setsid}, where the system has it): a Ctrl-C at the terminal reaches the
     * launcher alone, which then stops the remote processes and keeps their last words, instead of every ssh client
     * dying at once with the output still in flight.
     */
    public List<String> detached(SshHost host, String remoteCommand) {
        List<String> c = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                c.add(setsid);
                break;
            }
        }
        c.addAll(command(host, remoteCommand));
        return c;
    }

    /** {@code word} quoted for a POSIX shell: as one word, taken literally. */
    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** {@code words} as one POSIX shell command line. */
    public static String join(List<String> words) {
        List<String> q = new ArrayList<>();
        for (String w : words) q.add(quote(w));
        return String.join(" ", q);
    }
}
