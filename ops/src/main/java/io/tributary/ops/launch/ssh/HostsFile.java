package io.tributary.ops.launch.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the hosts file of {@code launch --on ssh --hosts FILE}: one host per line, {@code [user@]host[:port]}, an
 * IPv6 address in brackets ({@code [2001:db8::1]:22}); {@code #} starts a comment, blank lines are skipped. The first
 * host runs the learner, the others the actors. Every error names the file and the line.
 */
public final class HostsFile {

    static final String FORM = "[user@]host[:port] (an IPv6 address in brackets: [2001:db8::1]:22)";

    private static final Pattern LINE = Pattern.compile(
            "(?:(?<user>[A-Za-z0-9_][A-Za-z0-9._-]*)@)?(?:\\[(?<v6>[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9._-]+)?)]|(?<host>[A-Za-z0-9_][A-Za-z0-9._-]*))(?::(?<port>[0-9]{1,5}))?");

    private HostsFile() {
    }

    /** The hosts of {@code file}, in order; at least two (the learner's and one for actors). */
    public static List<SshHost> read(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--hosts " + file + ": no such file");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("--hosts " + file + ": cannot read it", e);
        }
        List<SshHost> hosts = parse(file.toString(), lines);
        if (hosts.size() < 2) {
            throw new IllegalArgumentException("--hosts " + file + ": " + hosts.size() + " host(s); the first runs the learner and the"
                    + " others the actors, so at least two lines are needed (list a host twice to run actors beside the learner)");
        }
        return hosts;
    }

    static List<SshHost> parse(String name, List<String> lines) {
        List<SshHost> hosts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            int hash = text.indexOf('#');
            if (hash >= 0) text = text.substring(0, hash);
            text = text.strip();
            if (text.isEmpty()) continue;
            hosts.add(host(name, i + 1, text));
        }
        return hosts;
    }

    private static SshHost host(String name, int line, String text) {
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--hosts " + name + " line " + line + ": '" + text + "' is not " + FORM
                    + (text.matches(".*\\s.*") ? "; one host per line" : ""));
        }
        int port = 0;
        if (m.group("port") != null) {
            port = Integer.parseInt(m.group("port"));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--hosts " + name + " line " + line + ": port " + port + " of '" + text
                        + "' must be 1..65535");
            }
        }
        String host = m.group("v6") != null ? m.group("v6") : m.group("host");
        return new SshHost(m.group("user"), host, port, line);
    }
}
