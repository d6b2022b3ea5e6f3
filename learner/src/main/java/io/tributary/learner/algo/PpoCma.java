package io.tributary.learner.algo;

import io.tributary.learner.algo.AlgorithmOptions.IntKey;
import io.tributary.learner.algo.AlgorithmOptions.RealKey;
import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.Adam;
import io.tributary.policy.random.LxmRandom;
import io.tributary.protocol.PolicySpec;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PPO-CMA in its authors' recommended mode PPO-CMA-m (Hamalainen, Babadi, Ma, Lehtinen, ICML 2019; their code
 * {@code ppocma/ppocma}, {@code Agent.py} and {@code policy.py}), read top to bottom in {@link #update}:
 * <ol>
 *   <li>the actions clipped into the action bounds (the authors train on the clipped actions they executed);</li>
 *   <li>the advantages {@code A} divided by their standard deviation, not centred (numpy's {@code np.std},
 *       {@code A / (1e-10 + sd)});</li>
 *   <li>the history: this iteration's (states, actions, advantages) appended, the oldest dropped beyond
 *       {@code H = n_history} iterations;</li>
 *   <li>{@code mu_old(s)}: the policy mean before this update at the current iteration's states, held fixed;</li>
 *   <li>the variance network first: {@code n_batches} minibatches of {@code n_minibatch} rows drawn from the whole
 *       history (an iteration uniformly, then a row of it), the loss {@code L_var = -mean(A+ log pi(a|s))} with the
 *       mean held fixed, one Adam step each on the variance network alone;</li>
 *   <li>then the mean network on the current iteration only: {@code n_batches} minibatches, the loss
 *       {@code L_mu = -mean(A+ log pi(a|s)) - mean(A- k log pi(a_mirror|s))} with the variance held fixed, the
 *       negative-advantage actions mirrored, {@code a_mirror = mu_old - (a - mu_old)}, and weighted by the kernel
 *       {@code k = mean_d exp(-0.5 (a - mu_old)^2 / (sigma_k^2 var))}; one Adam step each on the mean network alone
 *       (no ratio clipping: the method has none);</li>
 *   <li>the critic: ours, not the authors' (below), {@code n_batches} minibatches of the current iteration, MSE to
 *       the GAE returns, its own Adam.</li>
 * </ol>
 * The losses and their gradients with respect to the raw outputs are {@link PpoCmaLosses}; the policy's layout is
 * {@link PolicySpec.VarianceMlp}: the mean soft-clipped into the action bounds, the log-variance into
 * {@code [log(sd_low_limit^2), log(range^2)]}. The three Adams are TensorFlow's ({@code tf.train.AdamOptimizer}: betas
 * 0.9, 0.999, eps 1e-8), each on its own network's slice of the flat vector, at {@code learning_rate} (the authors'
 * 5e-4, constant). The initial Gaussian is the authors' ({@code Agent.init}: mean the middle of the action range,
 * sd half the range, at every state), here set through the heads' biases (their weights start near 0) where the
 * authors pretrain the networks towards it.
 *
 * <p>The critic is our usual one (the GAE of the learner, MSE, the run's network) and not the authors' (L1 loss,
 * the episode's time step as an extra input, trained before the advantages on Monte-Carlo values of complete
 * episodes): our batches are fixed-length fragments that cut episodes and bootstrap truncations, and fragments carry
 * no time step, so their critic would need a protocol field and whole episodes; the usual critic keeps PPO-CMA on
 * the same data plane as the other algorithms. What the time step gives their critic, a consistent target at a
 * time-limit cut, ours gets from bootstrapping the cut, so that is PPO-CMA's default ({@link #defaults}). Also differing: the history keeps observations as their iteration's
 * policy saw them (normalized with that iteration's statistics), where the authors re-scale raw states with the
 * current scaler; and the networks are the run's ({@code --hidden}, {@code --activation}; the authors use 2x128
 * leaky ReLU, which this build's layout has no activation for).
 */
public final class PpoCma implements Algorithm {

    public static final String NAME = "ppo-cma";

    // the authors' names (Agent.__init__, Agent.update, policy.train), their defaults
    public static final IntKey N_HISTORY = new IntKey("n-history", 9, 1, 1000,
            "PPO-CMA's H (policy.py nHistory): iterations of (states, actions, advantages) the variance trains on");
    public static final IntKey N_MINIBATCH = new IntKey("n-minibatch", 512, 1, Integer.MAX_VALUE,
            "PPO-CMA's batchSize (policy.train nMinibatch): rows per minibatch, drawn with replacement");
    public static final IntKey N_BATCHES = new IntKey("n-batches", 100, 1, Integer.MAX_VALUE,
            "PPO-CMA's nBatches: minibatches per iteration for the variance, then as many for the mean and the critic");
    public static final RealKey SD_LOW_LIMIT = new RealKey("sd-low-limit", 0.01, 0, true, Double.MAX_VALUE,
            "PPO-CMA's sdLowLimit (policy.py minSigma): the log-variance's lower soft-clip bound is log(sd_low_limit^2)");
    public static final RealKey NEGATIVE_ADVANTAGE_AVOIDANCE_SIGMA = new RealKey("negative-advantage-avoidance-sigma", 1.0,
            0, true, Double.MAX_VALUE, "PPO-CMA-m's negativeAdvantageAvoidanceSigma: the mirroring kernel's width in sds");
    static final List<AlgorithmOptions.Key> KEYS = List.of(N_HISTORY, N_MINIBATCH, N_BATCHES, SD_LOW_LIMIT,
            NEGATIVE_ADVANTAGE_AVOIDANCE_SIGMA);
    /** CleanRL keys PPO-CMA reads: the learning rate (of all three networks). */
    static final Set<String> SHARED_KEYS = Set.of("learning-rate");

    static final String MEAN_OPTIMIZER = "mean-adam";
    static final String VARIANCE_OPTIMIZER = "variance-adam";
    static final String CRITIC_OPTIMIZER = "critic-adam";
    static final String GENERATOR = "minibatches";
    /** TensorFlow's Adam epsilon, the authors' optimizer. */
    static final double TF_ADAM_EPS = 1e-8;

    /**
     * The authors' defaults: learning rate 5e-4; 1M steps; time-limit truncations bootstrapped. The last stands in
     * for the authors' time-aware critic (their {@code Agent.py} feeds it the episode's time step "because episodes
     * are time-limited and the value estimates thus depend on simulation time"): with CleanRL's treatment instead (a
     * cut is terminal, the critic blind to the time) the critic's explained variance on Pendulum-v1 stays near 0.4
     * and PPO-CMA does not learn it in 1M steps; bootstrapped, it is near 0.9 within 60k steps and PPO-CMA learns
     * by 100k (docs/BENCHMARKS.md).
     */
    static Hyperparameters defaults(String envId) {
        return Hyperparameters.rpo(envId).forAlgorithm(NAME, AlgorithmOptions.defaults(KEYS))
                .with("learning-rate", "5e-4").with("total-timesteps", "1000000").with("bootstrap-truncated", "true");
    }

    /** The variance-MLP layout's soft clips for actions in {@code [low, high]} under {@code hp}. */
    public static PolicySpec.VarianceMlp varianceMlp(Hyperparameters hp, double[] low, double[] high) {
        try {
            return new PolicySpec.VarianceMlp(low, high, hp.options().get(SD_LOW_LIMIT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--algo " + NAME + ": " + e.getMessage(), e);
        }
    }

    /** One iteration of the history: its rows' (normalized) states, actions and scaled advantages. */
    record Iteration(int rows, float[] obs, float[] actions, float[] advantages) {}

    private final Hyperparameters hp;
    private final ActorCriticNet net;
    private final PolicySpec spec;
    private final PolicySpec.VarianceMlp clip;
    private final PpoCmaLosses losses;
    private final LxmRandom rng;
    private final int od;
    private final int ad;
    private final int meanOffset;
    private final int varianceOffset;
    private final int criticOffset;
    private final Adam meanOptimizer;
    private final Adam varianceOptimizer;
    private final Adam criticOptimizer;
    private final ArrayDeque<Iteration> history = new ArrayDeque<>();
    /** [rows][actionDim] {@code mu_old} at the current iteration's states. */
    private float[] muOld = new float[0];
    // one minibatch, float64 for the losses
    private double[] m = new double[0];
    private double[] r = new double[0];
    private double[] a = new double[0];
    private double[] adv = new double[0];
    private double[] oldMean = new double[0];
    private double[] dRaw = new double[0];
    private int[] rowsDrawn = new int[0];

    /**
     * For {@code net} in the variance-MLP layout; sets the heads' biases to the authors' initial Gaussian (the middle
     * of the action range, sd half the range).
     */
    public PpoCma(Hyperparameters hp, ActorCriticNet net, LxmRandom rng) {
        this.hp = hp;
        this.net = net;
        this.spec = net.spec();
        if (!spec.hasVarianceMlp()) {
            throw new IllegalArgumentException("--algo " + NAME + " needs the variance-MLP policy layout "
                    + "(Hyperparameters.policySpec with the action bounds), the network is " + spec);
        }
        this.clip = spec.varianceMlp();
        this.losses = new PpoCmaLosses(clip, hp.options().get(NEGATIVE_ADVANTAGE_AVOIDANCE_SIGMA));
        this.rng = rng;
        this.od = spec.observationDim();
        this.ad = spec.actionDim();
        this.meanOffset = 0;
        this.varianceOffset = spec.varianceLayers().get(0).weightOffset();
        this.criticOffset = spec.policyParameterCount();
        this.meanOptimizer = new Adam(varianceOffset - meanOffset, 0.9, 0.999, TF_ADAM_EPS);
        this.varianceOptimizer = new Adam(criticOffset - varianceOffset, 0.9, 0.999, TF_ADAM_EPS);
        this.criticOptimizer = new Adam(spec.parameterCount() - criticOffset, 0.9, 0.999, TF_ADAM_EPS);
        double[] center = new double[ad];
        double[] sd = new double[ad];
        for (int j = 0; j < ad; j++) {
            center[j] = 0.5 * (clip.low(j) + clip.high(j));
            sd[j] = 0.5 * (clip.high(j) - clip.low(j));
        }
        initialGaussian(center, sd);
    }

    /**
     * Sets the heads' biases so that, with head weights near zero, the policy is {@code N(mean, sd^2)} at every state
     * (the authors' {@code Policy.init} pretrains towards such a Gaussian; DidacticExample.py starts at mean -1, sd
     * 0.25).
     */
    public void initialGaussian(double[] mean, double[] sd) {
        PolicySpec.Layer meanHead = spec.actorLayers().get(spec.actorLayers().size() - 1);
        PolicySpec.Layer varianceHead = spec.varianceLayers().get(spec.varianceLayers().size() - 1);
        FloatBuffer p = net.paramBuffer();
        for (int j = 0; j < ad; j++) {
            p.put(meanHead.biasOffset() + j, (float) clip.rawForMean(mean[j], j));
            p.put(varianceHead.biasOffset() + j, (float) clip.rawForSd(sd[j], j));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PpoCmaStats update(RolloutBatch b, int iteration) {
        double lr = hp.learningRate();
        int n = b.rows;

        // 1. A <- A / std(A), not centred
        float[] scaled = new float[n];
        double advantageMean = mean(b.advantages, n);
        double advantageSd = populationSd(b.advantages, n, advantageMean);
        for (int i = 0; i < n; i++) scaled[i] = (float) (b.advantages[i] / (1e-10 + advantageSd));

        // 2. the history of the last H iterations, actions clipped into the bounds as the authors' Agent.act clips
        //    them before they are memorized (the sample outside the bounds is not what the env executed)
        float[] actions = java.util.Arrays.copyOf(b.actions, n * ad);
        for (int k = 0; k < n * ad; k++) {
            int j = k % ad;
            actions[k] = (float) Math.max(clip.low(j), Math.min(clip.high(j), actions[k]));
        }
        history.addLast(new Iteration(n, java.util.Arrays.copyOf(b.obs, n * od), actions, scaled));
        while (history.size() > hp.options().get(N_HISTORY)) history.removeFirst();

        // 3. mu_old(s), and the sd the rollout's policy had (logged)
        double actionSd = oldPolicy(b);

        // 4. the variance network on minibatches of the whole history, the mean held fixed
        int rows = Math.min(n, hp.options().get(N_MINIBATCH));
        ensureMinibatch(rows);
        ActorCriticNet.Workspace ws = net.workspace(rows);
        List<Iteration> its = new ArrayList<>(history);
        double sigmaLoss = 0;
        for (int batch = 0; batch < hp.options().get(N_BATCHES); batch++) {
            for (int i = 0; i < rows; i++) {
                Iteration it = its.get(rng.nextInt(its.size()));
                gather(ws, i, it, rng.nextInt(it.rows()));
            }
            sigmaLoss = varianceLossAndGradient(ws, rows);
            varianceOptimizer.step(net.paramBuffer(), net.gradBuffer(), varianceOffset, lr);
        }

        // 5. the mean network on the current iteration, the variance held fixed, negative advantages mirrored
        Iteration current = history.getLast();
        double meanLoss = 0;
        for (int batch = 0; batch < hp.options().get(N_BATCHES); batch++) {
            for (int i = 0; i < rows; i++) {
                int row = rng.nextInt(n);
                rowsDrawn[i] = row;
                gather(ws, i, current, row);
                for (int j = 0; j < ad; j++) oldMean[i * ad + j] = muOld[row * ad + j];
            }
            meanLoss = meanLossAndGradient(ws, rows);
            meanOptimizer.step(net.paramBuffer(), net.gradBuffer(), meanOffset, lr);
        }

        // 6. the critic (ours): MSE to the returns on minibatches of the current iteration
        double criticLoss = 0;
        for (int batch = 0; batch < hp.options().get(N_BATCHES); batch++) {
            for (int i = 0; i < rows; i++) {
                int row = rng.nextInt(n);
                rowsDrawn[i] = row;
                ws.obs().put(i * od, b.obs, row * od, od);
            }
            net.value().forward(ws);
            FloatBuffer v = ws.value();
            FloatBuffer dv = ws.valueGrad();
            double loss = 0;
            for (int i = 0; i < rows; i++) {
                double e = v.get(i) - b.returns[rowsDrawn[i]];
                loss += e * e;
                dv.put(i, (float) (2 * e / rows));
            }
            criticLoss = loss / rows;
            net.value().vjp(ws, net.grads());
            criticOptimizer.step(net.paramBuffer(), net.gradBuffer(), criticOffset, lr);
        }

        return new PpoCmaStats(lr, meanLoss, sigmaLoss, criticLoss, actionSd, advantageMean, advantageSd, history.size(),
                Ppo.explainedVariance(b.values, b.returns, n));
    }

    /**
     * {@code L_var} of the minibatch (states in {@code ws}, actions and advantages gathered) and its gradient into the
     * variance network's slice of {@code net.grads()}: the loss's gradient in the raw outputs {@code r}, carried back
     * by the variance network's VJP. The mean network's slice is not written (the mean is held fixed).
     */
    double varianceLossAndGradient(ActorCriticNet.Workspace ws, int rows) {
        forwardPolicy(ws, rows);
        double loss = losses.varianceLoss(rows, m, r, a, adv, dRaw);
        FloatBuffer u = ws.logVarRawGrad();
        for (int k = 0; k < rows * ad; k++) u.put(k, (float) dRaw[k]);
        net.policy().vjpVariance(ws, net.grads());
        return loss;
    }

    /**
     * {@code L_mu} of the minibatch ({@code mu_old} gathered too) and its gradient into the mean network's slice of
     * {@code net.grads()}; the variance network's slice is not written (the variance is held fixed).
     */
    double meanLossAndGradient(ActorCriticNet.Workspace ws, int rows) {
        forwardPolicy(ws, rows);
        double loss = losses.meanLoss(rows, m, r, a, adv, oldMean, dRaw);
        FloatBuffer u = ws.meanGrad();
        for (int k = 0; k < rows * ad; k++) u.put(k, (float) dRaw[k]);
        net.policy().vjpMean(ws, net.grads());
        return loss;
    }

    /** A minibatch set by hand (tests): states into {@code ws}, actions, advantages, {@code mu_old} (may be null). */
    void setMinibatch(ActorCriticNet.Workspace ws, int rows, float[] obs, float[] actions, float[] advantages, float[] muOld) {
        ensureMinibatch(rows);
        Iteration it = new Iteration(rows, obs, actions, advantages);
        for (int i = 0; i < rows; i++) {
            gather(ws, i, it, i);
            for (int j = 0; j < ad && muOld != null; j++) oldMean[i * ad + j] = muOld[i * ad + j];
        }
    }

    /** {@code mu_old} (clipped) at every row of {@code b}; returns the mean sd of the policy there. */
    private double oldPolicy(RolloutBatch b) {
        int n = b.rows;
        if (muOld.length != n * ad) muOld = new float[n * ad];
        ActorCriticNet.Workspace all = net.workspace(n);
        all.obs().put(0, b.obs, 0, n * od);
        net.policy().forward(all);
        net.policy().forwardVariance(all);
        FloatBuffer mean = all.mean();
        FloatBuffer raw = all.logVarRaw();
        double sdSum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < ad; j++) {
                muOld[i * ad + j] = (float) clip.mean(mean.get(i * ad + j), j);
                sdSum += Math.exp(0.5 * clip.logVar(raw.get(i * ad + j), j));
            }
        }
        return sdSum / ((double) n * ad);
    }

    private void ensureMinibatch(int rows) {
        if (adv.length == rows) return;
        m = new double[rows * ad];
        r = new double[rows * ad];
        a = new double[rows * ad];
        oldMean = new double[rows * ad];
        dRaw = new double[rows * ad];
        adv = new double[rows];
        rowsDrawn = new int[rows];
    }

    /** Row {@code row} of {@code it} into minibatch slot {@code i}: its state, action and advantage. */
    private void gather(ActorCriticNet.Workspace ws, int i, Iteration it, int row) {
        ws.obs().put(i * od, it.obs(), row * od, od);
        for (int j = 0; j < ad; j++) a[i * ad + j] = it.actions()[row * ad + j];
        adv[i] = it.advantages()[row];
    }

    /** Both policy networks on the minibatch: the raw mean {@code m} and raw log-variance {@code r}. */
    private void forwardPolicy(ActorCriticNet.Workspace ws, int rows) {
        net.policy().forward(ws);
        net.policy().forwardVariance(ws);
        FloatBuffer mean = ws.mean();
        FloatBuffer raw = ws.logVarRaw();
        for (int k = 0; k < rows * ad; k++) {
            m[k] = mean.get(k);
            r[k] = raw.get(k);
        }
    }

    private static double mean(float[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[i];
        return s / n;
    }

    private static double populationSd(float[] x, int n, double mean) {
        double ss = 0;
        for (int i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
        return Math.sqrt(ss / n);
    }

    /** The iterations in the history, oldest first. */
    int historyLength() {
        return history.size();
    }

    /**
     * The three Adams, the generator and the whole history (each iteration's states, actions and scaled advantages,
     * oldest first): everything the next updates depend on beyond the parameters ({@code mu_old} is recomputed).
     */
    @Override
    public AlgorithmState state() {
        Map<String, Adam.State> opt = new LinkedHashMap<>();
        opt.put(MEAN_OPTIMIZER, meanOptimizer.state());
        opt.put(VARIANCE_OPTIMIZER, varianceOptimizer.state());
        opt.put(CRITIC_OPTIMIZER, criticOptimizer.state());
        Map<String, float[]> arrays = new LinkedHashMap<>();
        int k = 0;
        for (Iteration it : history) {
            arrays.put("history-" + k + "-obs", it.obs().clone());
            arrays.put("history-" + k + "-actions", it.actions().clone());
            arrays.put("history-" + k + "-advantages", it.advantages().clone());
            k++;
        }
        return new AlgorithmState(opt, Map.of(GENERATOR, rng.state()), arrays);
    }

    @Override
    public void restore(AlgorithmState state) {
        List<Iteration> restored = new ArrayList<>();
        for (int k = 0; state.arrays().containsKey("history-" + k + "-obs"); k++) {
            float[] obs = state.array("history-" + k + "-obs");
            float[] actions = state.array("history-" + k + "-actions");
            float[] advantages = state.array("history-" + k + "-advantages");
            int rows = advantages.length;
            if (obs.length != rows * od || actions.length != rows * ad) {
                throw new IllegalArgumentException("history iteration " + k + " has " + rows + " advantages, "
                        + obs.length + " state and " + actions.length + " action floats; this network needs " + od
                        + " and " + ad + " per row");
            }
            restored.add(new Iteration(rows, obs.clone(), actions.clone(), advantages.clone()));
        }
        if (restored.size() > hp.options().get(N_HISTORY)) {
            throw new IllegalArgumentException("the state holds " + restored.size() + " history iterations, --n-history is "
                    + hp.options().get(N_HISTORY));
        }
        Adam.State mo = state.optimizer(MEAN_OPTIMIZER);
        Adam.State vo = state.optimizer(VARIANCE_OPTIMIZER);
        Adam.State co = state.optimizer(CRITIC_OPTIMIZER);
        long[] g = state.generator(GENERATOR);
        meanOptimizer.restore(mo);
        varianceOptimizer.restore(vo);
        criticOptimizer.restore(co);
        rng.restore(g);
        history.clear();
        history.addAll(restored);
    }
}
