package io.tributary.ops.launch.ssh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Before anything starts: every host is reached over ssh, the working directory is made there, and the same
 * installation answers {@code tributary help} at the same path. With {@code copy}, a bundle is copied to the hosts
 * that lack it first. All hosts are checked at once; every host that is not ready is named with its hosts-file line.
 */
final class HostCheck {

    private static final int NO_TRIBUTARY = 98;
    private static final int NOT_RUNNABLE = 99;
    private static final long TIMEOUT_S = 120;
    private static final String SCRIPT = "mkdir -p -- \"$1\" && cd -- \"$1\" || exit " + RemoteCommand.NO_DIRECTORY + "; "
            + "[ -x \"$2\" ] || exit " + NO_TRIBUTARY + "; "
            + "o=$(\"$2\" help 2>&1) || { printf '%s\\n' \"$o\" | head -n 3; exit " + NOT_RUNNABLE + "; }";

    private final Ssh ssh;
    private final Installation installation;
    private final Path dir;
    private final boolean copy;
    private final PrintStream out;

    HostCheck(Ssh ssh, Installation installation, Path dir, boolean copy, PrintStream out) {
        this.ssh = ssh;
        this.installation = installation;
        this.dir = dir;
        this.copy = copy;
        this.out = out;
    }

    /** One line per host that is not ready (empty: all are); a host listed twice is checked once. */
    List<String> check(List<SshHost> hosts) throws InterruptedException {
        Map<String, SshHost> distinct = new LinkedHashMap<>();
        for (SshHost h : hosts) distinct.putIfAbsent(h.toString(), h);
        List<Thread> threads = new ArrayList<>();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        for (SshHost h : distinct.values()) {
            threads.add(Thread.ofVirtual().start(() -> {
                String p = checkOne(h);
                if (p != null) problems.add("host " + h + " (hosts line " + h.line() + "): " + p);
            }));
        }
        for (Thread t : threads) t.join();
        return List.copyOf(problems);
    }

    /** What is wrong with {@code host}, or null. */
    private String checkOne(SshHost host) {
        Result r = run(host);
        if (r.code == NO_TRIBUTARY && copy) {
            if (!installation.bundle()) {
                return "no tributary at " + installation.command() + "; --copy true copies a bundle, and this tributary runs from"
                        + " the checkout " + installation.root() + " (its jars are in the local Maven repository): set the host up"
                        + " with ops/setup.sh at that path, or launch from an unpacked bundle (ops/bundle)";
            }
            String failed = copyTo(host);
            if (failed != null) return failed;
            r = run(host);
        }
        return switch (r.code) {
            case 0 -> null;
            case 255 -> "ssh to it failed: " + r.lastLine();
            case RemoteCommand.NO_DIRECTORY -> "cannot make or enter the working directory " + dir + " there: " + r.lastLine();
            case NO_TRIBUTARY -> "no tributary at " + installation.command() + "; every host runs the same installation at the"
                    + " same path: " + (installation.bundle() ? "unpack the same bundle there, or pass --copy true to copy it"
                            : "clone and set up the checkout there (ops/setup.sh)");
            case NOT_RUNNABLE -> installation.command() + " does not run there: " + r.output.strip();
            case -1 -> "no answer within " + TIMEOUT_S + " s";
            default -> "the check exited with " + r.code + ": " + r.output.strip();
        };
    }

    private Result run(SshHost host) {
        return exec(List.of(new ProcessBuilder(ssh.command(host, Ssh.join(List.of("sh", "-c", SCRIPT, "sh", dir.toString(),
                installation.command().toString()))))));
    }

    /** Streams the bundle's directory to the same place on {@code host} (tar over ssh); null when it worked. */
    private String copyTo(SshHost host) {
        Path parent = installation.root().getParent();
        out.println("launch: ssh: copying " + installation.root() + " to " + host);
        String unpack = "mkdir -p -- " + Ssh.quote(parent.toString()) + " && tar -C " + Ssh.quote(parent.toString()) + " -xzf -";
        Result r = exec(List.of(new ProcessBuilder("tar", "-C", parent.toString(), "-czf", "-", installation.root().getFileName().toString()),
                new ProcessBuilder(ssh.command(host, unpack))));
        return r.code == 0 ? null : "copying " + installation.root() + " there failed (exit " + r.code + "): " + r.output.strip();
    }

    /** Runs a pipeline; the last command's exit code (-1 on timeout) and its output with its errors. */
    private static Result exec(List<ProcessBuilder> pipeline) {
        pipeline.get(pipeline.size() - 1).redirectErrorStream(true);
        pipeline.get(0).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        List<Process> ps;
        try {
            ps = ProcessBuilder.startPipeline(pipeline);
        } catch (IOException e) {
            return new Result(-2, "cannot start " + pipeline.get(pipeline.size() - 1).command().get(0) + ": " + e.getMessage());
        }
        Process last = ps.get(ps.size() - 1);
        java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                last.getInputStream().transferTo(output);
            } catch (IOException e) {
                // the process was destroyed: what was read is kept
            }
        });
        try {
            if (!last.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                ps.forEach(Process::destroyForcibly);
                return new Result(-1, "");
            }
            for (Process p : ps) p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(5));
            return new Result(last.exitValue(), output.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            ps.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
            return new Result(-2, "interrupted");
        }
    }

    private record Result(int code, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }
}
