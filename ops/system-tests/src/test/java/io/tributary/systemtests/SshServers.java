package io.tributary.systemtests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenSSH server in each host of a {@link NetnsHosts} (the learner's and the actors'), each its own
 * {@code sshd -D} on its host's address with this test's own configuration: a host key and a user key generated
 * here, root's login by that key only (the test's own servers; nothing of the machine's sshd is used or changed). The
 * client's side: an ssh configuration with a known_hosts file of the host key, strict checking on. {@link #close()}
 * stops the servers. Skips the test, saying why, without sshd or ssh-keygen.
 */
final class SshServers implements AutoCloseable {

    private final Path dir;
    private final List<Process> daemons;

    private SshServers(Path dir, List<Process> daemons) {
        this.dir = dir;
        this.daemons = daemons;
    }

    /** Servers in every host of {@code hosts} ({@code actorHosts} actor hosts); keys and configuration under {@code dir}. */
    static SshServers start(NetnsHosts hosts, int actorHosts, Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "no OpenSSH server (apt-get install openssh-server; .ci/run installs it)");
        assumeTrue(NetnsHosts.which("ssh-keygen") != null && NetnsHosts.which("ssh") != null, "no OpenSSH client (apt-get install openssh-client)");
        Files.createDirectories(dir);
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tributary-test-host", "-f", dir.resolve("host_key").toString()));
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tributary-test-user", "-f", dir.resolve("id_ed25519").toString()));
        Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        // sshd insists on its privilege separation directory, which the package's service would make at boot
        Files.createDirectories(Path.of("/run/sshd"));
        List<String> namespaces = new ArrayList<>(List.of(hosts.learnerNamespace()));
        List<String> addresses = new ArrayList<>(List.of(hosts.learnerAddress()));
        for (int i = 1; i <= actorHosts; i++) {
            namespaces.add(hosts.actorNamespace(i));
            addresses.add(hosts.actorAddress(i));
        }
        String hostKey = Files.readString(dir.resolve("host_key.pub")).strip().replaceFirst(" [^ ]*$", "");
        StringBuilder knownHosts = new StringBuilder();
        List<Process> daemons = new ArrayList<>();
        SshServers servers = new SshServers(dir, daemons);
        try {
            for (int i = 0; i < namespaces.size(); i++) {
                String ns = namespaces.get(i);
                Path conf = dir.resolve("sshd-" + i + ".conf");
                Files.writeString(conf, String.join("\n", "ListenAddress " + addresses.get(i), "Port 22", "HostKey " + dir.resolve("host_key"),
                        "PidFile " + dir.resolve("sshd-" + i + ".pid"), "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                        "PermitRootLogin prohibit-password", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no",
                        // the keys live in the test's temporary directory, which is not laid out as a home directory
                        "StrictModes no", "") );
                Path log = dir.resolve("sshd-" + i + ".log");
                daemons.add(new ProcessBuilder(NetnsHosts.in(ns, List.of("/usr/sbin/sshd", "-D", "-e", "-f", conf.toString())))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start());
                knownHosts.append(addresses.get(i)).append(' ').append(hostKey).append('\n');
            }
            for (int i = 0; i < daemons.size(); i++) awaitListening(daemons.get(i), dir.resolve("sshd-" + i + ".log"));
        } catch (Exception | Error e) {
            servers.close();
            throw e;
        }
        Files.writeString(dir.resolve("known_hosts"), knownHosts);
        String common = "  UserKnownHostsFile " + dir.resolve("known_hosts") + "\n  StrictHostKeyChecking yes\n  IdentitiesOnly yes\n";
        Files.writeString(dir.resolve("ssh_config"), "Host *\n" + common + "  IdentityFile " + dir.resolve("id_ed25519") + "\n");
        Files.writeString(dir.resolve("ssh_config_no_identity"), "Host *\n" + common);
        return servers;
    }

    /** The client's configuration, the user key included ({@code --ssh-config}). */
    Path config() {
        return dir.resolve("ssh_config");
    }

    /** The same without the key, for {@code --identity}. */
    Path configWithoutIdentity() {
        return dir.resolve("ssh_config_no_identity");
    }

    Path identity() {
        return dir.resolve("id_ed25519");
    }

    /** The servers' own processes (their listeners). */
    List<Long> daemonPids() {
        return daemons.stream().map(Process::pid).toList();
    }

    private static void awaitListening(Process daemon, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(log).contains("Server listening on")) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) throw new IOException("sshd did not start:\n" + Files.readString(log));
            Thread.sleep(50);
        }
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(command + " failed:\n" + out);
    }

    @Override
    public void close() throws Exception {
        for (Process d : daemons) d.destroy();
        for (Process d : daemons) {
            if (!d.waitFor(10, TimeUnit.SECONDS)) d.destroyForcibly();
        }
    }
}
