package io.tributary.learner.nn;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.policy.GaussianPolicy;
import io.tributary.protocol.PolicySpec;
import java.nio.FloatBuffer;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The actors' plain-Java forward pass agrees with the learner's ND4J one to 1e-5, on random weights and inputs. */
class InferenceAgreementTest {

    @ParameterizedTest(name = "obs={0} act={1} hidden={2} {3} gemm={4}")
    @CsvSource({
        "17, 6, 64;64, tanh, CBLAS",
        "3, 1, 64;64, tanh, CBLAS",
        "24, 4, 256;128;64, relu, CBLAS",
        "67, 21, 32, tanh, CBLAS",
        "17, 6, 64;64, tanh, ND4J",
    })
    void actorMeanValueAndLogProbAgree(int obsDim, int actDim, String hidden, String activation, Gemm gemm) {
        check(obsDim, actDim, hidden, activation, spec -> new ActorCriticNet(spec, gemm));
    }

    /**
     * The same check with host and device copies kept apart ({@link SplitMemoryBackend}, the CUDA backend's memory
     * bookkeeping on the CPU): every copy the bookkeeping makes, and none that it leaves out, shows in the numbers.
     */
    @ParameterizedTest(name = "obs={0} act={1} hidden={2} {3}")
    @CsvSource({
        "17, 6, 64;64, tanh",
        "24, 4, 256;128;64, relu",
    })
    void actorMeanValueAndLogProbAgreeWithSeparateHostAndDeviceCopies(int obsDim, int actDim, String hidden,
            String activation) {
        check(obsDim, actDim, hidden, activation, spec -> new ActorCriticNet(spec, new SplitMemoryBackend()));
    }

    /** The check on the network {@code netFor} makes (any backend): the CUDA test runs this same method. */
    static void check(int obsDim, int actDim, String hidden, String activation,
            java.util.function.Function<PolicySpec, ActorCriticNet> netFor) {
        int[] h = java.util.Arrays.stream(hidden.split(";")).mapToInt(Integer::parseInt).toArray();
        PolicySpec spec = new PolicySpec(obsDim, actDim, h, h, PolicySpec.Activation.valueOf(activation.toUpperCase()));
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(7);
        float[] w = OrthogonalInit.init(spec, rng);
        // random, not only freshly initialised, weights: every weight and bias moved by noise of the layer's own
        // scale (1/sqrt(fan_in)), so heads have real magnitude; log_std varied. Beyond this scale a float32 network
        // with 256-wide layers loses 1e-5 by itself, whatever the actor does.
        for (PolicySpec.Layer l : spec.actorLayers()) perturb(w, l, rng);
        for (PolicySpec.Layer l : spec.criticLayers()) perturb(w, l, rng);
        for (int j = 0; j < actDim; j++) w[spec.logStdOffset() + j] = (float) (0.5 * rng.nextGaussian());
        ActorCriticNet net = netFor.apply(spec);
        net.setParams(w);
        GaussianPolicy policy = new GaussianPolicy(spec);
        policy.load(3, w);

        int rows = 257;
        ActorCriticNet.Workspace ws = net.workspace(rows);
        float[] obs = new float[rows * obsDim];
        for (int i = 0; i < obs.length; i++) obs[i] = (float) Math.max(-10, Math.min(10, 2 * rng.nextGaussian()));
        ws.obs().put(0, obs);
        net.forward(ws);
        FloatBuffer mean = ws.mean();
        FloatBuffer value = ws.value();
        double[] m = new double[actDim];
        float[] action = new float[actDim];
        double maxErr = 0;
        for (int r = 0; r < rows; r++) {
            policy.mean(obs, r * obsDim, m, 0);
            for (int j = 0; j < actDim; j++) {
                maxErr = Math.max(maxErr, err(m[j], mean.get(r * actDim + j)));
            }
            maxErr = Math.max(maxErr, err(policy.value(obs, r * obsDim), value.get(r)));
            // log-prob of a sampled action: the actor's against the learner's formula on the learner's mean
            double lp = policy.sample(obs, r * obsDim, rng, 0.0, action, 0);
            double lpLearner = 0;
            for (int j = 0; j < actDim; j++) {
                double ls = w[spec.logStdOffset() + j];
                double d = (action[j] - mean.get(r * actDim + j)) / Math.exp(ls);
                lpLearner += -0.5 * d * d - ls - GaussianPolicy.LOG_SQRT_2PI;
            }
            assertEquals(lpLearner, lp, 1e-4 * Math.max(1, Math.abs(lp)), "log-prob row " + r);
        }
        assertTrue(maxErr < 1e-5, "max |actor - learner| / max(1, |actor|) = " + maxErr);
    }

    @ParameterizedTest(name = "obs={0} act={1} hidden={2} {3} gemm={4}")
    @CsvSource({
        "3, 1, 64;64, tanh, CBLAS",
        "17, 6, 64;64, tanh, CBLAS",
        "24, 4, 128;64, relu, ND4J",
    })
    void ppoCmaLayoutSoftClippedMeanLogVarianceAndLogProbAgree(int obsDim, int actDim, String hidden, String activation,
            Gemm gemm) {
        int[] h = java.util.Arrays.stream(hidden.split(";")).mapToInt(Integer::parseInt).toArray();
        double[] low = new double[actDim];
        double[] high = new double[actDim];
        for (int j = 0; j < actDim; j++) {
            low[j] = -1 - j;
            high[j] = 2 + 0.5 * j;
        }
        PolicySpec.VarianceMlp vm = new PolicySpec.VarianceMlp(low, high, 0.01);
        PolicySpec spec = new PolicySpec(obsDim, actDim, h, h, PolicySpec.Activation.valueOf(activation.toUpperCase()), vm);
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(11);
        float[] w = OrthogonalInit.init(spec, rng);
        for (PolicySpec.Layer l : spec.actorLayers()) perturb(w, l, rng);
        for (PolicySpec.Layer l : spec.varianceLayers()) perturb(w, l, rng);
        for (PolicySpec.Layer l : spec.criticLayers()) perturb(w, l, rng);
        ActorCriticNet net = new ActorCriticNet(spec, gemm);
        net.setParams(w);
        GaussianPolicy policy = new GaussianPolicy(spec);
        // the actor gets only the policy prefix, as a PolicyVersion carries it: mean and variance MLPs
        policy.load(3, java.util.Arrays.copyOf(w, spec.policyParameterCount()));

        int rows = 129;
        ActorCriticNet.Workspace ws = net.workspace(rows);
        float[] obs = new float[rows * obsDim];
        for (int i = 0; i < obs.length; i++) obs[i] = (float) Math.max(-10, Math.min(10, 2 * rng.nextGaussian()));
        ws.obs().put(0, obs);
        net.policy().forward(ws);
        net.policy().forwardVariance(ws);
        double[] m = new double[actDim];
        float[] action = new float[actDim];
        double maxErr = 0;
        double spread = 0;
        for (int r = 0; r < rows; r++) {
            policy.mean(obs, r * obsDim, m, 0);
            double lpLearner = 0;
            double lp = policy.sample(obs, r * obsDim, rng, 0.0, action, 0);
            for (int j = 0; j < actDim; j++) {
                double mu = vm.mean(ws.mean().get(r * actDim + j), j);
                double logVar = vm.logVar(ws.logVarRaw().get(r * actDim + j), j);
                maxErr = Math.max(maxErr, err(m[j], mu));
                maxErr = Math.max(maxErr, err(policy.logStd(obs, r * obsDim, j), 0.5 * logVar));
                spread = Math.max(spread, Math.abs(logVar - vm.logVar(ws.logVarRaw().get(j), j)));
                double d = (action[j] - mu) * Math.exp(-0.5 * logVar);
                lpLearner += -0.5 * d * d - 0.5 * logVar - GaussianPolicy.LOG_SQRT_2PI;
            }
            assertEquals(lpLearner, lp, 1e-4 * Math.max(1, Math.abs(lp)), "log-prob row " + r);
        }
        assertTrue(maxErr < 1e-5, "max |actor - learner| / max(1, |actor|) = " + maxErr);
        assertTrue(spread > 0.1, "the variance differs between states (state-dependent): " + spread);
        assertThrows(IllegalStateException.class, () -> policy.logStd(0), "no state-independent log_std in this layout");
    }

    private static void perturb(float[] w, PolicySpec.Layer l, RandomGenerator rng) {
        double scale = 0.5 / Math.sqrt(l.in());
        for (int i = l.weightOffset(); i < l.biasOffset() + l.out(); i++) w[i] += (float) (scale * rng.nextGaussian());
    }

    /** Absolute below magnitude 1, relative above: the learner is float32, whose spacing grows with the value. */
    private static double err(double actor, double learner) {
        return Math.abs(actor - learner) / Math.max(1.0, Math.abs(actor));
    }
}
