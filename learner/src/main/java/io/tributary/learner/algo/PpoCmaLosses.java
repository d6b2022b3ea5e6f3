package io.tributary.learner.algo;

/**
 * PPO-CMA-m's two losses (Hämäläinen et al., ICML 2019; the authors' {@code ppocma} code, mode {@code PPO-CMA-m}),
 * their values and their gradients with respect to the raw network outputs, for one minibatch. Not yet an
 * {@link Algorithm}: the state-dependent variance network, its training loop with the history of H iterations and
 * the actor-side policy are issue 12's remaining part; these are the maths they will call, checked on their own.
 *
 * <p>Per row {@code i} and action element {@code j}, with raw mean output {@code m} and raw log-variance output
 * {@code r}:
 * <ul>
 *   <li>{@code mu = softClip(m, action_low, action_high)}, {@code log_var = softClip(r, log(0.01^2),
 *       log(range^2))}, {@code softClip(x, lo, hi) = lo + (hi - lo) sigmoid(x)}, {@code var = exp(log_var)};</li>
 *   <li>{@code log pi(a) = -sum_j (0.5 (a - mu)^2 / var + 0.5 log_var)} (the authors' form, no constant);</li>
 *   <li>advantages {@code A} divided by their std (not centred) by the caller; {@code A+ = max(A, 0)},
 *       {@code A- = max(-A, 0)};</li>
 *   <li>variance loss, mean held fixed: {@code L_var = -mean_i(A+_i log pi(a_i | mu fixed, var))};</li>
 *   <li>mean loss, variance held fixed: {@code L_mu = -mean_i(A+_i log pi(a_i | mu, var fixed))
 *       - mean_i(A-_i k_i log pi(a~_i | mu, var fixed))}, with the mirrored action
 *       {@code a~ = mu_old - (a - mu_old)} and the kernel {@code k_i = mean_j exp(-0.5 (a - mu_old)^2 / var)}
 *       (the avoidance sigma 1).</li>
 * </ul>
 */
public final class PpoCmaLosses {

    /** The authors' {@code minSigma}: the log-variance's lower bound is {@code log(0.01^2)}. */
    public static final double MIN_SIGMA = 0.01;

    private final int actionDim;
    private final double[] low;
    private final double[] high;
    private final double[] logVarLow;
    private final double[] logVarHigh;

    /** For actions in {@code [low, high]} per element; the log-variance's range is {@code [log(0.01^2), log(range^2)]}. */
    public PpoCmaLosses(double[] low, double[] high) {
        this.actionDim = low.length;
        this.low = low.clone();
        this.high = high.clone();
        this.logVarLow = new double[actionDim];
        this.logVarHigh = new double[actionDim];
        for (int j = 0; j < actionDim; j++) {
            double range = high[j] - low[j];
            if (!(range > MIN_SIGMA)) throw new IllegalArgumentException("action range " + range + " at element " + j);
            logVarLow[j] = Math.log(MIN_SIGMA * MIN_SIGMA);
            logVarHigh[j] = Math.log(range * range);
        }
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** {@code softClip(m)} per element: the policy's mean in the action bounds. */
    public double mean(double m, int j) {
        return low[j] + (high[j] - low[j]) * sigmoid(m);
    }

    /** {@code softClip(r)} per element: the policy's log-variance in its bounds. */
    public double logVar(double r, int j) {
        return logVarLow[j] + (logVarHigh[j] - logVarLow[j]) * sigmoid(r);
    }

    /**
     * {@code L_var} and, into {@code dRaw} [rows][actionDim], its gradient with respect to the raw log-variance
     * outputs {@code r} (the mean outputs {@code m} get none: held fixed).
     */
    public double varianceLoss(int rows, double[] m, double[] r, double[] actions, double[] advantages, double[] dRaw) {
        double loss = 0;
        for (int i = 0; i < rows; i++) {
            double aPlus = Math.max(advantages[i], 0);
            for (int j = 0; j < actionDim; j++) {
                int k = i * actionDim + j;
                double mu = mean(m[k], j);
                double s = sigmoid(r[k]);
                double logVar = logVarLow[j] + (logVarHigh[j] - logVarLow[j]) * s;
                double sq = (actions[k] - mu) * (actions[k] - mu) * Math.exp(-logVar);
                // -A+ log pi = A+ (0.5 sq + 0.5 log_var); d/dlog_var = A+ (0.5 - 0.5 sq)
                loss += aPlus * (0.5 * sq + 0.5 * logVar);
                dRaw[k] = aPlus * (0.5 - 0.5 * sq) * (logVarHigh[j] - logVarLow[j]) * s * (1 - s) / rows;
            }
        }
        return loss / rows;
    }

    /**
     * {@code L_mu} and, into {@code dRaw} [rows][actionDim], its gradient with respect to the raw mean outputs
     * {@code m} (the log-variance outputs {@code r} get none: held fixed). {@code oldMean} [rows][actionDim] is the
     * clipped mean {@code mu_old} of the policy that collected the actions.
     */
    public double meanLoss(int rows, double[] m, double[] r, double[] actions, double[] advantages, double[] oldMean,
            double[] dRaw) {
        double loss = 0;
        for (int i = 0; i < rows; i++) {
            double aPlus = Math.max(advantages[i], 0);
            double aMinus = Math.max(-advantages[i], 0);
            // the avoidance kernel: how close the bad action was to the old mean, in the current variance's units
            double kernel = 0;
            for (int j = 0; j < actionDim; j++) {
                int k = i * actionDim + j;
                double d = actions[k] - oldMean[k];
                kernel += Math.exp(-0.5 * d * d / Math.exp(logVar(r[k], j)));
            }
            kernel /= actionDim;
            double mirroredWeight = aMinus * kernel;
            for (int j = 0; j < actionDim; j++) {
                int k = i * actionDim + j;
                double s = sigmoid(m[k]);
                double mu = low[j] + (high[j] - low[j]) * s;
                double logVar = logVar(r[k], j);
                double invVar = Math.exp(-logVar);
                double mirrored = oldMean[k] - (actions[k] - oldMean[k]);
                double e = actions[k] - mu;
                double em = mirrored - mu;
                loss += aPlus * (0.5 * e * e * invVar + 0.5 * logVar) + mirroredWeight * (0.5 * em * em * invVar + 0.5 * logVar);
                double dMu = -(aPlus * e + mirroredWeight * em) * invVar;
                dRaw[k] = dMu * (high[j] - low[j]) * s * (1 - s) / rows;
            }
        }
        return loss / rows;
    }
}
