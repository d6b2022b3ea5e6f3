package io.tributary.learner.algo;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.OrthogonalInit;
import io.tributary.learner.nn.cuda.CudaTestDevice;
import io.tributary.protocol.PolicySpec;
import java.util.SplittableRandom;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * Whole {@link Ppo#update}s (10 epochs x 4 minibatches: shuffle and RPO noise on the host, everything else in the
 * replayed CUDA graph, Adam on the device) against the CPU route from the same weights, batch and seeds. float32
 * routes that sum in different orders drift apart step by step, so the bound is on 40 Adam steps' worth of drift:
 * every parameter within 1e-4 of the CPU's (an Adam step moves a parameter by about lr = 3e-4, so a wrong step, a
 * skipped clip or a stale minibatch is far outside it), the logged statistics within 1e-3 relative.
 */
class CudaPpoUpdateAgreementTest {

    /** A batch of {@code rows} rows of HalfCheetah's sizes, its content fixed by {@code seed}. */
    private static RolloutBatch batch(PolicySpec spec, int rows, long seed) {
        RolloutBatch b = new RolloutBatch(rows, spec.observationDim(), spec.actionDim());
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < b.obs.length; i++) b.obs[i] = (float) r.nextGaussian();
        for (int i = 0; i < b.actions.length; i++) b.actions[i] = (float) r.nextGaussian();
        for (int i = 0; i < rows; i++) {
            b.logProbs[i] = (float) (-1.42 * spec.actionDim() - 0.5 * spec.actionDim() * r.nextDouble());
            b.advantages[i] = (float) r.nextGaussian();
            b.values[i] = (float) r.nextGaussian();
            b.returns[i] = b.values[i] + b.advantages[i];
        }
        return b;
    }

    @Test
    void oneUpdateOnTheGpuLandsWhereTheCpuUpdateLands() {
        io.tributary.learner.nn.cuda.CudaBackend backend = bothRoutes();
        PolicySpec spec = PolicySpec.cleanRl(17, 6);
        Hyperparameters hp = Hyperparameters.rpo("x").with("num-steps", "512").with("num-minibatches", "4");
        compare(spec, hp, backend, 1e-4, batch(spec, 512, 3));
    }

    /**
     * An elastic run's batches: the configured 512 rows, then 768 (an actor joined; the GPU route grows its buffers
     * and captures its graphs again), then 512 again. Three updates, 120 Adam steps of drift: the bound is three
     * times the single update's.
     */
    @Test
    void updatesOnAGrowingBatchOnTheGpuLandWhereTheCpuUpdatesLand() {
        io.tributary.learner.nn.cuda.CudaBackend backend = bothRoutes();
        PolicySpec spec = PolicySpec.cleanRl(17, 6);
        Hyperparameters hp = Hyperparameters.rpo("x").with("num-steps", "512").with("num-minibatches", "4");
        compare(spec, hp, backend, 3e-4, batch(spec, 512, 3), batch(spec, 768, 4), batch(spec, 512, 5));
    }

    private static void compare(PolicySpec spec, Hyperparameters hp, io.tributary.learner.nn.cuda.CudaBackend backend,
            double bound, RolloutBatch... batches) {
        float[] w = OrthogonalInit.init(spec, RandomGeneratorFactory.of("L64X128MixRandom").create(1));
        ActorCriticNet cpu = new ActorCriticNet(spec);
        ActorCriticNet gpu = new ActorCriticNet(spec, backend);
        cpu.setParams(w);
        gpu.setParams(w);
        Ppo onCpu = new Ppo(hp, cpu, RandomGeneratorFactory.of("L64X128MixRandom").create(2));
        Ppo onGpu = new Ppo(hp, gpu, RandomGeneratorFactory.of("L64X128MixRandom").create(2));
        PpoStats sc = null;
        PpoStats sg = null;
        for (int k = 0; k < batches.length; k++) {
            sc = onCpu.update(batches[k], k + 1);
            sg = onGpu.update(batches[k], k + 1);
        }
        float[] pc = new float[spec.parameterCount()];
        float[] pg = new float[spec.parameterCount()];
        cpu.copyParams(pc);
        gpu.copyParams(pg);
        double moved = 0;
        double maxDiff = 0;
        for (int i = 0; i < pc.length; i++) {
            moved = Math.max(moved, Math.abs(pc[i] - w[i]));
            maxDiff = Math.max(maxDiff, Math.abs(pc[i] - pg[i]));
        }
        assertTrue(moved > 1e-3, "the update moved the weights (max " + moved + ")");
        assertTrue(maxDiff < bound, "max |cpu - gpu| over the parameters " + maxDiff + ", bound " + bound);
        assertEquals(sc.epochs(), sg.epochs());
        double[][] pairs = {{sc.valueLoss(), sg.valueLoss()}, {sc.policyLoss(), sg.policyLoss()},
            {sc.entropy(), sg.entropy()}, {sc.approxKl(), sg.approxKl()}, {sc.clipfrac(), sg.clipfrac()},
            {sc.gradNorm(), sg.gradNorm()}};
        for (double[] p : pairs) assertEquals(p[0], p[1], 1e-3 * Math.max(1e-3, Math.abs(p[0])), sc + " vs " + sg);
    }

    /** The GPU backend, where the CPU route (ND4J) is there too to compare with; the test is skipped, saying why, where not. */
    private static io.tributary.learner.nn.cuda.CudaBackend bothRoutes() {
        io.tributary.learner.nn.cuda.CudaBackend backend = CudaTestDevice.backend();
        org.junit.jupiter.api.Assumptions.assumeTrue(nd4jPresent(),
                "the CPU side of this comparison needs ND4J, which the gpu bundle leaves out (run gpu-checks from the cpu bundle)");
        return backend;
    }

    static boolean nd4jPresent() {
        try {
            Class.forName("org.nd4j.linalg.factory.Nd4j", false, CudaPpoUpdateAgreementTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
