package io.tributary.learner.algo;

import io.tributary.policy.GaussianPolicy;
import io.tributary.policy.random.CheckpointableRandom;
import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.Adam;
import io.tributary.learner.nn.cuda.CudaBackend;
import io.tributary.learner.nn.cuda.CudaPpoStep;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * PPO and RPO, read top to bottom as CleanRL's update ({@code ppo_continuous_action.py},
 * {@code rpo_continuous_action.py}): the annealed learning rate, {@code update_epochs} passes over the batch in
 * shuffled minibatches, and per minibatch the clipped surrogate {@code L^CLIP} of the probability ratio
 * {@code r_t(theta) = pi_theta(a_t|s_t) / pi_theta_old(a_t|s_t)} against the normalized advantages {@code A_t},
 * the clipped value loss {@code L^VF}, the entropy bonus {@code S}, {@code loss = -L^CLIP - c2 S + c1 L^VF}
 * (CleanRL's {@code pg_loss - ent_coef * entropy_loss + v_loss * vf_coef}), the global gradient-norm clip and one
 * Adam step; then the optional {@code target_kl} early stop and the explained variance. RPO evaluates the stored
 * actions under {@code N(mean + z, std)} with {@code z ~ U(-rpo_alpha, rpo_alpha)} drawn fresh for every minibatch
 * evaluation; PPO is {@code rpo_alpha = 0}.
 *
 * <p>The loss and its gradient with respect to the network outputs ({@code mean}, {@code value}, {@code log_std})
 * are written out by hand in {@link #lossAndGradients}, fused into one loop over the minibatch; the networks'
 * vector-Jacobian products carry them to the parameters ({@code loss.backward()}).
 *
 * <p>On a CUDA backend the minibatch body (gather, loss, backward, clip, Adam) runs on the device as one CUDA graph
 * ({@link CudaPpoStep}); the shuffle and the RPO draws stay here, on the same generator, in the same order.
 */
public final class Ppo implements Algorithm {

    /** The state names in an {@link AlgorithmState}. */
    static final String OPTIMIZER = "adam";
    static final String GENERATOR = "minibatches-and-rpo-noise";

    /** One minibatch's inputs; the observations go straight into the network workspace. */
    public static final class Minibatch {
        public final int rows;
        public final ActorCriticNet.Workspace ws;
        public final float[] actions;
        public final float[] logProbs;
        public final float[] advantages;
        public final float[] returns;
        public final float[] values;
        /** [rows][actionDim] the RPO perturbation of the mean for this evaluation (zeros for PPO). */
        public final float[] z;

        public Minibatch(ActorCriticNet net, int rows) {
            this.rows = rows;
            this.ws = net.workspace(rows);
            int a = net.spec().actionDim();
            actions = new float[rows * a];
            logProbs = new float[rows];
            advantages = new float[rows];
            returns = new float[rows];
            values = new float[rows];
            z = new float[rows * a];
        }
    }

    /** The scalar terms of one minibatch loss. */
    public record LossTerms(double loss, double policyLoss, double valueLoss, double entropy, double oldApproxKl,
            double approxKl, double clipfrac) {}

    private final String name;
    private final Hyperparameters hp;
    private final ActorCriticNet net;
    private final Adam optimizer;
    private final RandomGenerator rng;
    private int[] bInds;
    /** Minibatch buffers by row count: the configured batch's, and those of other batch sizes met so far. */
    private final Map<Integer, Minibatch> minibatches = new java.util.HashMap<>();
    private final double[] dLogStd;
    private final float[] logStdGrad;
    private final double[] logStd;
    private final double[] invStd;
    /** One row's standardized action residuals {@code (action - (mean + z)) / std}, shared by loss and gradient. */
    private final double[] residual;
    /** The device route on a CUDA backend (Adam's state then lives there), null on the CPU. */
    private final CudaPpoStep device;

    /** Named by {@code rpo_alpha} ({@link Algorithms#nameFor}); {@code rng} shuffles and draws the RPO noise. */
    public Ppo(Hyperparameters hp, ActorCriticNet net, RandomGenerator rng) {
        this(Algorithms.nameFor(hp), hp, net, rng);
    }

    /**
     * @param rng shuffles the minibatches and draws the RPO noise; checkpoints need a {@link CheckpointableRandom}
     */
    public Ppo(String name, Hyperparameters hp, ActorCriticNet net, RandomGenerator rng) {
        this.name = name;
        this.hp = hp;
        this.net = net;
        this.optimizer = Adam.cleanRl(net.spec().parameterCount(), hp.adamEps());
        this.rng = rng;
        this.bInds = new int[hp.batchSize()];
        for (int[] range : minibatchRanges(hp.batchSize())) minibatch(range[1] - range[0]);
        int ad = net.spec().actionDim();
        this.dLogStd = new double[ad];
        this.logStdGrad = new float[ad];
        this.logStd = new double[ad];
        this.invStd = new double[ad];
        this.residual = new double[ad];
        this.device = net.backend() instanceof CudaBackend ? new CudaPpoStep(net, new CudaPpoStep.Settings(hp.clipCoef(),
                hp.normAdv(), hp.clipVloss(), hp.vfCoef(), hp.entCoef(), hp.maxGradNorm(), 0.9, 0.999, hp.adamEps()),
                hp.batchSize()) : null;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The minibatches of a batch of {@code rows} rows as [start, end) ranges. The configured batch is cut as CleanRL
     * cuts it ({@code range(0, batch_size, minibatch_size)}); a batch of another size (a lost actor's fragment
     * missing, an actor joined) keeps CleanRL's number of minibatches, so the minibatch size follows the batch:
     * {@code num_minibatches} near-equal ranges (fewer when normalized advantages would leave a minibatch under 2
     * rows).
     */
    public int[][] minibatchRanges(int rows) {
        if (rows < 1) throw new IllegalArgumentException("a batch needs rows, has " + rows);
        if (rows == hp.batchSize()) {
            int mb = hp.minibatchSize();
            int count = (rows + mb - 1) / mb;
            int[][] r = new int[count][];
            for (int k = 0; k < count; k++) r[k] = new int[] {k * mb, Math.min(rows, (k + 1) * mb)};
            return r;
        }
        int count = Math.max(1, Math.min(hp.numMinibatches(), hp.normAdv() ? rows / 2 : rows));
        int[][] r = new int[count][];
        for (int k = 0; k < count; k++) r[k] = new int[] {(int) ((long) k * rows / count), (int) ((long) (k + 1) * rows / count)};
        return r;
    }

    private Minibatch minibatch(int rows) {
        return minibatches.computeIfAbsent(rows, n -> new Minibatch(net, n));
    }

    /**
     * One update on {@code b}; {@code iteration} counts from 1 as in CleanRL (it drives LR annealing). {@code b} may
     * hold more or fewer rows than the configured batch ({@link #minibatchRanges}).
     */
    @Override
    public PpoStats update(RolloutBatch b, int iteration) {
        double lrnow = learningRate(iteration);
        int batchSize = b.rows;
        int[][] ranges = minibatchRanges(batchSize);
        if (bInds.length < batchSize) bInds = new int[batchSize];
        for (int i = 0; i < batchSize; i++) bInds[i] = i;
        double clipfracSum = 0;
        int clipfracCount = 0;
        LossTerms last = null;
        double gradNorm = 0;
        int epochsRun = 0;
        if (device != null) {
            device.loadBatch(b.obs, b.actions, b.logProbs, b.advantages, b.returns, b.values, batchSize);
        }
        for (int epoch = 0; epoch < hp.updateEpochs(); epoch++) {
            shuffle(bInds, batchSize); // np.random.shuffle(b_inds)
            for (int[] range : ranges) {
                int start = range[0];
                Minibatch mb = minibatch(range[1] - start);
                if (device != null) {
                    drawRpoNoise(mb);
                    CudaPpoStep.Terms t = device.step(bInds, start, mb.rows, mb.z, lrnow);
                    last = new LossTerms(t.loss(), t.policyLoss(), t.valueLoss(), t.entropy(), t.oldApproxKl(),
                            t.approxKl(), t.clipfrac());
                    gradNorm = t.gradNorm();
                    clipfracSum += last.clipfrac();
                    clipfracCount++;
                    continue;
                }
                gather(b, start, mb); // mb_inds = b_inds[start:end]
                drawRpoNoise(mb);
                last = lossAndGradients(mb); // optimizer.zero_grad(); loss.backward()
                clipfracSum += last.clipfrac();
                clipfracCount++;
                gradNorm = optimizer.clipGradNorm(net.gradBuffer(), hp.maxGradNorm());
                optimizer.step(net.paramBuffer(), net.gradBuffer(), lrnow);
            }
            epochsRun++;
            if (hp.hasTargetKl() && last.approxKl() > hp.targetKl()) break;
        }
        double explainedVar = explainedVariance(b.values, b.returns, batchSize);
        return new PpoStats(lrnow, last.valueLoss(), last.policyLoss(), last.entropy(), last.oldApproxKl(),
                last.approxKl(), clipfracSum / clipfracCount, explainedVar, epochsRun, gradNorm);
    }

    /** {@code lrnow = (1 - (iteration - 1) / num_iterations) * learning_rate} when annealing, else the rate. */
    private double learningRate(int iteration) {
        if (!hp.annealLr()) return hp.learningRate();
        double frac = 1.0 - (iteration - 1.0) / hp.numIterations();
        return frac * hp.learningRate();
    }

    /** {@code np.random.shuffle}: Fisher-Yates with the update's generator. */
    private void shuffle(int[] a, int n) {
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private void gather(RolloutBatch b, int start, Minibatch mb) {
        int od = b.observationDim;
        int ad = b.actionDim;
        FloatBuffer obs = mb.ws.obs();
        for (int r = 0; r < mb.rows; r++) {
            int i = bInds[start + r];
            obs.put(r * od, b.obs, i * od, od);
            System.arraycopy(b.actions, i * ad, mb.actions, r * ad, ad);
            mb.logProbs[r] = b.logProbs[i];
            mb.advantages[r] = b.advantages[i];
            mb.returns[r] = b.returns[i];
            mb.values[r] = b.values[i];
        }
    }

    /** RPO's {@code z = Uniform(-rpo_alpha, rpo_alpha)} per action element; zeros for PPO (no draws). */
    private void drawRpoNoise(Minibatch mb) {
        float alpha = (float) hp.rpoAlpha();
        if (alpha == 0f) {
            java.util.Arrays.fill(mb.z, 0f);
            return;
        }
        for (int i = 0; i < mb.z.length; i++) mb.z[i] = alpha * (2f * rng.nextFloat() - 1f);
    }

    /**
     * CleanRL's minibatch body up to {@code loss.backward()}: the forward pass
     * ({@code agent.get_action_and_value(b_obs[mb_inds], b_actions[mb_inds])}), the loss, and every parameter's
     * gradient into {@code net.grads()} (before clipping). {@code mb.ws.obs} and {@code mb.z} must be filled.
     */
    public LossTerms lossAndGradients(Minibatch mb) {
        net.forward(mb.ws);
        int rows = mb.rows;
        int ad = net.spec().actionDim();
        FloatBuffer mean = mb.ws.mean();
        FloatBuffer newValue = mb.ws.value();
        FloatBuffer dMean = mb.ws.meanGrad();
        FloatBuffer dValue = mb.ws.valueGrad();
        double clip = hp.clipCoef(); // epsilon

        // mb_advantages = (mb_advantages - mean) / (std + 1e-8), torch's unbiased std
        double advMean = 0;
        double advStd = 1;
        if (hp.normAdv()) {
            for (int i = 0; i < rows; i++) advMean += mb.advantages[i];
            advMean /= rows;
            double ss = 0;
            for (int i = 0; i < rows; i++) {
                double d = mb.advantages[i] - advMean;
                ss += d * d;
            }
            advStd = Math.sqrt(ss / (rows - 1)) + 1e-8;
        }

        // entropy of N(., exp(log_std)), the same for every row: sum_j 0.5 + log sqrt(2 pi) + log_std_j
        double entropy = 0;
        java.util.Arrays.fill(dLogStd, 0);
        for (int j = 0; j < ad; j++) {
            float ls = net.policy().logStd(j);
            entropy += 0.5 + GaussianPolicy.LOG_SQRT_2PI + ls;
            logStd[j] = ls;
            invStd[j] = Math.exp(-logStd[j]);
        }

        double pgLoss = 0;
        double vLoss = 0;
        double oldApproxKl = 0;
        double approxKl = 0;
        double clipped = 0;
        double invRows = 1.0 / rows;
        for (int i = 0; i < rows; i++) {
            // newlogprob of the stored action under N(mean + z, std)
            double newLogProb = 0;
            for (int j = 0; j < ad; j++) {
                double d = (mb.actions[i * ad + j] - (mean.get(i * ad + j) + mb.z[i * ad + j])) * invStd[j];
                residual[j] = d;
                newLogProb += -0.5 * d * d - logStd[j] - GaussianPolicy.LOG_SQRT_2PI;
            }
            // logratio = newlogprob - b_logprobs[mb_inds]; ratio = r_t(theta) = logratio.exp()
            double logratio = newLogProb - mb.logProbs[i];
            double ratio = Math.exp(logratio);
            // old_approx_kl = (-logratio).mean(); approx_kl = ((ratio - 1) - logratio).mean(); clipfracs
            oldApproxKl += -logratio;
            approxKl += (ratio - 1) - logratio;
            if (Math.abs(ratio - 1.0) > clip) clipped++;

            // pg_loss = max(-A * ratio, -A * clamp(ratio, 1 - clip, 1 + clip)).mean(), i.e. -L^CLIP
            double adv = hp.normAdv() ? (mb.advantages[i] - advMean) / advStd : mb.advantages[i];
            double clampedRatio = Math.max(1 - clip, Math.min(1 + clip, ratio));
            double pg1 = -adv * ratio;
            double pg2 = -adv * clampedRatio;
            pgLoss += Math.max(pg1, pg2);
            double clampPass = ratio >= 1 - clip && ratio <= 1 + clip ? 1.0 : 0.0;
            double dPgDRatio = pg1 > pg2 ? -adv : pg1 < pg2 ? -adv * clampPass : 0.5 * (-adv - adv * clampPass);
            double dLogProb = dPgDRatio * ratio * invRows;
            for (int j = 0; j < ad; j++) {
                double d = residual[j];
                dMean.put(i * ad + j, (float) (dLogProb * d * invStd[j]));
                dLogStd[j] += dLogProb * (d * d - 1.0);
            }

            // v_loss = 0.5 * max((newvalue - returns)^2, (v_clipped - returns)^2).mean(), clip_vloss around b_values
            double v = newValue.get(i);
            double ret = mb.returns[i];
            double dv;
            if (hp.clipVloss()) {
                double unclippedLoss = (v - ret) * (v - ret);
                double vClipped = mb.values[i] + Math.max(-clip, Math.min(clip, v - mb.values[i]));
                double clippedLoss = (vClipped - ret) * (vClipped - ret);
                vLoss += Math.max(unclippedLoss, clippedLoss);
                double pass = Math.abs(v - mb.values[i]) <= clip ? 1.0 : 0.0;
                double dU = 2 * (v - ret);
                double dC = 2 * (vClipped - ret) * pass;
                dv = unclippedLoss > clippedLoss ? dU : unclippedLoss < clippedLoss ? dC : 0.5 * (dU + dC);
            } else {
                vLoss += (v - ret) * (v - ret);
                dv = 2 * (v - ret);
            }
            dValue.put(i, (float) (hp.vfCoef() * 0.5 * dv * invRows));
        }
        pgLoss *= invRows;
        vLoss = 0.5 * vLoss * invRows;
        // loss = pg_loss - ent_coef * entropy_loss + v_loss * vf_coef
        double loss = pgLoss - hp.entCoef() * entropy + vLoss * hp.vfCoef();

        // loss.backward(): the outputs' cotangents through both networks
        for (int j = 0; j < ad; j++) logStdGrad[j] = (float) (dLogStd[j] - hp.entCoef());
        net.policy().vjp(mb.ws, logStdGrad, net.grads());
        net.value().vjp(mb.ws, net.grads());
        return new LossTerms(loss, pgLoss, vLoss, entropy, oldApproxKl * invRows, approxKl * invRows,
                clipped * invRows);
    }

    /** {@code 1 - Var(returns - values) / Var(returns)}, NaN when the returns are constant (numpy's var). */
    static double explainedVariance(float[] pred, float[] target, int n) {
        double meanY = 0;
        double meanD = 0;
        for (int i = 0; i < n; i++) {
            meanY += target[i];
            meanD += target[i] - pred[i];
        }
        meanY /= n;
        meanD /= n;
        double varY = 0;
        double varD = 0;
        for (int i = 0; i < n; i++) {
            double y = target[i] - meanY;
            double d = target[i] - pred[i] - meanD;
            varY += y * y;
            varD += d * d;
        }
        return varY == 0 ? Double.NaN : 1.0 - varD / varY;
    }

    public ActorCriticNet net() {
        return net;
    }

    @Override
    public AlgorithmState state() {
        Adam.State adam = device != null ? device.adamState() : optimizer.state();
        return new AlgorithmState(Map.of(OPTIMIZER, adam), Map.of(GENERATOR, checkpointable().state()));
    }

    @Override
    public void restore(AlgorithmState state) {
        long[] g = state.generator(GENERATOR);
        Adam.State o = state.optimizer(OPTIMIZER);
        if (o.m().length != net.spec().parameterCount()) {
            throw new IllegalArgumentException("the " + OPTIMIZER + " state is for " + o.m().length
                    + " parameters, the network has " + net.spec().parameterCount());
        }
        checkpointable().restore(g);
        if (device != null) device.restoreAdam(o);
        else optimizer.restore(o);
    }

    private CheckpointableRandom checkpointable() {
        if (rng instanceof CheckpointableRandom c) return c;
        throw new IllegalStateException("this " + name + " draws from a " + rng.getClass().getName()
                + ", whose state cannot be read; checkpoints need a CheckpointableRandom (the registry's default)");
    }
}
