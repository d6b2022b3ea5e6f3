package io.tributary.ops.launch.ssh;

import io.tributary.ops.launch.LaunchOptions;
import io.tributary.ops.launch.Launcher;
import io.tributary.ops.launch.Placement;
import io.tributary.ops.launch.Plan;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code launch --on ssh --hosts FILE}: the learner on the hosts file's first host, the placement's actors on the
 * others (round robin), each started with the system's ssh client in the launcher's working directory (made on every
 * host, so that the job's relative paths mean the same everywhere), with the same installation at the same path,
 * checked on every host first (and, for a bundle with {@code --copy true}, copied where it is missing). Each process's
 * output goes to the run directory on this machine ({@code learner.log}, also shown here, and {@code actor-<i>.log});
 * stopping the launcher stops every remote process ({@link RemoteCommand}). Returns the learner's exit status; a bad
 * hosts file, or a host that is not ready, is refused (exit 2) before anything starts.
 */
public final class SshLauncher implements Launcher {

    private final SshOptions options;

    public SshLauncher(SshOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "ssh";
    }

    @Override
    public int launch(Plan plan, LaunchOptions launch, PrintStream out) throws Exception {
        if (launch.hosts() == null) {
            throw new IllegalArgumentException("--on ssh needs --hosts FILE: one host per line, " + HostsFile.FORM
                    + "; the first runs the learner, the others the actors");
        }
        List<SshHost> hosts = HostsFile.read(launch.hosts());
        Placement placement = plan.job().placement();
        SshHost learnerHost = hosts.get(0);
        List<SshHost> actorHosts = new ArrayList<>();
        for (int i = 0; i < placement.actors(); i++) actorHosts.add(hosts.get(1 + i % (hosts.size() - 1)));

        Ssh ssh = new Ssh(options);
        Installation installation;
        try {
            installation = Installation.ofThisProcess();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("ssh: " + e.getMessage(), e);
        }
        Path dir = Path.of("").toAbsolutePath();
        long distinct = hosts.stream().map(SshHost::toString).distinct().count();
        out.println("launch: ssh: checking " + installation.command() + " on " + distinct + " host(s) of " + launch.hosts()
                + " (working directory " + dir + ")");
        List<String> problems = new HostCheck(ssh, installation, dir, options.copy(), out).check(hosts);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("ssh: nothing started; " + problems.size() + " host(s) not ready:\n  "
                    + String.join("\n  ", problems));
        }

        Path runDir = options.resume() != null ? options.resume() : plan.runDir();
        List<String> learnerArgs;
        List<String> actorArgs;
        String runId;
        if (options.resume() != null) {
            runId = ResumedRun.runId(ssh, learnerHost, dir, runDir);
            learnerArgs = ResumedRun.learner(plan, runDir, learnerHost.address());
            actorArgs = ResumedRun.actorArgs(plan.actorArgs(), runId);
        } else {
            runId = plan.runId();
            learnerArgs = plan.learner(learnerHost.address());
            actorArgs = plan.actorArgs();
        }
        String command = installation.command().toString();
        List<String> learnerCommand = new ArrayList<>(List.of(command));
        learnerCommand.addAll(learnerArgs);
        SshRun.Part learner = new SshRun.Part("learner", learnerHost, learnerCommand, placement.learnerHeap(),
                new RunLog(runDir.resolve("learner.log"), out));
        List<SshRun.Part> actors = new ArrayList<>();
        for (int i = 0; i < actorHosts.size(); i++) {
            SshHost h = actorHosts.get(i);
            List<String> argv = new ArrayList<>(List.of(command));
            argv.addAll(actorArgs);
            // actor-<i>.log is the learner's actor i, as for actors a local learner spawns
            argv.addAll(List.of("--learner-host", learnerHost.address(), "--actor-host", h.address(), "--actor-id", Integer.toString(i)));
            actors.add(new SshRun.Part("actor " + i, h, argv, placement.actorHeap(), new RunLog(runDir.resolve("actor-" + i + ".log"), null)));
        }
        out.println("launch: ssh: run " + runId + (options.resume() != null ? " (resumed)" : "") + ": learner on " + learnerHost
                + ", " + placement.actors() + " actor(s) on " + describe(actorHosts) + "; run directory " + runDir
                + " (logs here, checkpoints on " + learnerHost + ")");
        return new SshRun(ssh, dir, out).run(learner, actors);
    }

    /** "a (2), b (1)": each host and how many actors it runs, in hosts-file order. */
    private static String describe(List<SshHost> actorHosts) {
        java.util.Map<String, Integer> n = new java.util.LinkedHashMap<>();
        for (SshHost h : actorHosts) n.merge(h.toString(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        n.forEach((h, c) -> parts.add(h + " (" + c + ")"));
        return String.join(", ", parts);
    }
}
