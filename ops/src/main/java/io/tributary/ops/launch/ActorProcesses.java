package io.tributary.ops.launch;

import io.tributary.actors.ActorConfig;
import io.tributary.envs.dmc.DmControlInstallation;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.algo.PpoCma;
import io.tributary.learner.pipeline.ActorLauncher;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.transport.TransportConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Starts actor JVMs on this host for one pipeline run: the same {@code java} as the learner ({@code java.home}), the
 * JVM flags written once in the parent pom (protocol's {@code tributary/jvm.options} resource), this process's
 * classpath (ops', which holds the actors), main class {@code ActorMain} with the {@link ActorConfig} the run's
 * configuration implies. Each actor's output goes to {@code actor-<i>.log} in the run directory. {@link #close()}
 * (also run by the learner's shutdown hook) stops every child: a polite SIGTERM first, then a kill; the children
 * also watch the learner's pid and exit on their own if it disappears without a hook (kill -9).
 */
public final class ActorProcesses implements ActorLauncher {

    private static final String ACTOR_MAIN = "io.tributary.actors.ActorMain";

    private final PipelineConfig cfg;
    /** The current process of each launch index (a respawn replaces it). */
    private final List<Process> children = new ArrayList<>();
    /** Every process started, respawned ones' predecessors included (closed at the end). */
    private final List<Process> all = new ArrayList<>();
    /** Pids whose exit was reported by {@link #newExits()}. */
    private final java.util.Set<Long> reported = new java.util.HashSet<>();

    private final io.tributary.transport.cluster.ClusterConfig cluster;

    public ActorProcesses(PipelineConfig cfg) {
        this(cfg, io.tributary.transport.cluster.ClusterConfig.OFF);
    }

    /** Actors that join the learner's cluster node ({@code cluster.enabled()}) with the same credentials. */
    public ActorProcesses(PipelineConfig cfg, io.tributary.transport.cluster.ClusterConfig cluster) {
        this.cfg = cfg;
        this.cluster = cluster;
    }

    /** The project's JVM flags, as the launch scripts use them. */
    public static List<String> jvmFlags() {
        try (InputStream in = ActorProcesses.class.getClassLoader().getResourceAsStream("tributary/jvm.options")) {
            if (in == null) throw new IllegalStateException("tributary/jvm.options is not on the classpath (protocol module resources)");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read tributary/jvm.options", e);
        }
    }

    /**
     * What each actor of this run is started with; {@code parentPid} -1 for an actor started by hand, {@code actorId}
     * the id it asks for (-1: any).
     */
    ActorConfig actorConfig(long parentPid, int actorId) {
        Hyperparameters hp = cfg.hp();
        return new ActorConfig(hp.envId(), cfg.envsPerActor(), hp.numSteps(), hp.hidden(), hp.activation(),
                cfg.rolloutPerturbAlpha(), hp.seed(), parentPid, Math.max(60_000, cfg.fragmentTimeoutMs() * 2),
                cfg.transport().mode() == TransportConfig.Mode.UDP, cfg.transport(), cfg.threadsPerActor(), cfg.runId(), actorId,
                hp.options().has(PpoCma.SD_LOW_LIMIT.name()) ? hp.options().get(PpoCma.SD_LOW_LIMIT) : 0, cluster);
    }

    @Override
    public synchronized void launch(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            int index = children.size(); // actor-<index>.log is actor <index>'s: it asks the learner for that id
            spawn(index, actorConfig(ProcessHandle.current().pid(), index).toArgs(), cfg.runDir());
        }
    }

    @Override
    public synchronized boolean respawn(int index) throws IOException {
        if (index < 0 || index >= children.size()) return false;
        if (children.get(index).isAlive()) return false;
        spawn(index, actorConfig(ProcessHandle.current().pid(), index).toArgs(), cfg.runDir());
        return true;
    }

    private void spawn(int index, String[] args, Path logDir) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags());
        cmd.add("-Xmx512m");
        String dmControl = System.getProperty(DmControlInstallation.PROPERTY);
        if (dmControl != null) cmd.add("-D" + DmControlInstallation.PROPERTY + "=" + dmControl); // --dm-control-dir
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ACTOR_MAIN);
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("actor-" + index + ".log").toFile()));
        Process p = pb.start();
        if (index < children.size()) children.set(index, p);
        else children.add(p);
        all.add(p);
    }

    @Override
    public synchronized String describe() {
        if (!children.isEmpty()) {
            return String.format(Locale.ROOT, "spawned %d actor processes (%s, logs in %s)", children.size(),
                    cfg.transport().mode().name().toLowerCase(Locale.ROOT), cfg.runDir());
        }
        return String.format(Locale.ROOT, "waiting for %d actors; start each with (its own address as --actor-host):%n"
                + "  ops/tributary actor %s --actor-host %s", cfg.actors(), String.join(" ", remoteActorArgs()),
                cfg.transport().actorHost());
    }

    /**
     * The arguments of an actor started elsewhere (by hand or by a launcher), all but {@code --actor-host}, which is
     * the actor's own address: the run's environment, network, fragment length, run id and learner address.
     */
    public List<String> remoteActorArgs() {
        List<String> args = new ArrayList<>(Arrays.asList(actorConfig(-1, -1).toArgs()));
        List<String> hostSpecific = new ArrayList<>(List.of("--actor-host", "--parent-pid", "--actor-id"));
        // over UDP the learner's media driver directory means nothing on another host: the actor runs its own driver
        if (cfg.transport().mode() == TransportConfig.Mode.UDP) hostSpecific.add("--aeron-dir");
        for (String option : hostSpecific) {
            int i = args.indexOf(option);
            if (i >= 0) args.subList(i, i + 2).clear();
        }
        return args;
    }

    @Override
    public synchronized List<ProcessHandle> processes() {
        return children.stream().map(Process::toHandle).toList();
    }

    @Override
    public synchronized Exit firstExited() {
        for (int i = 0; i < children.size(); i++) {
            Process p = children.get(i);
            if (!p.isAlive()) return new Exit(i, p.pid(), p.exitValue());
        }
        return null;
    }

    @Override
    public synchronized List<Exit> newExits() {
        List<Exit> exits = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            Process p = children.get(i);
            if (!p.isAlive() && reported.add(p.pid())) exits.add(new Exit(i, p.pid(), p.exitValue()));
        }
        return exits;
    }

    /** Each launch index's current process's exit code, in launch order; null for one still running. */
    public synchronized List<Integer> exitCodes() {
        return children.stream().map(p -> p.isAlive() ? null : p.exitValue()).toList();
    }

    @Override
    public boolean awaitExit(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        List<Process> running;
        synchronized (this) {
            running = List.copyOf(all);
        }
        for (Process p : running) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) return false;
        }
        return true;
    }

    @Override
    public synchronized void close() {
        for (Process p : all) if (p.isAlive()) p.destroy();
        for (Process p : all) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
