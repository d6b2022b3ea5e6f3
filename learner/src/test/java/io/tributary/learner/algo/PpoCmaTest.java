package io.tributary.learner.algo;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.OrthogonalInit;
import io.tributary.policy.random.LxmRandom;
import io.tributary.protocol.PolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PPO-CMA-m as an algorithm: both losses' gradients through the networks' parameters against finite differences of
 * an independent float64 forward pass, the authors' didactic 2-D quadratic (the variance expands along the way to
 * the optimum, then shrinks), checkpoints that continue bit for bit, and the errors a bad configuration gets.
 */
class PpoCmaTest {

    private static final double[] LOW = {-2, -1};
    private static final double[] HIGH = {2, 3};

    private static PolicySpec spec(PolicySpec.Activation act, double[] low, double[] high, int obsDim, int... hidden) {
        return new PolicySpec(obsDim, low.length, hidden, hidden, act, new PolicySpec.VarianceMlp(low, high, 0.01));
    }

    private static Hyperparameters hp() {
        return Hyperparameters.defaults(PpoCma.NAME, "test").with("num-steps", "64");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TANH", "RELU"})
    void bothLossGradientsThroughEveryNetworkParameterAreTheirFiniteDifferences(String activation) {
        PolicySpec spec = spec(PolicySpec.Activation.valueOf(activation), LOW, HIGH, 4, 6, 5);
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(3);
        ActorCriticNet net = new ActorCriticNet(spec);
        float[] w = OrthogonalInit.init(spec, rng);
        for (int i = 0; i < w.length; i++) w[i] += (float) (0.4 * rng.nextGaussian());
        net.setParams(w);
        PpoCma cma = new PpoCma(hp(), net, new LxmRandom(1));
        net.copyParams(w); // the constructor set the heads' biases
        double[] wd = new double[w.length];
        for (int i = 0; i < w.length; i++) wd[i] = w[i];

        int rows = 20;
        int od = spec.observationDim();
        int ad = spec.actionDim();
        float[] obs = new float[rows * od];
        float[] actions = new float[rows * ad];
        float[] adv = new float[rows];
        float[] muOld = new float[rows * ad];
        ReferencePpoLoss mlp = new ReferencePpoLoss(spec, hp());
        PpoCmaLosses losses = new PpoCmaLosses(spec.varianceMlp(), 1.0);
        for (int i = 0; i < rows; i++) {
            double[] x = new double[od];
            for (int k = 0; k < od; k++) x[k] = obs[i * od + k] = (float) rng.nextGaussian();
            double[] m = mlp.mlp(wd, spec.actorLayers(), x);
            double[] r = mlp.mlp(wd, spec.varianceLayers(), x);
            for (int j = 0; j < ad; j++) {
                muOld[i * ad + j] = (float) losses.mean(m[j] + 0.3 * rng.nextGaussian(), j);
                actions[i * ad + j] = (float) (muOld[i * ad + j] + Math.exp(0.5 * losses.logVar(r[j], j)) * rng.nextGaussian());
            }
            adv[i] = (float) rng.nextGaussian();
        }
        ActorCriticNet.Workspace ws = net.workspace(rows);
        cma.setMinibatch(ws, rows, obs, actions, adv, muOld);

        java.util.function.ToDoubleFunction<double[]> varianceLoss = p -> referenceLoss(mlp, losses, spec, p, obs, actions, adv, muOld, true);
        java.util.function.ToDoubleFunction<double[]> meanLoss = p -> referenceLoss(mlp, losses, spec, p, obs, actions, adv, muOld, false);
        assertEquals(varianceLoss.applyAsDouble(wd), cma.varianceLossAndGradient(ws, rows), 1e-5);
        float[] grad = new float[w.length];
        net.gradBuffer().get(0, grad, 0, grad.length);
        assertGradientsMatch(varianceLoss, wd, grad, spec.varianceLayers(), "variance");

        assertEquals(meanLoss.applyAsDouble(wd), cma.meanLossAndGradient(ws, rows), 1e-5);
        net.gradBuffer().get(0, grad, 0, grad.length);
        assertGradientsMatch(meanLoss, wd, grad, spec.actorLayers(), "mean");
    }

    /** Either loss from an independent float64 forward pass of both networks over the flat vector {@code p}. */
    private static double referenceLoss(ReferencePpoLoss mlp, PpoCmaLosses losses, PolicySpec spec, double[] p, float[] obs,
            float[] actions, float[] adv, float[] muOld, boolean variance) {
        int od = spec.observationDim();
        int ad = spec.actionDim();
        int rows = adv.length;
        double[] m = new double[rows * ad];
        double[] r = new double[rows * ad];
        double[] a = new double[rows * ad];
        double[] old = new double[rows * ad];
        double[] advD = new double[rows];
        for (int i = 0; i < rows; i++) {
            double[] x = new double[od];
            for (int k = 0; k < od; k++) x[k] = obs[i * od + k];
            double[] mi = mlp.mlp(p, spec.actorLayers(), x);
            double[] ri = mlp.mlp(p, spec.varianceLayers(), x);
            for (int j = 0; j < ad; j++) {
                m[i * ad + j] = mi[j];
                r[i * ad + j] = ri[j];
                a[i * ad + j] = actions[i * ad + j];
                old[i * ad + j] = muOld[i * ad + j];
            }
            advD[i] = adv[i];
        }
        double[] unused = new double[rows * ad];
        return variance ? losses.varianceLoss(rows, m, r, a, advD, unused) : losses.meanLoss(rows, m, r, a, advD, old, unused);
    }

    private static void assertGradientsMatch(java.util.function.ToDoubleFunction<double[]> loss, double[] wd, float[] grad,
            List<PolicySpec.Layer> layers, String network) {
        List<String> failures = new ArrayList<>();
        double h = 1e-6;
        int checked = 0;
        for (int l = 0; l < layers.size(); l++) {
            PolicySpec.Layer layer = layers.get(l);
            for (int i = layer.weightOffset(); i < layer.biasOffset() + layer.out(); i++) {
                double keep = wd[i];
                wd[i] = keep + h;
                double up = loss.applyAsDouble(wd);
                wd[i] = keep - h;
                double down = loss.applyAsDouble(wd);
                wd[i] = keep;
                double numeric = (up - down) / (2 * h);
                double err = Math.abs(numeric - grad[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(grad[i]));
                if (err > 1e-3) failures.add(network + " layer " + l + " element " + (i - layer.weightOffset()) + ": analytic "
                        + grad[i] + " numeric " + numeric);
                checked++;
            }
        }
        assertTrue(checked > 50, "checked " + checked);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /**
     * The authors' DidacticExample.py: a constant (dummy, zero) state, 2-D actions in [-2, 2], reward
     * {@code -|a|^2}, one-step episodes (gamma 0), 64 actions per iteration, H = 5, the policy starting at mean -1,
     * sd 0.25. The advantage is {@code r - V}, V the batch's mean reward: what a critic fitted to the batch before the
     * advantages (the authors' order) gives for the one state. PPO-CMA's signature: while the mean travels towards the
     * optimum the variance grows along the way (the sd by half again, here from 0.25 to about 0.41 by iteration 5),
     * and once there it shrinks (far below its peak, to the sd low limit).
     */
    @Test
    void onTheDidacticQuadraticTheVarianceFirstExpandsTowardsTheOptimumAndThenShrinks() {
        double[] low = {-2, -2};
        double[] high = {2, 2};
        PolicySpec spec = spec(PolicySpec.Activation.TANH, low, high, 1, 64, 64);
        Hyperparameters hp = Hyperparameters.defaults(PpoCma.NAME, "didactic").with("num-steps", "64")
                .with("gamma", "0").with("n-history", "5");
        ActorCriticNet net = new ActorCriticNet(spec);
        net.setParams(OrthogonalInit.init(spec, new LxmRandom(0)));
        PpoCma cma = new PpoCma(hp, net, new LxmRandom(1));
        cma.initialGaussian(new double[] {-1, -1}, new double[] {0.25, 0.25});
        io.tributary.policy.GaussianPolicy policy = new io.tributary.policy.GaussianPolicy(spec);
        LxmRandom sampler = new LxmRandom(2);
        int n = 64;
        RolloutBatch b = new RolloutBatch(n, 1, 2);
        float[] weights = new float[spec.parameterCount()];
        float[] zero = new float[1];
        int iterations = 40;
        double[] sd = new double[iterations];
        double[] distance = new double[iterations];
        for (int it = 0; it < iterations; it++) {
            net.copyParams(weights);
            policy.load(it, weights);
            double[] mean = new double[2];
            policy.mean(zero, 0, mean, 0);
            sd[it] = 0.5 * (Math.exp(policy.logStd(zero, 0, 0)) + Math.exp(policy.logStd(zero, 0, 1)));
            distance[it] = Math.hypot(mean[0], mean[1]);
            float[] action = new float[2];
            double meanReward = 0;
            for (int i = 0; i < n; i++) {
                policy.sample(zero, 0, sampler, 0, action, 0);
                b.actions[2 * i] = Math.max(-2, Math.min(2, action[0]));
                b.actions[2 * i + 1] = Math.max(-2, Math.min(2, action[1]));
                b.returns[i] = -(b.actions[2 * i] * b.actions[2 * i] + b.actions[2 * i + 1] * b.actions[2 * i + 1]);
                meanReward += b.returns[i] / n;
            }
            for (int i = 0; i < n; i++) b.advantages[i] = (float) (b.returns[i] - meanReward);
            cma.update(b, it + 1);
        }
        int peak = 0;
        for (int it = 0; it < iterations; it++) if (sd[it] > sd[peak]) peak = it;
        String trace = "sd " + java.util.Arrays.toString(sd) + "\ndistance " + java.util.Arrays.toString(distance);
        assertEquals(0.25, sd[0], 1e-3, "starts at the authors' sd");
        assertTrue(sd[peak] > 1.5 * 0.25, "phase 1: the sd grows by half again on the way\n" + trace);
        assertTrue(peak > 0 && peak < 10, "phase 1 comes first, peak at iteration " + peak + "\n" + trace);
        assertTrue(distance[peak - 1] > 0.15, "the sd grows while the mean is still on its way\n" + trace);
        assertTrue(distance[iterations - 1] < 0.05, "the mean reaches the optimum (0, 0)\n" + trace);
        assertTrue(sd[iterations - 1] < 0.25 * sd[peak], "phase 2: the sd shrinks far below its peak\n" + trace);
    }

    @Test
    void aRestoredCheckpointContinuesBitForBitHistoryAndAllThreeAdamsIncluded() {
        PolicySpec spec = spec(PolicySpec.Activation.TANH, LOW, HIGH, 3, 16, 16);
        Hyperparameters hp = hp().with("n-history", "3").with("n-batches", "5").with("n-minibatch", "32");
        ActorCriticNet net = new ActorCriticNet(spec);
        net.setParams(OrthogonalInit.init(spec, new LxmRandom(5)));
        PpoCma cma = new PpoCma(hp, net, new LxmRandom(6));
        LxmRandom data = new LxmRandom(7);
        RolloutBatch[] batches = new RolloutBatch[8];
        for (int k = 0; k < batches.length; k++) {
            batches[k] = new RolloutBatch(64, 3, 2);
            RolloutBatch b = batches[k];
            for (int i = 0; i < b.obs.length; i++) b.obs[i] = (float) data.nextGaussian();
            for (int i = 0; i < b.actions.length; i++) b.actions[i] = (float) data.nextGaussian();
            for (int i = 0; i < b.rows; i++) {
                b.advantages[i] = (float) data.nextGaussian();
                b.returns[i] = (float) data.nextGaussian();
            }
        }
        for (int k = 0; k < 5; k++) cma.update(batches[k], k + 1);
        assertEquals(3, cma.historyLength(), "H = 3 iterations kept");
        AlgorithmState saved = cma.state();
        float[] savedParams = new float[spec.parameterCount()];
        net.copyParams(savedParams);
        for (int k = 5; k < 8; k++) cma.update(batches[k], k + 1);
        float[] straight = new float[spec.parameterCount()];
        net.copyParams(straight);

        ActorCriticNet other = new ActorCriticNet(spec);
        PpoCma resumed = new PpoCma(hp, other, new LxmRandom(99));
        other.setParams(savedParams);
        resumed.restore(saved);
        for (int k = 5; k < 8; k++) resumed.update(batches[k], k + 1);
        float[] after = new float[spec.parameterCount()];
        other.copyParams(after);
        assertArrayEquals(straight, after, "bit for bit");

        // without the history the continuation differs: the history is part of the state, not decoration
        java.util.Map<String, float[]> noHistory = java.util.Map.of();
        ActorCriticNet third = new ActorCriticNet(spec);
        PpoCma forgetful = new PpoCma(hp, third, new LxmRandom(99));
        third.setParams(savedParams);
        forgetful.restore(new AlgorithmState(saved.optimizers(), saved.generators(), noHistory));
        for (int k = 5; k < 8; k++) forgetful.update(batches[k], k + 1);
        third.copyParams(after);
        assertFalse(java.util.Arrays.equals(straight, after));
    }

    @Test
    void badValuesAreRefusedByTheReferencesNamesAndTheLogStdLayoutIsRefused() {
        Hyperparameters hp = hp();
        var e = assertThrows(IllegalArgumentException.class, () -> hp.with("n-history", "0"));
        assertEquals("--n-history must be an integer in [1, 1000], was '0'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> hp.with("sd-low-limit", "-0.1"));
        assertTrue(e.getMessage().startsWith("--sd-low-limit must be a number in (0.0, inf)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> hp.with("negative-advantage-avoidance-sigma", "x"));
        assertTrue(e.getMessage().startsWith("--negative-advantage-avoidance-sigma must be a number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> hp.with("n-batches", "1.5"));
        assertTrue(e.getMessage().startsWith("--n-batches must be an integer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> hp.with("sd-low-limit", "3").policySpec(3, new double[] {-1}, new double[] {1}));
        assertTrue(e.getMessage().contains("--algo ppo-cma") && e.getMessage().contains("wider than minSigma"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PpoCma(hp, new ActorCriticNet(PolicySpec.cleanRl(3, 1)), new LxmRandom(1)));
        assertTrue(e.getMessage().contains("variance-MLP policy layout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> hp.policySpec(3, 1));
        assertTrue(e.getMessage().contains("action bounds"), e.getMessage());
        assertFalse(Algorithms.resolve(PpoCma.NAME).reads("clip-coef"), "no ratio clipping: CleanRL's clip key is not read");
        assertTrue(Algorithms.resolve(PpoCma.NAME).reads("learning-rate"));
        assertEquals(5e-4, hp.learningRate());
    }

    /**
     * The authors' learning rate and history, and time-limit cuts bootstrapped: our critic's stand-in for the time
     * step the authors' critic takes as an input (without it PPO-CMA does not learn Pendulum-v1, docs/BENCHMARKS.md).
     */
    @Test
    void theDefaultsAreTheAuthorsWithTimeLimitCutsBootstrapped() {
        Hyperparameters hp = Hyperparameters.defaults(PpoCma.NAME, "Pendulum-v1");
        assertEquals(5e-4, hp.learningRate());
        assertEquals(9, hp.options().get(PpoCma.N_HISTORY));
        assertTrue(hp.bootstrapTruncated());
        assertFalse(hp.with("bootstrap-truncated", "false").bootstrapTruncated(), "CleanRL's treatment stays selectable");
        assertFalse(Hyperparameters.defaults("rpo", "Pendulum-v1").bootstrapTruncated(), "the others keep CleanRL's default");
    }
}
