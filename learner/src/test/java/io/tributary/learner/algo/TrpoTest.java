package io.tributary.learner.algo;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.policy.random.LxmRandom;
import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.OrthogonalInit;
import io.tributary.protocol.PolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TRPO's parts against independent float64 arithmetic: the Fisher-vector product against finite differences of the
 * KL's gradient, for every element of every policy tensor; the surrogate's gradient against finite differences of
 * the surrogate; conjugate gradient on a known SPD system; and one whole update's trust-region guarantees.
 */
class TrpoTest {

    private static final int ROWS = 24;

    private record Setup(PolicySpec spec, ActorCriticNet net, Trpo trpo, RolloutBatch batch, double[] w,
            ReferencePpoLoss ref, RandomGenerator rng) {}

    private static Setup setup(String activation, Hyperparameters base) {
        PolicySpec spec = new PolicySpec(5, 3, new int[] {8, 7}, new int[] {6, 8},
                PolicySpec.Activation.valueOf(activation.toUpperCase()));
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(7);
        ActorCriticNet net = new ActorCriticNet(spec);
        float[] wf = OrthogonalInit.init(spec, rng);
        // a generic point: every weight moved, log_std non-zero and different per dimension
        for (int i = 0; i < wf.length; i++) wf[i] += (float) (0.3 * rng.nextGaussian());
        for (int j = 0; j < spec.actionDim(); j++) wf[spec.logStdOffset() + j] = (float) (0.4 * rng.nextGaussian());
        net.setParams(wf);
        double[] w = new double[wf.length];
        for (int i = 0; i < w.length; i++) w[i] = wf[i];
        Hyperparameters hp = base.with("num-envs", "1").with("num-steps", Integer.toString(ROWS)).validate();
        Trpo trpo = new Trpo(hp, net, new LxmRandom(3));
        ReferencePpoLoss ref = new ReferencePpoLoss(spec, hp);
        RolloutBatch b = new RolloutBatch(ROWS, spec.observationDim(), spec.actionDim());
        for (int i = 0; i < ROWS; i++) {
            double[] x = new double[spec.observationDim()];
            for (int k = 0; k < x.length; k++) {
                b.obs[i * x.length + k] = (float) rng.nextGaussian();
                x[k] = b.obs[i * x.length + k];
            }
            double[] mu = ref.mlp(w, spec.actorLayers(), x);
            double lp = 0;
            for (int j = 0; j < spec.actionDim(); j++) {
                double sigma = Math.exp(w[spec.logStdOffset() + j]);
                b.actions[i * spec.actionDim() + j] = (float) (mu[j] + sigma * rng.nextGaussian());
                double z = (b.actions[i * spec.actionDim() + j] - mu[j]) / sigma;
                lp += -0.5 * z * z - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
            }
            // a behaviour policy a little off the current one, so that the ratios are not all 1
            b.logProbs[i] = (float) (lp + 0.2 * rng.nextGaussian());
            b.advantages[i] = (float) rng.nextGaussian();
            b.values[i] = (float) rng.nextGaussian();
            b.returns[i] = (float) (b.values[i] + rng.nextGaussian());
        }
        return new Setup(spec, net, trpo, b, w, ref, rng);
    }

    private static Hyperparameters trpo() {
        return Hyperparameters.defaults("trpo", "test");
    }

    /** Per row, the policy's mean in float64. */
    private static double[][] means(Setup s, double[] w) {
        double[][] mu = new double[ROWS][];
        int od = s.spec.observationDim();
        for (int i = 0; i < ROWS; i++) {
            double[] x = new double[od];
            for (int k = 0; k < od; k++) x[k] = s.batch.obs[i * od + k];
            mu[i] = s.ref.mlp(w, s.spec.actorLayers(), x);
        }
        return mu;
    }

    /** Mean over rows and action elements of KL(N(mu(w), sigma(w)) || N(mu(w0), sigma(w0))), in float64. */
    private static double meanKl(Setup s, double[] w, double[][] muOld) {
        double[][] mu = means(s, w);
        int ad = s.spec.actionDim();
        double sum = 0;
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < ad; j++) {
                double ls = w[s.spec.logStdOffset() + j];
                double lsOld = s.w[s.spec.logStdOffset() + j];
                double d = mu[i][j] - muOld[i][j];
                sum += lsOld - ls + (Math.exp(2 * ls) + d * d) / (2 * Math.exp(2 * lsOld)) - 0.5;
            }
        }
        return sum / (ROWS * ad);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tanh", "relu"})
    void theFisherVectorProductIsTheFiniteDifferenceOfTheKlGradientForEveryPolicyTensor(String activation) {
        Setup s = setup(activation, trpo().with("cg-damping", "0"));
        s.trpo.beginPolicyStep(s.batch);
        int p = s.spec.policyParameterCount();
        double[] v = new double[p];
        for (int i = 0; i < p; i++) v[i] = (float) s.rng.nextGaussian();
        double[] fv = new double[p];
        s.trpo.fisherVectorProduct(v, fv);

        // (F v)_i = d/de [dKL/dw_i](w0 + e v): central differences in e of the KL gradient, itself central
        // differences in w_i, of the float64 KL above
        double[][] muOld = means(s, s.w);
        double h = 1e-4;
        double e = 1e-4;
        double[] w = s.w.clone();
        List<String> failures = new ArrayList<>();
        for (Tensor t : policyTensors(s.spec)) {
            double scale = 0;
            double maxErr = 0;
            for (int i = t.from; i < t.to; i++) {
                double[] grads = new double[2];
                for (int side = 0; side < 2; side++) {
                    double sign = side == 0 ? 1 : -1;
                    for (int k = 0; k < p; k++) w[k] = s.w[k] + sign * e * v[k];
                    double keep = w[i];
                    w[i] = keep + h;
                    double up = meanKl(s, w, muOld);
                    w[i] = keep - h;
                    double down = meanKl(s, w, muOld);
                    grads[side] = (up - down) / (2 * h);
                }
                double numeric = (grads[0] - grads[1]) / (2 * e);
                scale = Math.max(scale, Math.abs(numeric));
                double err = Math.abs(numeric - fv[i]);
                maxErr = Math.max(maxErr, err / Math.max(1e-3, Math.abs(numeric) + Math.abs(fv[i])));
                if (err > 1e-3 * Math.max(1e-3, Math.abs(numeric) + Math.abs(fv[i]))) {
                    failures.add(t.name + "[" + (i - t.from) + "]: Fv " + fv[i] + ", finite differences " + numeric);
                }
            }
            assertTrue(scale > 1e-4, t.name + ": a direction the KL curves along, scale " + scale);
            assertTrue(maxErr <= 1e-3, t.name + " max relative error " + maxErr);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void theDampingAddsExactlyCgDampingTimesV() {
        Setup plain = setup("tanh", trpo().with("cg-damping", "0"));
        Setup damped = setup("tanh", trpo().with("cg-damping", "0.25"));
        plain.trpo.beginPolicyStep(plain.batch);
        damped.trpo.beginPolicyStep(damped.batch);
        int p = plain.spec.policyParameterCount();
        double[] v = new double[p];
        for (int i = 0; i < p; i++) v[i] = Math.sin(i);
        double[] a = new double[p];
        double[] b = new double[p];
        plain.trpo.fisherVectorProduct(v, a);
        damped.trpo.fisherVectorProduct(v, b);
        for (int i = 0; i < p; i++) assertEquals(a[i] + 0.25 * v[i], b[i], 1e-9, "element " + i);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tanh", "relu"})
    void theSurrogatesGradientIsItsFiniteDifferenceForEveryPolicyTensor(String activation) {
        Setup s = setup(activation, trpo());
        s.trpo.beginPolicyStep(s.batch);
        double objective = s.trpo.surrogateAndGradient();
        int p = s.spec.policyParameterCount();
        double[] g = new double[p];
        System.arraycopy(s.trpo.surrogateGradient(), 0, g, 0, p);

        // the advantages as the update normalizes them: (A - mean) / (unbiased std + 1e-8), in the rows' order
        double[] adv = normalizedAdvantages(s);
        assertEquals(surrogate(s, s.w, adv), objective, 1e-5 * Math.max(1, Math.abs(objective)), "surrogate value");
        double h = 1e-6;
        double[] w = s.w.clone();
        for (Tensor t : policyTensors(s.spec)) {
            double maxErr = 0;
            for (int i = t.from; i < t.to; i++) {
                double keep = w[i];
                w[i] = keep + h;
                double up = surrogate(s, w, adv);
                w[i] = keep - h;
                double down = surrogate(s, w, adv);
                w[i] = keep;
                double numeric = (up - down) / (2 * h);
                maxErr = Math.max(maxErr, Math.abs(numeric - g[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(g[i])));
            }
            assertTrue(maxErr <= 1e-3, t.name + " max relative error " + maxErr);
        }
    }

    /** The policy step shuffles its rows: sum-based quantities (mean surrogate, std) do not depend on the order. */
    private static double[] normalizedAdvantages(Setup s) {
        double mean = 0;
        for (int i = 0; i < ROWS; i++) mean += s.batch.advantages[i];
        mean /= ROWS;
        double ss = 0;
        for (int i = 0; i < ROWS; i++) ss += Math.pow(s.batch.advantages[i] - mean, 2);
        double std = Math.sqrt(ss / (ROWS - 1));
        double[] a = new double[ROWS];
        for (int i = 0; i < ROWS; i++) a[i] = (s.batch.advantages[i] - mean) / (std + 1e-8);
        return a;
    }

    private static double surrogate(Setup s, double[] w, double[] adv) {
        double[][] mu = means(s, w);
        int ad = s.spec.actionDim();
        double sum = 0;
        for (int i = 0; i < ROWS; i++) {
            double lp = 0;
            for (int j = 0; j < ad; j++) {
                double ls = w[s.spec.logStdOffset() + j];
                double z = (s.batch.actions[i * ad + j] - mu[i][j]) / Math.exp(ls);
                lp += -0.5 * z * z - ls - 0.5 * Math.log(2 * Math.PI);
            }
            sum += adv[i] * Math.exp(lp - s.batch.logProbs[i]);
        }
        return sum / ROWS;
    }

    @Test
    void conjugateGradientSolvesAKnownSymmetricPositiveDefiniteSystem() {
        // A = Q^T D Q + I, eigenvalues 1..50, known solution x*
        int n = 12;
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(5);
        double[][] m = new double[n][n];
        for (double[] row : m) for (int j = 0; j < n; j++) row[j] = rng.nextGaussian();
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) a[i][j] += m[k][i] * m[k][j];
            }
            a[i][i] += 1;
        }
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) expected[i] = i - 5.5;
        double[] b = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) b[i] += a[i][j] * expected[j];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 1e-4 * rng.nextGaussian();
        int[] products = {0};
        int iterations = ConjugateGradient.solve((v, out) -> {
            products[0]++;
            for (int i = 0; i < n; i++) {
                out[i] = 0;
                for (int j = 0; j < n; j++) out[i] += a[i][j] * v[j];
            }
        }, b, x, 100, 1e-20);
        for (int i = 0; i < n; i++) assertEquals(expected[i], x[i], 1e-8, "x[" + i + "]");
        // in exact arithmetic n iterations suffice; rounding may take a couple more, never many
        assertTrue(iterations >= n - 1 && iterations <= n + 5, "iterations " + iterations);
        assertEquals(iterations + 1, products[0], "one product for the initial residual, one per iteration");

        // capped at max_iter: the last iteration moves x and returns, the residual is not yet small
        double[] capped = new double[n];
        assertEquals(3, ConjugateGradient.solve((v, out) -> {
            for (int i = 0; i < n; i++) {
                out[i] = 0;
                for (int j = 0; j < n; j++) out[i] += a[i][j] * v[j];
            }
        }, b, capped, 3, 1e-10));
        double err = 0;
        for (int i = 0; i < n; i++) err = Math.max(err, Math.abs(capped[i] - expected[i]));
        assertTrue(err > 1e-3, "three iterations of twelve do not solve it: " + err);
    }

    @Test
    void oneUpdateStaysInsideTheTrustRegionImprovesTheSurrogateAndLeavesTheCriticToItsOwnStep() {
        Setup s = setup("tanh", trpo().with("batch-size", "8"));
        float[] before = new float[s.spec.parameterCount()];
        s.net.copyParams(before);
        TrpoStats stats = s.trpo.update(s.batch, 1);
        float[] after = new float[s.spec.parameterCount()];
        s.net.copyParams(after);

        assertEquals(1.0, stats.isLineSearchSuccess(), "a random batch at a generic point has an improving step");
        assertTrue(stats.klDivergenceLoss() > 0 && stats.klDivergenceLoss() < 0.01, "KL " + stats.klDivergenceLoss());
        double[] adv = normalizedAdvantages(s);
        double[] w = new double[after.length];
        for (int i = 0; i < w.length; i++) w[i] = after[i];
        assertEquals(surrogate(s, w, adv), stats.policyObjective(), 1e-5, "the logged objective is the new policy's");
        assertTrue(stats.policyObjective() > surrogate(s, s.w, adv), "the surrogate improved");
        assertEquals(meanKl(s, w, means(s, s.w)), stats.klDivergenceLoss(), 1e-6, "the logged KL is the new policy's");
        boolean criticMoved = false;
        for (int i = s.spec.policyParameterCount(); i < after.length; i++) criticMoved |= after[i] != before[i];
        assertTrue(criticMoved, "the critic epochs moved the critic");
        assertTrue(Double.isFinite(stats.valueLoss()) && stats.valueLoss() > 0);
        assertEquals(Math.exp(after[s.spec.logStdOffset()]) / 3 + Math.exp(after[s.spec.logStdOffset() + 1]) / 3
                + Math.exp(after[s.spec.logStdOffset() + 2]) / 3, stats.std(), 1e-6);
        assertEquals(List.of("train/learning_rate", "train/policy_objective", "train/value_loss",
                "train/kl_divergence_loss", "train/explained_variance", "train/is_line_search_success", "train/std"),
                stats.metricNames());
    }

    /** A batch with fewer or more rows than configured (an actor lost or joined): the policy step uses all of them. */
    @Test
    void aBatchSmallerOrLargerThanConfiguredIsLearnedWhole() {
        Setup s = setup("tanh", trpo());
        for (int rows : new int[] {ROWS / 2, ROWS * 2, ROWS}) {
            RolloutBatch b = new RolloutBatch(rows, s.spec.observationDim(), s.spec.actionDim());
            for (int i = 0; i < rows; i++) {
                int from = i % ROWS;
                System.arraycopy(s.batch.obs, from * s.spec.observationDim(), b.obs, i * s.spec.observationDim(), s.spec.observationDim());
                System.arraycopy(s.batch.actions, from * s.spec.actionDim(), b.actions, i * s.spec.actionDim(), s.spec.actionDim());
                b.logProbs[i] = s.batch.logProbs[from];
                b.advantages[i] = s.batch.advantages[from];
                b.values[i] = s.batch.values[from];
                b.returns[i] = s.batch.returns[from];
            }
            TrpoStats stats = s.trpo.update(b, 1);
            assertEquals(rows, s.trpo.policyRows(), "every row in the policy step");
            assertTrue(Double.isFinite(stats.valueLoss()) && Double.isFinite(stats.policyObjective()), rows + " rows: " + stats);
        }
    }

    @Test
    void aFailedLineSearchRevertsThePolicy() {
        // zero advantages: no step improves the surrogate (0), so every try fails and the policy stays
        Setup s = setup("tanh", trpo().with("normalize-advantage", "false"));
        java.util.Arrays.fill(s.batch.advantages, 0f);
        float[] before = new float[s.spec.parameterCount()];
        s.net.copyParams(before);
        TrpoStats stats = s.trpo.update(s.batch, 1);
        float[] after = new float[s.spec.parameterCount()];
        s.net.copyParams(after);
        assertEquals(0.0, stats.isLineSearchSuccess());
        assertEquals(0.0, stats.klDivergenceLoss());
        assertEquals(10, stats.lineSearchSteps(), "every one of line_search_max_iter tries");
        for (int i = 0; i < s.spec.policyParameterCount(); i++) assertEquals(before[i], after[i], "policy element " + i);
        boolean criticMoved = false;
        for (int i = s.spec.policyParameterCount(); i < after.length; i++) criticMoved |= after[i] != before[i];
        assertTrue(criticMoved, "the critic still trains");
    }

    @Test
    void everyKeyIsNamedAsSb3ContribNamesItWithItsDefault() {
        Hyperparameters hp = trpo();
        assertEquals("trpo", hp.algo());
        assertEquals(1e-3, hp.learningRate());
        assertEquals(2048, hp.numSteps());
        assertEquals(0.99, hp.gamma());
        assertEquals(0.95, hp.gaeLambda());
        assertEquals(0.01, hp.targetKl());
        assertEquals(128, hp.options().get(Trpo.BATCH_SIZE));
        assertEquals(10, hp.options().get(Trpo.N_CRITIC_UPDATES));
        assertEquals(15, hp.options().get(Trpo.CG_MAX_STEPS));
        assertEquals(0.1, hp.options().get(Trpo.CG_DAMPING));
        assertEquals(0.8, hp.options().get(Trpo.LINE_SEARCH_SHRINKING_FACTOR));
        assertEquals(10, hp.options().get(Trpo.LINE_SEARCH_MAX_ITER));
        assertTrue(hp.options().get(Trpo.NORMALIZE_ADVANTAGE));
        assertEquals(1, hp.options().get(Trpo.SUB_SAMPLING_FACTOR));
        assertEquals(4, hp.with("cg-max-steps", "4").options().get(Trpo.CG_MAX_STEPS));
        assertEquals("4", hp.with("cg-max-steps", "4").asMap().get("cg-max-steps"));
    }

    @Test
    void aBadValueIsAnErrorNamingTheKeyAndItsRange() {
        Hyperparameters hp = trpo();
        assertEquals("--cg-max-steps must be an integer in [1, inf], was '0'",
                assertThrows(IllegalArgumentException.class, () -> hp.with("cg-max-steps", "0")).getMessage());
        assertEquals("--line-search-shrinking-factor must be a number in (0.0, 1.0], was '1.5'",
                assertThrows(IllegalArgumentException.class, () -> hp.with("line-search-shrinking-factor", "1.5")).getMessage());
        assertEquals("--normalize-advantage must be true or false, was 'yes'",
                assertThrows(IllegalArgumentException.class, () -> hp.with("normalize-advantage", "yes")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> hp.with("target-kl", "none").validate())
                .getMessage().startsWith("--target-kl must be > 0 for trpo"));
        // PPO's keys mean nothing to TRPO, and TRPO's nothing to PPO
        assertFalse(Algorithms.resolve("trpo").reads("clip-coef"));
        assertTrue(Algorithms.resolve("trpo").reads("cg-damping"));
        assertFalse(Algorithms.resolve("ppo").reads("cg-damping"));
        assertThrows(IllegalArgumentException.class, () -> Hyperparameters.ppo("x").with("cg-damping", "0.1"));
    }

    private record Tensor(String name, int from, int to) {}

    private static List<Tensor> policyTensors(PolicySpec spec) {
        List<Tensor> t = new ArrayList<>();
        int i = 0;
        for (PolicySpec.Layer l : spec.actorLayers()) {
            t.add(new Tensor("actor.W" + i, l.weightOffset(), l.weightOffset() + l.weightCount()));
            t.add(new Tensor("actor.b" + i, l.biasOffset(), l.biasOffset() + l.out()));
            i++;
        }
        t.add(new Tensor("log_std", spec.logStdOffset(), spec.logStdOffset() + spec.actionDim()));
        return t;
    }
}
