package io.tributary.learner.bench;

import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.algo.Ppo;
import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.Adam;
import io.tributary.learner.nn.ComputeBackend;
import io.tributary.learner.nn.Device;
import io.tributary.learner.nn.Gemm;
import io.tributary.learner.nn.cuda.CudaPpoStep;
import io.tributary.learner.nn.OrthogonalInit;
import io.tributary.protocol.PolicySpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code tributary bench-update}: the median time of one minibatch update (forward of both networks, loss,
 * backward, grad-norm clip, Adam) per path and row count, on HalfCheetah's sizes (obs 17, action 6, 64-64 tanh).
 * Paths: {@code fused-cblas} (the learner's default on CPU: OpenBLAS sgemm on ND4J's arrays, fused Java loops),
 * {@code fused-nd4j-gemm} (the same with {@code Nd4j.gemm}, the route other backends take) and {@code nd4j-ops}
 * (the same math as plain INDArray ops, see {@link Nd4jOpsUpdate}). On {@code --device cuda}: {@code cuda-graph} (the
 * learner's CUDA route: the whole minibatch update as one CUDA graph, {@link CudaPpoStep}; its time includes the
 * per-minibatch index and noise upload and the gather from the device-resident batch) and {@code cuda-seam} (the
 * compute seam on the GPU with the loss and Adam on the host: per minibatch the head outputs and gradients copied
 * down, the cotangents and the parameters copied up, a stream wait at each host read).
 * {@code --hidden} sets the hidden layers of both networks (default 64-64).
 */
public final class UpdateBench {

    private UpdateBench() {}

    /** The paths measured on a device when none are named. */
    public static String[] defaultPaths(Device device) {
        return device.isCuda() ? new String[] {"cuda-graph", "cuda-seam"}
                : new String[] {"fused-cblas", "fused-nd4j-gemm", "nd4j-ops"};
    }

    /** Measures every path at every row count, {@code rounds} rounds each, and prints one line per figure. */
    public static void run(int[] rowsList, String[] paths, int rounds, java.io.PrintStream out) {
        run(rowsList, paths, rounds, new int[] {64, 64}, Device.CPU, out);
    }

    /** As above for hidden layers {@code hidden} (both networks) on {@code device}. */
    public static void run(int[] rowsList, String[] paths, int rounds, int[] hidden, Device device, java.io.PrintStream out) {
        String net = String.join("-", Arrays.stream(hidden).mapToObj(Integer::toString).toList());
        ComputeBackend backend = null;
        for (String path : paths) {
            if (path.startsWith("cuda") != device.isCuda()) {
                throw new IllegalArgumentException("path " + path + " does not run on --device " + device + "; its paths: "
                        + String.join(", ", defaultPaths(device)));
            }
        }
        if (device.isCuda()) {
            backend = device.open(); // one backend (one NVRTC compile) for every figure
            out.printf(Locale.ROOT, "bench-update: obs 17, action 6, %s tanh, %s%n", net, backend.name());
        } else {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
            out.printf(Locale.ROOT, "bench-update: obs 17, action 6, %s tanh, OMP_NUM_THREADS=%s, %s%n", net,
                    System.getenv("OMP_NUM_THREADS"), Nd4j.getExecutioner().getClass().getSimpleName());
        }
        for (String path : paths) {
            for (int rows : rowsList) {
                double[][] m = measure(path, rows, rounds, hidden, backend);
                double[] us = m[0];
                double[] cpu = m[1];
                Arrays.sort(us);
                Arrays.sort(cpu);
                out.printf(Locale.ROOT, "%-15s rows=%5d  wall median %9.1f us (min %.1f, max %.1f)  cpu %9.1f us"
                        + " (min %.1f)  %d rounds%n", path, rows, us[us.length / 2], us[0], us[us.length - 1],
                        cpu[cpu.length / 2], cpu[0], us.length);
            }
        }
    }

    /**
     * Per-update microseconds, one figure per round: [0] the median wall time of the round's updates, [1] the
     * thread's CPU time per update over the round (robust to the machine being shared: time spent descheduled
     * is not counted).
     */
    static double[][] measure(String path, int rows, int rounds) {
        return measure(path, rows, rounds, new int[] {64, 64}, null);
    }

    static double[][] measure(String path, int rows, int rounds, int[] hidden, ComputeBackend cuda) {
        PolicySpec spec = new PolicySpec(17, 6, hidden, hidden, PolicySpec.Activation.TANH);
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(1);
        Hyperparameters hp = Hyperparameters.rpo("bench").with("num-steps", Integer.toString(rows * 2))
                .with("num-minibatches", "2");
        Runnable update;
        if (path.startsWith("fused")) {
            ActorCriticNet net = new ActorCriticNet(spec, path.equals("fused-cblas") ? Gemm.CBLAS : Gemm.ND4J);
            float[] initial = OrthogonalInit.init(spec, rng);
            net.setParams(initial);
            Ppo ppo = new Ppo(hp, net, rng);
            Adam adam = Adam.cleanRl(spec.parameterCount(), 1e-5);
            Ppo.Minibatch mb = new Ppo.Minibatch(net, rows);
            fill(mb, spec, rows, rng);
            int[] count = {0};
            update = () -> {
                // as in training, the weights are re-based every iteration (320 updates); updating the same
                // random minibatch forever drives weights into denormal floats, which BLAS handles very slowly
                if (++count[0] % 320 == 0) net.setParams(initial);
                ppo.lossAndGradients(mb);
                adam.clipGradNorm(net.gradBuffer(), 0.5);
                adam.step(net.paramBuffer(), net.gradBuffer(), 3e-4);
            };
        } else if (path.equals("cuda-graph") || path.equals("cuda-seam")) {
            ActorCriticNet net = new ActorCriticNet(spec, cuda);
            float[] initial = OrthogonalInit.init(spec, rng);
            net.setParams(initial);
            Ppo.Minibatch mb = new Ppo.Minibatch(net, rows);
            fill(mb, spec, rows, rng);
            int[] count = {0};
            if (path.equals("cuda-graph")) {
                CudaPpoStep step = new CudaPpoStep(net, new CudaPpoStep.Settings(hp.clipCoef(), hp.normAdv(),
                        hp.clipVloss(), hp.vfCoef(), hp.entCoef(), 0.5, 0.9, 0.999, 1e-5), rows);
                float[] obs = new float[rows * spec.observationDim()];
                mb.ws.obs().get(0, obs);
                step.loadBatch(obs, mb.actions, mb.logProbs, mb.advantages, mb.returns, mb.values, rows);
                int[] order = new int[rows];
                for (int i = 0; i < rows; i++) order[i] = i;
                update = () -> {
                    if (++count[0] % 320 == 0) net.setParams(initial);
                    step.step(order, 0, rows, mb.z, 3e-4);
                };
            } else {
                Ppo ppo = new Ppo(hp, net, rng);
                Adam adam = Adam.cleanRl(spec.parameterCount(), 1e-5);
                update = () -> {
                    if (++count[0] % 320 == 0) net.setParams(initial);
                    ppo.lossAndGradients(mb);
                    adam.clipGradNorm(net.gradBuffer(), 0.5);
                    adam.step(net.paramBuffer(), net.gradBuffer(), 3e-4);
                };
            }
        } else if (path.equals("nd4j-ops")) {
            Nd4jOpsUpdate ops = new Nd4jOpsUpdate(spec, hp, rows, rng);
            update = ops::step;
        } else {
            throw new IllegalArgumentException("unknown path " + path
                    + "; known: fused-cblas, fused-nd4j-gemm, nd4j-ops (cpu), cuda-graph, cuda-seam (cuda)");
        }
        int perRound = Math.max(5, 200_000 / rows);
        for (int i = 0; i < perRound * 2; i++) update.run(); // warm-up: JIT and native caches
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        double[] times = new double[perRound];
        for (int r = 0; r < rounds; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                long t0 = System.nanoTime();
                update.run();
                times[i] = (System.nanoTime() - t0) / 1e3;
            }
            cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e3 / perRound;
            Arrays.sort(times);
            wall[r] = times[perRound / 2];
        }
        return new double[][] {wall, cpu};
    }

    static void fill(Ppo.Minibatch mb, PolicySpec spec, int rows, RandomGenerator rng) {
        for (int i = 0; i < rows * spec.observationDim(); i++) mb.ws.obs().put(i, (float) rng.nextGaussian());
        for (int i = 0; i < rows * spec.actionDim(); i++) {
            mb.actions[i] = (float) rng.nextGaussian();
            mb.z[i] = (float) (0.5 * (2 * rng.nextDouble() - 1));
        }
        for (int i = 0; i < rows; i++) {
            mb.logProbs[i] = (float) (-6 * 1.4 + 0.1 * rng.nextGaussian());
            mb.advantages[i] = (float) rng.nextGaussian();
            mb.returns[i] = (float) rng.nextGaussian();
            mb.values[i] = (float) rng.nextGaussian();
        }
    }
}
