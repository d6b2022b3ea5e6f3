package io.tributary.learner.algo;

import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.cuda.CudaPpoStep;
import io.tributary.learner.nn.cuda.CudaTestDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PpoGradientCheckTest}'s check (central finite differences of the independent float64 loss, every element of
 * every tensor, the same tolerances: float32 on both routes) on the CUDA backend, twice: the host loss over the
 * compute seam on the GPU, and the device's own loss kernels ({@code ppo.cu}) with backpropagation queued behind
 * them, as the CUDA graph runs them. Skipped, with the reason, where no CUDA device is usable.
 */
class CudaPpoGradientCheckTest {

    @ParameterizedTest(name = "{0} rpo_alpha={1} ent_coef={2} clip_vloss={3}")
    @CsvSource({
        "tanh, 0.5, 0.0, true",
        "tanh, 0.0, 0.01, false",
        "relu, 0.5, 0.01, true",
    })
    void theHostLossOverTheGpuSeamMatchesFiniteDifferences(String activation, double rpoAlpha, double entCoef,
            boolean clipVloss) {
        PpoGradientCheckTest.check(activation, rpoAlpha, entCoef, clipVloss,
                spec -> new ActorCriticNet(spec, CudaTestDevice.backend()), (ppo, hp, mb) -> ppo.lossAndGradients(mb));
    }

    @ParameterizedTest(name = "{0} rpo_alpha={1} ent_coef={2} clip_vloss={3}")
    @CsvSource({
        "tanh, 0.5, 0.0, true",
        "tanh, 0.0, 0.01, false",
        "relu, 0.5, 0.01, true",
    })
    void theDeviceLossKernelsMatchFiniteDifferences(String activation, double rpoAlpha, double entCoef,
            boolean clipVloss) {
        PpoGradientCheckTest.check(activation, rpoAlpha, entCoef, clipVloss,
                spec -> new ActorCriticNet(spec, CudaTestDevice.backend()), (ppo, hp, mb) -> deviceLoss(ppo, hp, mb));
    }

    /** The minibatch as a one-minibatch batch on the device, rows in order, the check's noise. */
    static Ppo.LossTerms deviceLoss(Ppo ppo, Hyperparameters hp, Ppo.Minibatch mb) {
        ActorCriticNet net = ppo.net();
        CudaPpoStep step = new CudaPpoStep(net, settings(hp), mb.rows);
        float[] obs = new float[mb.rows * net.spec().observationDim()];
        mb.ws.obs().get(0, obs);
        step.loadBatch(obs, mb.actions, mb.logProbs, mb.advantages, mb.returns, mb.values, mb.rows);
        int[] order = new int[mb.rows];
        for (int i = 0; i < order.length; i++) order[i] = i;
        CudaPpoStep.Terms t = step.lossAndGradients(order, 0, mb.rows, mb.z);
        return new Ppo.LossTerms(t.loss(), t.policyLoss(), t.valueLoss(), t.entropy(), t.oldApproxKl(), t.approxKl(),
                t.clipfrac());
    }

    static CudaPpoStep.Settings settings(Hyperparameters hp) {
        return new CudaPpoStep.Settings(hp.clipCoef(), hp.normAdv(), hp.clipVloss(), hp.vfCoef(), hp.entCoef(),
                hp.maxGradNorm(), 0.9, 0.999, hp.adamEps());
    }
}
