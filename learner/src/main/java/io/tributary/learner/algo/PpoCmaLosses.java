package io.tributary.learner.algo;

import io.tributary.protocol.PolicySpec;

/**
 * PPO-CMA-m's two losses (Hämäläinen et al., ICML 2019; the authors' {@code ppocma} code, mode {@code PPO-CMA-m}),
 * their values and their gradients with respect to the raw network outputs, for one minibatch; {@link PpoCma} calls
 * them and carries the gradients into its two networks. The soft clips are the spec's
 * ({@link PolicySpec.VarianceMlp}), the ones the actors sample with.
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
 *       {@code a~ = mu_old - (a - mu_old)} and the kernel {@code k_i = mean_j exp(-0.5 (a - mu_old)^2 / (sigma_k^2 var))},
 *       {@code sigma_k} the reference's {@code negativeAdvantageAvoidanceSigma} (1 in PPO-CMA-m).</li>
 * </ul>
 */
public final class PpoCmaLosses {

    /** The authors' {@code minSigma} (Agent's {@code sdLowLimit}): the log-variance's lower bound is {@code log(0.01^2)}. */
    public static final double MIN_SIGMA = 0.01;

    private final int actionDim;
    private final PolicySpec.VarianceMlp clip;
    private final double kernelSqWidth;

    /** For actions in {@code [low, high]} per element, {@link #MIN_SIGMA} and the avoidance sigma 1 (PPO-CMA-m). */
    public PpoCmaLosses(double[] low, double[] high) {
        this(new PolicySpec.VarianceMlp(low, high, MIN_SIGMA), 1.0);
    }

    /** With the spec's soft clips and the avoidance kernel's sigma ({@code negativeAdvantageAvoidanceSigma} > 0). */
    public PpoCmaLosses(PolicySpec.VarianceMlp clip, double avoidanceSigma) {
        if (!(avoidanceSigma > 0)) throw new IllegalArgumentException("the avoidance sigma must be > 0, was " + avoidanceSigma);
        this.actionDim = clip.low().length;
        this.clip = clip;
        this.kernelSqWidth = avoidanceSigma * avoidanceSigma;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** {@code softClip(m)} per element: the policy's mean in the action bounds. */
    public double mean(double m, int j) {
        return clip.mean(m, j);
    }

    /** {@code softClip(r)} per element: the policy's log-variance in its bounds. */
    public double logVar(double r, int j) {
        return clip.logVar(r, j);
    }

    /** {@code d log_var / d r} of element {@code j} at the raw output {@code r}. */
    private double logVarSlope(double r, int j) {
        double s = sigmoid(r);
        return (clip.logVarHigh(j) - clip.logVarLow()) * s * (1 - s);
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
                double logVar = logVar(r[k], j);
                double sq = (actions[k] - mu) * (actions[k] - mu) * Math.exp(-logVar);
                // -A+ log pi = A+ (0.5 sq + 0.5 log_var); d/dlog_var = A+ (0.5 - 0.5 sq)
                loss += aPlus * (0.5 * sq + 0.5 * logVar);
                dRaw[k] = aPlus * (0.5 - 0.5 * sq) * logVarSlope(r[k], j) / rows;
            }
        }
        return loss / rows;
    }

    /**
     * {@code L_mu} and, into {@code dRaw} [rows][actionDim], its gradient with respect to the raw mean outputs
     * {@code m} (the log-variance outputs {@code r} get none: held fixed). {@code oldMean} [rows][actionDim] is the
     * clipped mean {@code mu_old} of the policy before this iteration's update.
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
                kernel += Math.exp(-0.5 * d * d / (kernelSqWidth * Math.exp(logVar(r[k], j))));
            }
            kernel /= actionDim;
            double mirroredWeight = aMinus * kernel;
            for (int j = 0; j < actionDim; j++) {
                int k = i * actionDim + j;
                double s = sigmoid(m[k]);
                double mu = mean(m[k], j);
                double logVar = logVar(r[k], j);
                double invVar = Math.exp(-logVar);
                double mirrored = oldMean[k] - (actions[k] - oldMean[k]);
                double e = actions[k] - mu;
                double em = mirrored - mu;
                loss += aPlus * (0.5 * e * e * invVar + 0.5 * logVar) + mirroredWeight * (0.5 * em * em * invVar + 0.5 * logVar);
                double dMu = -(aPlus * e + mirroredWeight * em) * invVar;
                dRaw[k] = dMu * (clip.high(j) - clip.low(j)) * s * (1 - s) / rows;
            }
        }
        return loss / rows;
    }
}
