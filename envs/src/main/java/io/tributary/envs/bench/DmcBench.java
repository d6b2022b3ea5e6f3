package io.tributary.envs.bench;

import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmControlVectorEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.VectorEnv;
import io.tributary.envs.gymmujoco.GymMujoco;
import io.tributary.envs.gymmujoco.GymMujocoEnv;
import io.tributary.envs.gymmujoco.GymMujocoSpec;
import io.tributary.envs.random.RandomState;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * dm_control stepping benchmark (docs/BENCHMARKS.md, "dm_control stepping"): per task, agent steps per second on one
 * core through {@link DmControlEnv} (random uniform actions, episodes reset as they end), through
 * {@link DmControlVectorEnv} (16 copies, one thread, one downcall per vector step), and the raw C loop
 * ({@code target/native/tributary-mjbench}: mj_step x n_sub_steps per agent step on the same model file), and the C
 * loop doing dm_control's call sequence (the same native work as our step: RK4 models add a trailing mj_step1).
 * Median of {@code reps} timed runs after a warm-up. Rates are per second of <b>thread CPU time</b> (Java:
 * {@code ThreadMXBean}, C: {@code CLOCK_THREAD_CPUTIME_ID}), so that other processes on a shared machine do not
 * count against either side; for the vector env with one thread that is the caller's CPU time.
 *
 * <p>Then the Gymnasium MuJoCo v4 tasks: {@link GymMujocoEnv} (episodes reset at termination or the time limit),
 * 16 copies through {@code EnvRegistry.makeVector} (stepped one by one), the plain C loop (mj_step x frame_skip) and
 * the C loop of Gymnasium's step (mj_step x frame_skip, then mj_rnePostConstraint: the same native work as ours).
 *
 * <p>Run: {@code mvn -B -q -o -pl envs -am package -DskipTests && java --enable-native-access=ALL-UNNAMED
 * -cp envs/target/classes io.tributary.envs.bench.DmcBench [seconds-per-rep] [reps] [id-substring]}
 *
 * <p>The {@code threads} mode, {@code DmcBench threads [seconds-per-rep] [reps] [id-substring] [copies]
 * [thread-counts]} (defaults 1, 5, all, 16, {@code 1,2}), measures {@link DmControlVectorEnv} over its thread
 * slices: per thread count, copy-steps per <b>wall</b> second (what a rollout sees; worker threads' CPU time is not
 * the caller's, so thread CPU time cannot be the clock here), copy-steps per second of the process's CPU time (the
 * cost, including the phaser's hand-offs and spinning), and the wall rate against one thread's. On a shared machine
 * the wall rate of more than one thread depends on free cores: read it next to the machine's load.
 */
public final class DmcBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DmcBench() {}

    private static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("threads")) {
            threads(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String filter = args.length > 2 ? args[2] : "";
        Path bench = Path.of("envs", "target", "native", "tributary-mjbench");
        if (!Files.isExecutable(bench)) bench = Path.of("target", "native", "tributary-mjbench");
        System.out.printf("%-40s %12s %12s %12s %12s %8s %8s %8s%n", "task", "env steps/s", "vec16 st/s",
                "C mj_step/s", "C dmc seq/s", "env/C", "vec/C", "env/Cdmc");
        for (DmTaskSpec spec : DmSuite.specs().values()) {
            if (!spec.id().contains(filter)) continue;
            if (!spec.available()) {
                // the dog's tasks: no dm_control installation (-Dtributary.dm_control.dir, TRIBUTARY_DM_CONTROL_DIR, python3)
                System.out.printf("%-40s skipped: no dm_control installation found (see DmControlInstallation)%n", spec.id());
                continue;
            }
            double env = median(reps, () -> envRate(spec, seconds));
            double vec = median(reps, () -> vectorRate(spec, 16, seconds));
            double c = Files.isExecutable(bench) ? cRate(bench, spec, seconds, reps, "plain") : Double.NaN;
            double cDmc = Files.isExecutable(bench) ? cRate(bench, spec, seconds, reps, "dmc") : Double.NaN;
            System.out.printf("%-40s %12.0f %12.0f %12.0f %12.0f %8.2f %8.2f %8.2f%n", spec.id(), env, vec, c, cDmc,
                    env / c, vec / c, env / cDmc);
        }
        System.out.printf("%-40s %12s %12s %12s %12s %8s %8s %8s%n", "Gymnasium task", "env steps/s", "vec16 st/s",
                "C mj_step/s", "C gym seq/s", "env/C", "vec/C", "env/Cgym");
        for (GymMujocoSpec spec : GymMujoco.specs().values()) {
            if (!spec.id().contains(filter)) continue;
            double env = median(reps, () -> gymEnvRate(spec, seconds));
            double vec = median(reps, () -> gymVectorRate(spec, 16, seconds));
            double c = Files.isExecutable(bench) ? cRate(bench, spec.modelXml(), spec.frameSkip(), seconds, reps, "plain") : Double.NaN;
            double cGym = Files.isExecutable(bench) ? cRate(bench, spec.modelXml(), spec.frameSkip(), seconds, reps, "gym") : Double.NaN;
            System.out.printf("%-40s %12.0f %12.0f %12.0f %12.0f %8.2f %8.2f %8.2f%n", spec.id(), env, vec, c, cGym,
                    env / c, vec / c, env / cGym);
        }
    }

    private static double gymEnvRate(GymMujocoSpec spec, double seconds) {
        try (GymMujocoEnv env = new GymMujocoEnv(spec)) {
            RandomState random = new RandomState(1);
            double[] u = new double[env.actionSpace().size()];
            double[] action = new double[u.length];
            double[] obs = new double[env.observationSpace().size()];
            double[] reward = new double[1];
            env.resetInto(0, obs, 0);
            int elapsed = 0;
            long steps = 0;
            long deadline = cpuNanos() + (long) (seconds * 1e9);
            long start = cpuNanos();
            while (true) {
                for (int k = 0; k < 100; k++) {
                    random.uniform(-1, 1, u);
                    for (int i = 0; i < u.length; i++) {
                        action[i] = 0.5 * (env.actionSpace().low(i) + env.actionSpace().high(i))
                                + 0.5 * (env.actionSpace().high(i) - env.actionSpace().low(i)) * u[i];
                    }
                    boolean terminated = env.stepInto(action, 0, obs, 0, reward, 0);
                    if (terminated || ++elapsed >= spec.maxEpisodeSteps()) {
                        env.resetInto(obs, 0);
                        elapsed = 0;
                    }
                }
                steps += 100;
                if (cpuNanos() > deadline) break;
            }
            return steps / ((cpuNanos() - start) / 1e9);
        }
    }

    private static double gymVectorRate(GymMujocoSpec spec, int n, double seconds) {
        try (VectorEnv v = EnvRegistry.makeVector(spec.id(), n)) {
            RandomState random = new RandomState(1);
            double[] actions = new double[n * v.singleActionSpace().size()];
            v.reset(0);
            long steps = 0;
            long deadline = cpuNanos() + (long) (seconds * 1e9);
            long start = cpuNanos();
            while (cpuNanos() < deadline) {
                for (int k = 0; k < 10; k++) {
                    random.uniform(-1, 1, actions);
                    for (int i = 0; i < actions.length; i++) {
                        int j = i % v.singleActionSpace().size();
                        actions[i] = 0.5 * (v.singleActionSpace().low(j) + v.singleActionSpace().high(j))
                                + 0.5 * (v.singleActionSpace().high(j) - v.singleActionSpace().low(j)) * actions[i];
                    }
                    v.step(actions);
                }
                steps += 10L * n;
            }
            return steps / ((cpuNanos() - start) / 1e9);
        }
    }

    private static void threads(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String filter = args.length > 2 ? args[2] : "";
        int copies = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int[] counts = Arrays.stream((args.length > 4 ? args[4] : "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        System.out.printf("%-40s %6s %7s %14s %14s %10s%n", "task", "copies", "threads", "wall st/s", "st/cpu-s", "wall/1thr");
        for (DmTaskSpec spec : DmSuite.specs().values()) {
            if (!spec.id().contains(filter)) continue;
            double single = Double.NaN;
            for (int threads : counts) {
                vectorWallRate(spec, copies, threads, seconds); // warm-up
                double[] walls = new double[reps];
                double[] cpus = new double[reps];
                for (int i = 0; i < reps; i++) {
                    double[] r = vectorWallRate(spec, copies, threads, seconds);
                    walls[i] = r[0];
                    cpus[i] = r[1];
                }
                Arrays.sort(walls);
                Arrays.sort(cpus);
                double wall = walls[reps / 2];
                double cpu = cpus[reps / 2];
                if (threads == 1) single = wall;
                System.out.printf("%-40s %6d %7d %14.0f %14.0f %10.2f%n", spec.id(), copies, threads, wall, cpu, wall / single);
            }
        }
    }

    /** Copy-steps per wall second and per second of process CPU time, {@code n} copies on {@code threads} slices. */
    private static double[] vectorWallRate(DmTaskSpec spec, int n, int threads, double seconds) {
        try (DmControlVectorEnv v = new DmControlVectorEnv(spec, n, threads)) {
            RandomState random = new RandomState(1);
            double[] actions = new double[n * v.singleActionSpace().size()];
            v.reset(0);
            long steps = 0;
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            long deadline = start + (long) (seconds * 1e9);
            while (System.nanoTime() < deadline) {
                for (int k = 0; k < 10; k++) {
                    random.uniform(-1, 1, actions);
                    v.step(actions);
                }
                steps += 10L * n;
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpuStart) / 1e9;
            return new double[] {steps / wall, steps / cpu};
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    interface Rate {
        double run() throws Exception;
    }

    private static double median(int reps, Rate r) throws Exception {
        r.run(); // warm-up
        double[] v = new double[reps];
        for (int i = 0; i < reps; i++) v[i] = r.run();
        Arrays.sort(v);
        return v[reps / 2];
    }

    private static double envRate(DmTaskSpec spec, double seconds) {
        try (DmControlEnv env = new DmControlEnv(spec)) {
            RandomState random = new RandomState(1);
            double[] action = new double[env.actionSpace().size()];
            double[] obs = new double[env.observationSpace().size()];
            double[] reward = new double[1];
            env.resetInto(0, obs, 0);
            long steps = 0;
            long deadline = cpuNanos() + (long) (seconds * 1e9);
            long start = cpuNanos();
            while (true) {
                for (int k = 0; k < 100; k++) {
                    random.uniform(-1, 1, action);
                    if (env.stepInto(action, 0, obs, 0, reward, 0)) env.resetInto(obs, 0);
                }
                steps += 100;
                if (cpuNanos() > deadline) break;
            }
            return steps / ((cpuNanos() - start) / 1e9);
        }
    }

    private static double vectorRate(DmTaskSpec spec, int n, double seconds) {
        try (DmControlVectorEnv v = new DmControlVectorEnv(spec, n, 1)) {
            RandomState random = new RandomState(1);
            double[] actions = new double[n * v.singleActionSpace().size()];
            v.reset(0);
            long steps = 0;
            long deadline = cpuNanos() + (long) (seconds * 1e9);
            long start = cpuNanos();
            while (cpuNanos() < deadline) {
                for (int k = 0; k < 10; k++) {
                    random.uniform(-1, 1, actions);
                    v.step(actions);
                }
                steps += 10L * n;
            }
            return steps / ((cpuNanos() - start) / 1e9);
        }
    }

    private static double cRate(Path bench, DmTaskSpec spec, double seconds, int reps, String mode) throws IOException, InterruptedException {
        int nsub;
        try (DmControlEnv env = new DmControlEnv(spec)) {
            nsub = env.nSubSteps();
        }
        return cRate(bench, spec.modelXml().get(), spec.assets().get(), nsub, seconds, reps, mode);
    }

    private static double cRate(Path bench, String modelXml, int nsub, double seconds, int reps, String mode) throws IOException, InterruptedException {
        return cRate(bench, modelXml, Map.of(), nsub, seconds, reps, mode);
    }

    /**
     * The C loop on {@code modelXml} written to a temporary directory with its asset files (the dog's meshes and
     * includes) beside it, where the model's relative paths find them; the directory is deleted afterwards.
     */
    private static double cRate(Path bench, String modelXml, Map<String, byte[]> assets, int nsub, double seconds, int reps,
                                String mode) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("dmcbench-");
        Path xml = dir.resolve("model.xml");
        try {
            Files.writeString(xml, modelXml);
            for (Map.Entry<String, byte[]> a : assets.entrySet()) {
                Path f = dir.resolve(a.getKey()).normalize();
                if (!f.startsWith(dir)) throw new IOException("asset path outside the model's directory: " + a.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, a.getValue());
            }
            // size the run from a short probe so each rep takes about `seconds`
            double probe = runC(bench, xml, nsub, 20_000, mode);
            long steps = Math.max(20_000, (long) (probe * seconds));
            List<Double> v = new ArrayList<>();
            for (int i = 0; i < reps; i++) v.add(runC(bench, xml, nsub, steps, mode));
            v.sort(null);
            return v.get(reps / 2);
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
            }
        }
    }

    private static double runC(Path bench, Path xml, int nsub, long steps, String mode) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(bench.toString(), xml.toString(), Integer.toString(nsub), Long.toString(steps), mode)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("mjbench failed: " + out);
        return Double.parseDouble(out);
    }
}
