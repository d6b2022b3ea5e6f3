package io.tributary.learner.algo;

import io.tributary.policy.random.LxmRandom;
import io.tributary.learner.algo.AlgorithmOptions.BoolKey;
import io.tributary.learner.algo.AlgorithmOptions.IntKey;
import io.tributary.learner.algo.AlgorithmOptions.RealKey;
import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.Adam;
import io.tributary.learner.nn.ParameterVector;
import io.tributary.policy.GaussianPolicy;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TRPO as sb3-contrib's {@code TRPO.train} (2.x) runs it, read top to bottom in {@link #update}:
 * <ol>
 *   <li>the whole rollout is one batch (every {@code sub_sampling_factor}-th row of a random permutation);</li>
 *   <li>the old policy {@code pi_old = N(mu_old(s), sigma_old)} is the current one, held fixed;</li>
 *   <li>the surrogate {@code L(theta) = mean(A * exp(log pi_theta(a|s) - log pi_b(a|s)))} against the rollout's
 *       log-probabilities, advantages normalized by default, and its gradient {@code g};</li>
 *   <li>the search direction {@code s ~ F^-1 g} by conjugate gradient ({@link ConjugateGradient}, from
 *       {@code x0 = 1e-4 * randn}), where {@code F v} is the Hessian of the mean {@code KL(pi_theta || pi_old)} at
 *       {@code theta_old} times {@code v}, plus {@code cg_damping * v} ({@link #fisherVectorProduct});</li>
 *   <li>the largest step {@code beta = sqrt(2 delta / s^T F s)} with {@code delta = target_kl};</li>
 *   <li>backtracking: {@code theta = theta_old + shrink^i * beta * s} for {@code i < line_search_max_iter}, accepted
 *       at the first {@code i} where {@code KL < delta} and the surrogate improved, else the policy reverts;</li>
 *   <li>the critic: {@code n_critic_updates} epochs of shuffled minibatches of {@code batch_size} rows (the whole
 *       rollout), MSE to the returns, Adam on the critic only (no gradient clipping, constant learning rate).</li>
 * </ol>
 * The KL is torch's {@code kl_divergence} of sb3's diagonal Gaussian, a {@code Normal} over the action elements, so
 * {@code .mean()} averages over rows and action dimensions. At {@code theta = theta_old} the KL's Hessian is the
 * Fisher matrix {@code J^T M J}: {@code J} the Jacobian of {@code (mean, log_std)} in the parameters, {@code M} per
 * element {@code 1 / sigma^2} for the mean and {@code 2} for {@code log_std}; {@code F v} is one JVP, a scaling and
 * one VJP of the policy network. Entropy, value and policy share no parameters here, as in sb3's MlpPolicy.
 */
public final class Trpo implements Algorithm {

    // sb3-contrib's keys and defaults (those that CleanRL's keys already carry: learning_rate, n_steps = num-steps,
    // gamma, gae_lambda, target_kl, and Adam's eps 1e-5, which sb3's ActorCriticPolicy sets too)
    public static final IntKey BATCH_SIZE = new IntKey("batch-size", 128, 1, Integer.MAX_VALUE,
            "sb3's batch_size: rows per critic minibatch");
    public static final IntKey N_CRITIC_UPDATES = new IntKey("n-critic-updates", 10, 1, Integer.MAX_VALUE,
            "sb3's n_critic_updates: critic epochs per policy update");
    public static final IntKey CG_MAX_STEPS = new IntKey("cg-max-steps", 15, 1, Integer.MAX_VALUE,
            "sb3's cg_max_steps: conjugate gradient iterations");
    public static final RealKey CG_DAMPING = new RealKey("cg-damping", 0.1, 0, false, Double.MAX_VALUE,
            "sb3's cg_damping: added to the Fisher-vector product, times v");
    public static final RealKey LINE_SEARCH_SHRINKING_FACTOR = new RealKey("line-search-shrinking-factor", 0.8, 0, true,
            1, "sb3's line_search_shrinking_factor: the step's factor per backtracking try");
    public static final IntKey LINE_SEARCH_MAX_ITER = new IntKey("line-search-max-iter", 10, 1, Integer.MAX_VALUE,
            "sb3's line_search_max_iter: backtracking tries");
    public static final BoolKey NORMALIZE_ADVANTAGE = new BoolKey("normalize-advantage", true,
            "sb3's normalize_advantage: (A - mean) / (std + 1e-8) over the batch");
    public static final IntKey SUB_SAMPLING_FACTOR = new IntKey("sub-sampling-factor", 1, 1, Integer.MAX_VALUE,
            "sb3's sub_sampling_factor: the policy step uses every k-th row");
    static final List<AlgorithmOptions.Key> KEYS = List.of(BATCH_SIZE, N_CRITIC_UPDATES, CG_MAX_STEPS, CG_DAMPING,
            LINE_SEARCH_SHRINKING_FACTOR, LINE_SEARCH_MAX_ITER, NORMALIZE_ADVANTAGE, SUB_SAMPLING_FACTOR);
    /** CleanRL keys TRPO reads: the critic's learning rate and Adam eps, and the KL bound. */
    static final Set<String> SHARED_KEYS = Set.of("learning-rate", "target-kl", "adam-eps");

    static final String CRITIC_OPTIMIZER = "critic-adam";
    static final String GENERATOR = "cg-start-and-minibatches";
    /** sb3's {@code conjugate_gradient_solver} residual tolerance (squared norm). */
    static final double CG_RESIDUAL_TOL = 1e-10;

    /**
     * sb3-contrib's defaults: its learning rate (1e-3, the critic's), target_kl 0.01, and a time-limit cut bootstrapped
     * from the value of the cut state (sb3's on-policy rollout does this); 1M steps (the RL Zoo's).
     */
    static Hyperparameters defaults(String envId) {
        return Hyperparameters.rpo(envId).forAlgorithm("trpo", AlgorithmOptions.defaults(KEYS))
                .with("learning-rate", "1e-3").with("target-kl", "0.01").with("total-timesteps", "1000000")
                .with("bootstrap-truncated", "true");
    }

    /** Checks across keys: sb3's target_kl is a number (the trust region), never CleanRL's none. */
    static void check(Hyperparameters hp) {
        Hyperparameters.require(hp.hasTargetKl(), "target-kl", "> 0 for trpo (the trust region's size)", "none");
    }

    private final Hyperparameters hp;
    private final ActorCriticNet net;
    private final LxmRandom rng;
    private final Adam criticOptimizer;
    private final int policyParams;
    private final int actionDim;
    private final double cgDamping;
    private final double targetKl;

    // the policy step's rows (sub-sampled) and their old distribution
    private int rows;
    private ActorCriticNet.Workspace ws;
    private int[] perm;
    private float[] actions;
    private float[] behaviourLogProb;
    private double[] advantages;
    private float[] muOld;
    /** The batch size the policy step's buffers are sized for. */
    private int sizedFor = -1;
    private final double[] logStdOld;
    private final double[] varOld;

    // flat policy-slice vectors
    private final double[] g;
    private final double[] s;
    private final double[] fs;
    private final float[] thetaOld;
    private final float[] theta;
    private final ParameterVector direction;
    private final ParameterVector product;
    private final float[] logStdTangent;
    private final float[] logStdCotangent;

    public Trpo(Hyperparameters hp, ActorCriticNet net, LxmRandom rng) {
        this.hp = hp;
        this.net = net;
        this.rng = rng;
        this.criticOptimizer = Adam.cleanRl(net.spec().parameterCount(), hp.adamEps());
        this.policyParams = net.spec().policyParameterCount();
        this.actionDim = net.spec().actionDim();
        this.cgDamping = hp.options().get(CG_DAMPING);
        this.targetKl = hp.targetKl();
        sizeFor(hp.batchSize());
        this.logStdOld = new double[actionDim];
        this.varOld = new double[actionDim];
        this.g = new double[policyParams];
        this.s = new double[policyParams];
        this.fs = new double[policyParams];
        this.thetaOld = new float[policyParams];
        this.theta = new float[policyParams];
        this.direction = net.newParameterVector();
        this.product = net.newParameterVector();
        this.logStdTangent = new float[actionDim];
        this.logStdCotangent = new float[actionDim];
    }

    @Override
    public String name() {
        return "trpo";
    }

    @Override
    public TrpoStats update(RolloutBatch b, int iteration) {
        // 1-2. the batch and the old distribution pi_old (the current policy, held fixed)
        beginPolicyStep(b);

        // 3. the surrogate L(theta_old) and its gradient g
        double policyObjective = surrogateAndGradient();

        // 4. s ~ F^-1 g by conjugate gradient from x0 = 1e-4 * randn
        for (int i = 0; i < policyParams; i++) s[i] = 1e-4 * rng.nextGaussian();
        int cgIterations = ConjugateGradient.solve(this::fisherVectorProduct, g, s, hp.options().get(CG_MAX_STEPS),
                CG_RESIDUAL_TOL);

        // 5. beta = sqrt(2 delta / s^T F s)
        fisherVectorProduct(s, fs);
        double beta = Math.sqrt(2 * targetKl / ConjugateGradient.dot(s, fs));

        // 6. backtracking line search on theta_old + coef * beta * s
        net.params().read().get(0, thetaOld, 0, policyParams);
        double coef = 1.0;
        boolean success = false;
        double newObjective = Double.NaN;
        double kl = Double.NaN;
        int tries = 0;
        double shrink = hp.options().get(LINE_SEARCH_SHRINKING_FACTOR);
        for (int i = 0; i < hp.options().get(LINE_SEARCH_MAX_ITER); i++) {
            tries++;
            for (int p = 0; p < policyParams; p++) theta[p] = (float) (thetaOld[p] + coef * beta * s[p]);
            net.paramBuffer().put(0, theta, 0, policyParams);
            net.policy().forward(ws);
            newObjective = surrogate();
            kl = meanKl();
            if (kl < targetKl && newObjective > policyObjective) {
                success = true;
                break;
            }
            coef *= shrink;
        }
        if (!success) net.paramBuffer().put(0, thetaOld, 0, policyParams);

        // 7. the critic: n_critic_updates epochs of MSE minibatches over the whole rollout
        double valueLoss = criticEpochs(b);

        double std = 0;
        for (int j = 0; j < actionDim; j++) std += Math.exp(net.policy().logStd(j));
        return new TrpoStats(hp.learningRate(), success ? newObjective : policyObjective, valueLoss, success ? kl : 0,
                Ppo.explainedVariance(b.values, b.returns, b.rows), success ? 1 : 0, std / actionDim, tries,
                cgIterations);
    }

    /** The policy step's rows of {@code b}, the old distribution at the current parameters, the advantages. */
    void beginPolicyStep(RolloutBatch b) {
        selectRows(b);
        evaluateOldPolicy();
        normalizeAdvantages();
    }

    /**
     * Sizes the policy step's buffers for a batch of {@code batchRows} rows: the configured batch at construction, and
     * again when a batch of another size comes (an actor's fragment missing, an actor joined).
     */
    private void sizeFor(int batchRows) {
        if (batchRows == sizedFor) return;
        int k = hp.options().get(SUB_SAMPLING_FACTOR);
        this.rows = (batchRows + k - 1) / k;
        this.ws = net.workspace(rows);
        this.perm = new int[batchRows];
        this.actions = new float[rows * actionDim];
        this.behaviourLogProb = new float[rows];
        this.advantages = new double[rows];
        this.muOld = new float[rows * actionDim];
        this.sizedFor = batchRows;
    }

    /** sb3's {@code rollout_buffer.get()}: a permutation of the rows, then every {@code sub_sampling_factor}-th. */
    private void selectRows(RolloutBatch b) {
        int n = b.rows;
        sizeFor(n);
        for (int i = 0; i < n; i++) perm[i] = i;
        shuffle(perm, n);
        int k = hp.options().get(SUB_SAMPLING_FACTOR);
        int od = b.observationDim;
        FloatBuffer obs = ws.obs();
        for (int r = 0; r < rows; r++) {
            int i = perm[r * k];
            obs.put(r * od, b.obs, i * od, od);
            System.arraycopy(b.actions, i * actionDim, actions, r * actionDim, actionDim);
            behaviourLogProb[r] = b.logProbs[i];
            advantages[r] = b.advantages[i];
        }
    }

    /** Forward at theta_old; keeps {@code mu_old} and {@code log_std_old}. The workspace stays at theta_old. */
    private void evaluateOldPolicy() {
        net.policy().forward(ws);
        ws.mean().get(0, muOld, 0, rows * actionDim);
        for (int j = 0; j < actionDim; j++) {
            logStdOld[j] = net.policy().logStd(j);
            varOld[j] = Math.exp(2 * logStdOld[j]);
        }
    }

    /** {@code (A - mean(A)) / (std(A) + 1e-8)}, torch's unbiased std, when normalize_advantage. */
    private void normalizeAdvantages() {
        if (!hp.options().get(NORMALIZE_ADVANTAGE)) return;
        double mean = 0;
        for (int i = 0; i < rows; i++) mean += advantages[i];
        mean /= rows;
        double ss = 0;
        for (int i = 0; i < rows; i++) ss += (advantages[i] - mean) * (advantages[i] - mean);
        double std = Math.sqrt(ss / (rows - 1));
        for (int i = 0; i < rows; i++) advantages[i] = (advantages[i] - mean) / (std + 1e-8);
    }

    /** {@code log pi_theta(a|s)} of row {@code i} after a forward pass. */
    private double logProb(FloatBuffer mean, int i) {
        double lp = 0;
        for (int j = 0; j < actionDim; j++) {
            double logStd = net.policy().logStd(j);
            double z = (actions[i * actionDim + j] - mean.get(i * actionDim + j)) * Math.exp(-logStd);
            lp += -0.5 * z * z - logStd - GaussianPolicy.LOG_SQRT_2PI;
        }
        return lp;
    }

    /** {@code L(theta) = mean(A * exp(log pi_theta - log pi_b))} after a forward pass. */
    double surrogate() {
        FloatBuffer mean = ws.mean();
        double sum = 0;
        for (int i = 0; i < rows; i++) sum += advantages[i] * Math.exp(logProb(mean, i) - behaviourLogProb[i]);
        return sum / rows;
    }

    /**
     * {@code L(theta)} and its gradient {@code g} (policy slice) at the workspace's forward pass: per row
     * {@code dL/dmu = A r (a - mu) / sigma^2 / N}, {@code dL/dlog_std = A r (z^2 - 1) / N}, carried by the VJP.
     */
    double surrogateAndGradient() {
        FloatBuffer mean = ws.mean();
        FloatBuffer dMean = ws.meanGrad();
        java.util.Arrays.fill(logStdCotangent, 0f);
        double[] dLogStd = new double[actionDim];
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            double weighted = advantages[i] * Math.exp(logProb(mean, i) - behaviourLogProb[i]);
            sum += weighted;
            for (int j = 0; j < actionDim; j++) {
                double invStd = Math.exp(-net.policy().logStd(j));
                double z = (actions[i * actionDim + j] - mean.get(i * actionDim + j)) * invStd;
                dMean.put(i * actionDim + j, (float) (weighted * z * invStd / rows));
                dLogStd[j] += weighted * (z * z - 1) / rows;
            }
        }
        for (int j = 0; j < actionDim; j++) logStdCotangent[j] = (float) dLogStd[j];
        net.policy().vjp(ws, logStdCotangent, product);
        FloatBuffer pg = product.read();
        for (int p = 0; p < policyParams; p++) g[p] = pg.get(p);
        return sum / rows;
    }

    /** {@code g} as {@link #surrogateAndGradient} left it (the policy slice). */
    double[] surrogateGradient() {
        return g;
    }

    /**
     * {@code out = F v + cg_damping * v}, {@code F} the Hessian of the mean KL to {@code pi_old} at theta_old (the
     * workspace's forward pass): the JVP {@code (t_mu, t_log_std) = J v}, the KL's curvature per action element
     * ({@code 1 / sigma_old^2} on the mean, 2 on {@code log_std}, averaged over rows and dimensions), the VJP.
     */
    void fisherVectorProduct(double[] v, double[] out) {
        FloatBuffer d = direction.buffer();
        for (int p = 0; p < policyParams; p++) d.put(p, (float) v[p]);
        net.policy().jvp(ws, direction, logStdTangent);
        FloatBuffer tMean = ws.meanTangent();
        FloatBuffer u = ws.meanGrad();
        double elements = (double) rows * actionDim;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < actionDim; j++) {
                u.put(i * actionDim + j, (float) (tMean.get(i * actionDim + j) / varOld[j] / elements));
            }
        }
        // log_std is shared by the rows: its cotangent sums 2 t / (N d) over N rows
        for (int j = 0; j < actionDim; j++) logStdCotangent[j] = (float) (2.0 * logStdTangent[j] / actionDim);
        net.policy().vjp(ws, logStdCotangent, product);
        FloatBuffer fv = product.read();
        for (int p = 0; p < policyParams; p++) out[p] = fv.get(p) + cgDamping * v[p];
    }

    /** Mean over rows and action elements of {@code KL(pi_theta || pi_old)} after a forward pass. */
    double meanKl() {
        FloatBuffer mean = ws.mean();
        double sum = 0;
        for (int j = 0; j < actionDim; j++) {
            double logStd = net.policy().logStd(j);
            double var = Math.exp(2 * logStd);
            for (int i = 0; i < rows; i++) {
                double dm = mean.get(i * actionDim + j) - muOld[i * actionDim + j];
                sum += logStdOld[j] - logStd + (var + dm * dm) / (2 * varOld[j]) - 0.5;
            }
        }
        return sum / ((double) rows * actionDim);
    }

    /** sb3's critic loop: per epoch a fresh permutation, minibatches of batch_size, {@code F.mse_loss}, Adam. */
    private double criticEpochs(RolloutBatch b) {
        int n = b.rows;
        int od = b.observationDim;
        int batchSize = hp.options().get(BATCH_SIZE);
        FloatBuffer zeroed = net.gradBuffer();
        for (int p = 0; p < policyParams; p++) zeroed.put(p, 0f); // the actor takes no critic step
        double lossSum = 0;
        int minibatches = 0;
        for (int epoch = 0; epoch < hp.options().get(N_CRITIC_UPDATES); epoch++) {
            for (int i = 0; i < n; i++) perm[i] = i;
            shuffle(perm, n);
            for (int start = 0; start < n; start += batchSize) {
                int m = Math.min(batchSize, n - start);
                ActorCriticNet.Workspace mb = net.workspace(m);
                for (int r = 0; r < m; r++) mb.obs().put(r * od, b.obs, perm[start + r] * od, od);
                net.value().forward(mb);
                FloatBuffer v = mb.value();
                FloatBuffer dv = mb.valueGrad();
                double loss = 0;
                for (int r = 0; r < m; r++) {
                    double e = v.get(r) - b.returns[perm[start + r]];
                    loss += e * e;
                    dv.put(r, (float) (2 * e / m));
                }
                lossSum += loss / m;
                minibatches++;
                net.value().vjp(mb, net.grads());
                criticOptimizer.step(net.paramBuffer(), net.gradBuffer(), hp.learningRate());
            }
        }
        return lossSum / minibatches;
    }

    /** {@code np.random.permutation}'s role: Fisher-Yates with this algorithm's generator. */
    private void shuffle(int[] a, int n) {
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The number of rows of the policy step (the batch, sub-sampled). */
    int policyRows() {
        return rows;
    }

    @Override
    public AlgorithmState state() {
        return new AlgorithmState(Map.of(CRITIC_OPTIMIZER, criticOptimizer.state()), Map.of(GENERATOR, rng.state()));
    }

    @Override
    public void restore(AlgorithmState state) {
        Adam.State o = state.optimizer(CRITIC_OPTIMIZER);
        if (o.m().length != net.spec().parameterCount()) {
            throw new IllegalArgumentException("the " + CRITIC_OPTIMIZER + " state is for " + o.m().length
                    + " parameters, the network has " + net.spec().parameterCount());
        }
        rng.restore(state.generator(GENERATOR));
        criticOptimizer.restore(o);
    }
}
