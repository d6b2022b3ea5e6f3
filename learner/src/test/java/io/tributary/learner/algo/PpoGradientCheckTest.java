package io.tributary.learner.algo;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.Gemm;
import io.tributary.learner.nn.OrthogonalInit;
import io.tributary.protocol.PolicySpec;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hand-written gradient of the PPO/RPO loss (through the ND4J network) against central finite differences of
 * an independent float64 loss, for every element of every parameter tensor (each W, b, log_std of both networks).
 */
class PpoGradientCheckTest {

    @ParameterizedTest(name = "{0} rpo_alpha={1} ent_coef={2} clip_vloss={3} gemm={4}")
    @CsvSource({
        "tanh, 0.5, 0.0, true, CBLAS",
        "tanh, 0.0, 0.01, false, CBLAS",
        "relu, 0.5, 0.01, true, CBLAS",
        "tanh, 0.5, 0.0, true, ND4J",
    })
    void analyticGradientMatchesFiniteDifferences(String activation, double rpoAlpha, double entCoef, boolean clipVloss,
            Gemm gemm) {
        check(activation, rpoAlpha, entCoef, clipVloss, spec -> new ActorCriticNet(spec, gemm),
                (ppo, hp, mb) -> ppo.lossAndGradients(mb));
    }

    /** Computes the loss and every parameter's gradient into {@code ppo.net().grads()} for one filled minibatch. */
    /**
     * The host loss over the compute seam with host and device copies kept apart ({@code SplitMemoryBackend}, the
     * CUDA backend's memory bookkeeping on the CPU): a copy missed or a stale buffer read shows as NaN.
     */
    @ParameterizedTest(name = "{0} rpo_alpha={1} ent_coef={2} clip_vloss={3}")
    @CsvSource({
        "tanh, 0.5, 0.0, true",
        "relu, 0.0, 0.01, false",
    })
    void analyticGradientMatchesFiniteDifferencesWithSeparateHostAndDeviceCopies(String activation, double rpoAlpha,
            double entCoef, boolean clipVloss) {
        check(activation, rpoAlpha, entCoef, clipVloss,
                spec -> new ActorCriticNet(spec, new io.tributary.learner.nn.SplitMemoryBackend()),
                (ppo, hp, mb) -> ppo.lossAndGradients(mb));
    }

    @FunctionalInterface
    interface GradientSource {
        Ppo.LossTerms lossAndGradients(Ppo ppo, Hyperparameters hp, Ppo.Minibatch mb);
    }

    /**
     * The check, on the network {@code netFor} makes (any backend) and the gradient {@code source} computes (the host
     * loss over the compute seam, or a backend's own loss kernels): the CUDA tests run this same method.
     */
    static void check(String activation, double rpoAlpha, double entCoef, boolean clipVloss,
            Function<PolicySpec, ActorCriticNet> netFor, GradientSource source) {
        PolicySpec.Activation act = PolicySpec.Activation.valueOf(activation.toUpperCase());
        PolicySpec spec = new PolicySpec(5, 3, new int[] {8, 7}, new int[] {6, 8}, act);
        Hyperparameters hp = Hyperparameters.rpo("test").with("rpo-alpha", Double.toString(rpoAlpha))
                .with("ent-coef", Double.toString(entCoef)).with("clip-vloss", Boolean.toString(clipVloss));
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(42);
        ActorCriticNet net = netFor.apply(spec);
        float[] w = OrthogonalInit.init(spec, rng);
        // larger actor head and a non-zero log_std so that every term is exercised at a generic point
        for (int i = 0; i < w.length; i++) w[i] += (float) (0.3 * rng.nextGaussian());
        for (int j = 0; j < spec.actionDim(); j++) w[spec.logStdOffset() + j] = (float) (0.3 * rng.nextGaussian());
        net.setParams(w);

        int rows = 24;
        Ppo ppo = new Ppo(hp.with("num-steps", "48").with("num-minibatches", "2"), net, rng);
        Ppo.Minibatch mb = new Ppo.Minibatch(net, rows);
        float[][] obs = new float[rows][spec.observationDim()];
        float[][] actions = new float[rows][spec.actionDim()];
        float[][] z = new float[rows][spec.actionDim()];
        FloatBuffer obsB = mb.ws.obs();
        double[] wd = new double[w.length];
        for (int i = 0; i < w.length; i++) wd[i] = w[i];
        ReferencePpoLoss ref = new ReferencePpoLoss(spec, hp);
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < spec.observationDim(); k++) {
                obs[i][k] = (float) rng.nextGaussian();
                obsB.put(i * spec.observationDim() + k, obs[i][k]);
            }
            double[] x = new double[spec.observationDim()];
            for (int k = 0; k < x.length; k++) x[k] = obs[i][k];
            double[] mu = ref.mlp(wd, spec.actorLayers(), x);
            double lp = 0;
            for (int j = 0; j < spec.actionDim(); j++) {
                actions[i][j] = (float) (mu[j] + Math.exp(wd[spec.logStdOffset() + j]) * rng.nextGaussian());
                z[i][j] = (float) (rpoAlpha * (2 * rng.nextDouble() - 1));
                mb.actions[i * spec.actionDim() + j] = actions[i][j];
                mb.z[i * spec.actionDim() + j] = z[i][j];
                double s = Math.exp(wd[spec.logStdOffset() + j]);
                lp += -Math.pow(actions[i][j] - mu[j], 2) / (2 * s * s) - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
            }
            // behaviour log-probs off by up to +-0.4 so that some ratios fall outside the clip range
            mb.logProbs[i] = (float) (lp + 0.4 * (2 * rng.nextDouble() - 1));
            mb.advantages[i] = (float) rng.nextGaussian();
            double v = ref.mlp(wd, spec.criticLayers(), x)[0];
            mb.values[i] = (float) (v + 0.3 * rng.nextGaussian());
            mb.returns[i] = (float) (v + rng.nextGaussian());
        }

        Ppo.LossTerms terms = source.lossAndGradients(ppo, hp, mb);
        double refLoss = ref.loss(wd, obs, actions, mb.logProbs, mb.advantages, mb.returns, mb.values, z);
        assertEquals(refLoss, terms.loss(), 1e-4 * Math.max(1, Math.abs(refLoss)), "loss value");
        assertTrue(terms.clipfrac() > 0 && terms.clipfrac() < 1, "some but not all ratios clipped: " + terms.clipfrac());

        float[] grad = new float[w.length];
        net.gradBuffer().get(0, grad, 0, grad.length);
        List<String> failures = new ArrayList<>();
        double h = 1e-6;
        for (Tensor t : tensors(spec)) {
            double maxErr = 0;
            for (int i = t.from; i < t.to; i++) {
                double keep = wd[i];
                wd[i] = keep + h;
                double up = ref.loss(wd, obs, actions, mb.logProbs, mb.advantages, mb.returns, mb.values, z);
                wd[i] = keep - h;
                double down = ref.loss(wd, obs, actions, mb.logProbs, mb.advantages, mb.returns, mb.values, z);
                wd[i] = keep;
                double numeric = (up - down) / (2 * h);
                double err = Math.abs(numeric - grad[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(grad[i]));
                maxErr = Math.max(maxErr, err);
                if (err > 1e-3) failures.add(t.name + "[" + (i - t.from) + "]: analytic " + grad[i] + " numeric " + numeric);
            }
            assertTrue(maxErr <= 1e-3, t.name + " max relative error " + maxErr);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private record Tensor(String name, int from, int to) {}

    private static List<Tensor> tensors(PolicySpec spec) {
        List<Tensor> t = new ArrayList<>();
        int i = 0;
        for (PolicySpec.Layer l : spec.actorLayers()) {
            t.add(new Tensor("actor.W" + i, l.weightOffset(), l.weightOffset() + l.weightCount()));
            t.add(new Tensor("actor.b" + i, l.biasOffset(), l.biasOffset() + l.out()));
            i++;
        }
        t.add(new Tensor("log_std", spec.logStdOffset(), spec.logStdOffset() + spec.actionDim()));
        i = 0;
        for (PolicySpec.Layer l : spec.criticLayers()) {
            t.add(new Tensor("critic.W" + i, l.weightOffset(), l.weightOffset() + l.weightCount()));
            t.add(new Tensor("critic.b" + i, l.biasOffset(), l.biasOffset() + l.out()));
            i++;
        }
        int covered = t.stream().mapToInt(x -> x.to - x.from).sum();
        if (covered != spec.parameterCount()) throw new AssertionError("tensors cover " + covered + " of " + spec.parameterCount());
        return t;
    }
}
