package io.tributary.learner.algo;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.OrthogonalInit;
import io.tributary.learner.nn.cuda.CudaPpoStep;
import io.tributary.learner.nn.cuda.CudaTestDevice;
import io.tributary.protocol.PolicySpec;
import java.util.SplittableRandom;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * The device update sized for one batch meets a larger one (an actor joined an elastic run: the batch grows, the
 * number of minibatches stays, so the minibatch grows): the buffers grow, every graph is captured again, and the
 * re-captured work computes what the host loss over the GPU seam computes on the same rows. Runs without ND4J (both
 * sides on the GPU). Skipped, with the reason, where no CUDA device is usable.
 */
class CudaPpoStepGrowthTest {

    private static final PolicySpec SPEC = PolicySpec.cleanRl(17, 6);

    /** A batch of {@code rows} rows as the update's arrays: obs, actions, log-probs, advantages, returns, values. */
    private static float[][] batch(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int od = SPEC.observationDim();
        int ad = SPEC.actionDim();
        float[][] b = {new float[rows * od], new float[rows * ad], new float[rows], new float[rows], new float[rows],
            new float[rows]};
        for (int i = 0; i < b[0].length; i++) b[0][i] = (float) r.nextGaussian();
        for (int i = 0; i < b[1].length; i++) b[1][i] = (float) r.nextGaussian();
        for (int i = 0; i < rows; i++) {
            b[2][i] = (float) (-1.42 * ad - 0.5 * ad * r.nextDouble());
            b[3][i] = (float) r.nextGaussian();
            b[5][i] = (float) r.nextGaussian();
            b[4][i] = b[5][i] + b[3][i];
        }
        return b;
    }

    @Test
    void aLargerBatchGrowsTheBuffersAndTheRecapturedGraphsComputeWhatTheHostLossComputes() {
        var backend = CudaTestDevice.backend();
        Hyperparameters hp = Hyperparameters.rpo("x").with("num-steps", "64").with("num-minibatches", "2");
        ActorCriticNet net = new ActorCriticNet(SPEC, backend);
        net.setParams(OrthogonalInit.init(SPEC, RandomGeneratorFactory.of("L64X128MixRandom").create(1)));
        CudaPpoStep step = new CudaPpoStep(net, CudaPpoGradientCheckTest.settings(hp), 64);
        int ad = SPEC.actionDim();
        float[] z = new float[96 * ad];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < z.length; i++) z[i] = (float) (0.5 * (2 * r.nextDouble() - 1));

        float[][] small = batch(64, 2);
        step.loadBatch(small[0], small[1], small[2], small[3], small[4], small[5], 64);
        int[] order = new int[96];
        for (int i = 0; i < order.length; i++) order[i] = (i * 37) % 64;
        step.step(order, 0, 32, z, 3e-4);
        step.step(order, 32, 32, z, 3e-4);
        assertEquals(1, step.captures(), "one minibatch size, one graph");

        float[][] large = batch(96, 3); // an actor joined: 96 rows, still 2 minibatches of 48
        step.loadBatch(large[0], large[1], large[2], large[3], large[4], large[5], 96);
        assertEquals(96, step.batchCapacity());
        for (int i = 0; i < order.length; i++) order[i] = (i * 41) % 96;
        CudaPpoStep.Terms first = step.step(order, 0, 48, z, 3e-4);
        CudaPpoStep.Terms second = step.step(order, 48, 48, z, 3e-4);
        assertEquals(2, step.captures(), "the new minibatch size captured");
        assertTrue(Double.isFinite(first.loss()) && Double.isFinite(second.gradNorm()), first + " " + second);
        step.step(order, 0, 32, z, 3e-4);
        assertEquals(3, step.captures(), "the 32-row graph named the old buffers: captured again");

        // the grown route against the host loss over the GPU seam, same weights, same rows, same noise
        CudaPpoStep.Terms device = step.lossAndGradients(order, 48, 48, z);
        float[] deviceGrad = new float[SPEC.parameterCount()];
        net.grads().copyTo(deviceGrad);
        Ppo ppo = new Ppo(hp, net, RandomGeneratorFactory.of("L64X128MixRandom").create(4));
        Ppo.Minibatch mb = new Ppo.Minibatch(net, 48);
        int od = SPEC.observationDim();
        java.nio.FloatBuffer obs = mb.ws.obs();
        for (int k = 0; k < 48; k++) {
            int i = order[48 + k];
            obs.put(k * od, large[0], i * od, od);
            System.arraycopy(large[1], i * ad, mb.actions, k * ad, ad);
            mb.logProbs[k] = large[2][i];
            mb.advantages[k] = large[3][i];
            mb.returns[k] = large[4][i];
            mb.values[k] = large[5][i];
        }
        System.arraycopy(z, 0, mb.z, 0, 48 * ad);
        Ppo.LossTerms host = ppo.lossAndGradients(mb);
        float[] hostGrad = new float[SPEC.parameterCount()];
        net.grads().copyTo(hostGrad);
        assertEquals(host.loss(), device.loss(), 1e-5 * Math.max(1, Math.abs(host.loss())), "loss");
        assertEquals(host.approxKl(), device.approxKl(), 1e-6 + 1e-4 * Math.abs(host.approxKl()), "approx_kl");
        double worst = 0;
        for (int i = 0; i < hostGrad.length; i++) {
            worst = Math.max(worst, Math.abs(hostGrad[i] - deviceGrad[i]) / Math.max(1e-3, Math.abs(hostGrad[i])));
        }
        // float32 sums in different orders (cuBLAS, the column-sum kernels): the gradient check's 1e-3 relative
        assertTrue(worst < 1e-3, "max relative gradient difference " + worst);
    }
}
