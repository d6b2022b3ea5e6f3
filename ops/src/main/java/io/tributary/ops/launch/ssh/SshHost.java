package io.tributary.ops.launch.ssh;

/**
 * One line of a hosts file: {@code [user@]host[:port]}.
 *
 * @param user the login name; null: the ssh client's (its configuration, or the local user)
 * @param host a host name or IPv4 address, or an IPv6 address without its brackets; the other hosts reach this one at it
 * @param port the ssh port; 0: the ssh client's (its configuration, or 22)
 * @param line the line of the hosts file it came from (1-based), for messages
 */
public record SshHost(String user, String host, int port, int line) {

    /** The address the processes use to reach this host ({@code --learner-host}, {@code --actor-host}). */
    public String address() {
        return host;
    }

    /** As written in a hosts file, for messages. */
    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (user == null ? "" : user + "@") + h + (port == 0 ? "" : ":" + port);
    }
}
