package io.tributary.systemtests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hosts in network namespaces for a test (ops/lib/netns.sh): a learner host ({@code 10.203.S.1}) and actor hosts
 * ({@code 10.203.S.11}, {@code .12}, ...) joined by a bridge in a namespace of its own; packet loss by nftables on
 * every host's incoming packets. Only the namespaces' own addresses are used; {@link #close()} deletes the namespaces
 * (also when the test failed). Skips the test, saying why, when not root or when {@code ip} or {@code nft} is missing.
 */
final class NetnsHosts implements AutoCloseable {

    private final String tag;
    private final int subnet;
    private final int actors;
    private final Path script;

    private NetnsHosts(String tag, int subnet, int actors, Path script) {
        this.tag = tag;
        this.subnet = subnet;
        this.actors = actors;
        this.script = script;
    }

    static NetnsHosts create(String name, int subnet, int actors) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) || uid() == 0,
                "network namespaces need root (ip netns add); this test runs in CI as root");
        assumeTrue(which("ip") != null, "the ip command (iproute2) is missing");
        assumeTrue(which("nft") != null, "the nft command is missing (apt-get install nftables; ops/setup.sh installs it)");
        Path script = repoRoot().resolve("ops/lib/netns.sh");
        // short, per-process names: namespace names are global on the machine
        NetnsHosts h = new NetnsHosts(name + ProcessHandle.current().pid() % 100_000, subnet, actors, script);
        h.run("down", h.tag, Integer.toString(actors));
        try {
            h.run("up", h.tag, Integer.toString(subnet), Integer.toString(actors), "0");
        } catch (IOException e) {
            h.close();
            // root in a container without CAP_NET_ADMIN (or CAP_SYS_ADMIN for the namespace's mount) is no network admin
            assumeTrue(!e.getMessage().contains("Operation not permitted"), "no permission to make network namespaces here: " + e.getMessage());
            throw e;
        }
        return h;
    }

    String learnerAddress() {
        return "10.203." + subnet + ".1";
    }

    /** Actor host i (1-based). */
    String actorAddress(int i) {
        return "10.203." + subnet + "." + (10 + i);
    }

    String learnerNamespace() {
        return tag + "-l";
    }

    String actorNamespace(int i) {
        return tag + "-a" + i;
    }

    /** Drops {@code percent}% of every host's incoming packets from now on (0: none). */
    void loss(int percent) throws Exception {
        run("loss", tag, Integer.toString(actors), Integer.toString(percent));
    }

    /** {@code command} run in namespace {@code ns} ({@code ip netns exec} execs it: the process is the command's). */
    static List<String> in(String ns, List<String> command) {
        List<String> c = new ArrayList<>(List.of(which("ip"), "netns", "exec", ns));
        c.addAll(command);
        return c;
    }

    @Override
    public void close() throws Exception {
        run("down", tag, Integer.toString(actors));
    }

    private void run(String... args) throws Exception {
        List<String> c = new ArrayList<>(List.of("bash", script.toString()));
        c.addAll(List.of(args));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", c) + " failed:\n" + out);
        }
    }

    /** The command's path (PATH, then the sbin directories a non-login shell may lack), or null. */
    static String which(String cmd) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, cmd))) return Path.of(dir, cmd).toString();
        }
        return null;
    }

    private static long uid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (Exception e) {
            return -1;
        }
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("ops/lib/netns.sh"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("ops/lib/netns.sh not found above " + Path.of("").toAbsolutePath());
        return p;
    }
}
