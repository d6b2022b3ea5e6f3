package io.tributary.ops.cli;

import io.tributary.ops.launch.Job;
import io.tributary.ops.launch.LaunchOptions;
import io.tributary.ops.launch.Launcher;
import io.tributary.ops.launch.LocalLauncher;
import io.tributary.ops.launch.Plan;
import io.tributary.ops.launch.ssh.SshLauncher;
import io.tributary.ops.launch.ssh.SshOptions;
import io.tributary.transport.options.OptionValues;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code launch --on TARGET --job FILE}: one job description ({@link Job}), started on this host, over SSH, on Slurm
 * or on Kubernetes. The job is resolved into a {@link Plan} first (the learner's own checks), so a bad job fails here,
 * before any host is touched. docs/DEPLOY.md has a page per target.
 */
@Command(name = "launch", description = "start a job (a train block and a placement block) on local, ssh, slurm or k8s")
final class LaunchCommand implements Callable<Integer> {

    private final PrintStream out;

    @Spec
    CommandSpec spec;

    @Option(names = "--on", required = true, paramLabel = "TARGET", description = "where: local, ssh, slurm or k8s")
    String on;

    @Option(names = "--job", required = true, paramLabel = "FILE",
            description = "the job description (HOCON): train { train's options } and placement { " + "actors, envs-per-actor, ... }")
    Path job;

    @Option(names = "--hosts", paramLabel = "FILE", description = "ssh: the hosts, one per line ([user@]host[:port]); the first runs the learner")
    Path hosts;

    @Option(names = "--out", paramLabel = "DIR", description = "slurm, k8s: where the script or manifests are written (default: the run directory)")
    Path outDir;

    @Option(names = "--submit", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "slurm: submit with sbatch; k8s: apply with kubectl (false: only write the files)")
    boolean submit;

    @Option(names = "--ssh-config", paramLabel = "FILE", description = "ssh: the ssh client's configuration (ssh -F FILE; default: ~/.ssh/config)")
    Path sshConfig;

    @Option(names = "--identity", paramLabel = "FILE", description = "ssh: the private key to log in with (ssh -i FILE)")
    Path identity;

    @Option(names = "--copy", arity = "1", defaultValue = "false", paramLabel = "true|false",
            description = "ssh: copy this bundle to the hosts that lack it, at the same path (default false: only check)")
    boolean copy;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "ssh: continue the run in RUN_DIR (started with this job) from its newest checkpoint")
    Path resume;

    LaunchCommand(PrintStream out) {
        this.out = out;
    }

    /** The targets, by name. */
    private Map<String, Launcher> targets() {
        Map<String, Launcher> m = new LinkedHashMap<>();
        for (Launcher l : List.<Launcher>of(new LocalLauncher(argv -> Main.run(argv.toArray(String[]::new), out, System.err)),
                new io.tributary.ops.launch.slurm.SlurmLauncher(ResumeArgs::of, System.getenv()),
                new SshLauncher(new SshOptions(sshConfig, identity, copy, resume)),
                new io.tributary.ops.launch.k8s.KubernetesLauncher(ResumeArgs::of))) {
            m.put(l.name(), l);
        }
        return m;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Launcher> targets = targets();
        Launcher target = targets.get(on);
        if (target == null) throw OptionValues.bad(spec, "--on", OptionValues.mustBe("one of " + String.join(", ", targets.keySet()), on));
        if (resume != null && !target.name().equals("ssh")) {
            throw OptionValues.bad(spec, "--resume", "continues a run with --on ssh only; on " + on + " resume with train --resume " + resume);
        }
        Plan plan;
        try {
            Job j = JobFile.read(job);
            // a resumed run keeps its own directory: the job is checked as for a fresh run beside it, not refused for that one
            if (resume != null) j = new Job(j.file(), j.name(), j.train(), renamed(j.placement()));
            plan = JobPlanner.plan(j);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return target.launch(plan, new LaunchOptions(hosts, outDir, submit), out);
    }

    /** {@code p} with the run name left to the planner (the job's name and the time). */
    private static io.tributary.ops.launch.Placement renamed(io.tributary.ops.launch.Placement p) {
        return new io.tributary.ops.launch.Placement(p.actors(), p.envsPerActor(), p.threadsPerActor(), p.clusterPort(), p.fragmentsPort(),
                p.weightsPort(), p.credentials(), p.runsDir(), "", p.learnerHeap(), p.actorHeap());
    }
}
