package io.tributary.policy;

import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The actor-side Gaussian policy in plain Java (no ND4J in actor processes): the actor-mean MLP over a
 * {@link PolicyVersion}'s flat weights, a state-independent {@code log_std}, sampling and log-probabilities.
 * Accumulates in double so that it agrees with the learner's float32 network to well below 1e-5.
 *
 * <p>Sampling is CleanRL's: {@code a ~ N(mean, exp(log_std))}. With {@code perturbAlpha > 0} the mean is first
 * shifted by {@code U(-alpha, alpha)} per action dimension (RPO's perturbed-mean sampling) and the log-probability
 * is that of the distribution sampled from. CleanRL's RPO samples unperturbed during rollouts and perturbs only in
 * the update, so the default is 0. Not thread-safe: one instance per worker thread.
 *
 * <p>With a {@link PolicySpec.VarianceMlp} (PPO-CMA's layout) the variance is state-dependent: the variance MLP's
 * raw output and the mean MLP's are soft-clipped as the spec says, and the Gaussian is
 * {@code N(mu(obs), exp(log_var(obs)))}; {@link #mean} gives the clipped mean, {@link #logStd(float[], int, int)}
 * half the log-variance.
 */
public final class GaussianPolicy {

    /** log(sqrt(2 pi)), the Gaussian normalizer per dimension. */
    public static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final PolicySpec spec;
    private final List<PolicySpec.Layer> actorLayers;
    private final List<PolicySpec.Layer> criticLayers;
    private final List<PolicySpec.Layer> varianceLayers;
    private final PolicySpec.VarianceMlp varianceMlp;
    private final boolean tanh;
    private final double[][] buffers;
    private final double[] mean;
    /** [actionDim] log sigma per element of the last {@link #distribution} call. */
    private final double[] logStd;
    private float[] weights;
    private long version = -1;

    public GaussianPolicy(PolicySpec spec) {
        this.spec = spec;
        this.actorLayers = spec.actorLayers();
        this.criticLayers = spec.criticLayers();
        this.varianceLayers = spec.varianceLayers();
        this.varianceMlp = spec.varianceMlp();
        this.tanh = spec.activation() == PolicySpec.Activation.TANH;
        int widest = spec.observationDim();
        for (int h : spec.actorHidden()) widest = Math.max(widest, h);
        for (int h : spec.criticHidden()) widest = Math.max(widest, h);
        buffers = new double[][] {new double[widest], new double[widest]};
        mean = new double[spec.actionDim()];
        logStd = new double[spec.actionDim()];
    }

    /** Switches to another version; its weights are used in place, not copied. */
    public void load(PolicyVersion v) {
        if (!v.spec.equals(spec)) {
            throw new IllegalArgumentException("version spec " + v.spec + " differs from the policy's " + spec);
        }
        load(v.version, v.weights);
    }

    /**
     * Switches to a flat vector in {@link PolicySpec}'s layout, used in place: the policy prefix at least, the whole
     * network for {@link #value}.
     */
    public void load(long version, float[] weights) {
        if (weights == null || weights.length < spec.policyParameterCount()) {
            throw new IllegalArgumentException("weights have " + (weights == null ? "no" : weights.length) + " floats; the policy "
                    + spec + " needs at least " + spec.policyParameterCount());
        }
        this.weights = weights;
        this.version = version;
    }

    public long version() {
        return version;
    }

    public PolicySpec spec() {
        return spec;
    }

    /**
     * The policy's mean for one (normalized) observation into {@code out[outOffset..]}: the mean MLP's output, soft
     * clipped into the action bounds in the variance-MLP layout.
     */
    public void mean(float[] obs, int obsOffset, double[] out, int outOffset) {
        forward(actorLayers, obs, obsOffset, mean);
        if (varianceMlp != null) {
            for (int j = 0; j < mean.length; j++) mean[j] = varianceMlp.mean(mean[j], j);
        }
        System.arraycopy(mean, 0, out, outOffset, spec.actionDim());
    }

    /** {@code mean} and {@code logStd} of the Gaussian at one observation. */
    private void distribution(float[] obs, int obsOffset) {
        mean(obs, obsOffset, mean, 0);
        if (varianceMlp == null) {
            int lso = spec.logStdOffset();
            for (int j = 0; j < logStd.length; j++) logStd[j] = weights[lso + j];
        } else {
            forward(varianceLayers, obs, obsOffset, logStd);
            for (int j = 0; j < logStd.length; j++) logStd[j] = 0.5 * varianceMlp.logVar(logStd[j], j);
        }
    }

    /** {@code log sigma} of element {@code j} at one observation (in both layouts). */
    public double logStd(float[] obs, int obsOffset, int j) {
        distribution(obs, obsOffset);
        return logStd[j];
    }

    /** Critic value of one observation; needs the whole flat vector, not only the policy prefix. */
    public double value(float[] obs, int obsOffset) {
        if (weights.length < spec.parameterCount()) {
            throw new IllegalStateException("the loaded weights are only the policy prefix; value() needs the critic too");
        }
        return forward(criticLayers, obs, obsOffset, null)[0];
    }

    /** The state-independent {@code log_std[j]}; the variance-MLP layout has none (an error). */
    public double logStd(int j) {
        return weights[spec.logStdOffset() + j];
    }

    /**
     * Samples an action for one observation into {@code action[actionOffset..]} and returns its log-probability.
     */
    public double sample(float[] obs, int obsOffset, RandomGenerator rng, double perturbAlpha, float[] action,
            int actionOffset) {
        distribution(obs, obsOffset);
        double logProb = 0;
        for (int j = 0; j < mean.length; j++) {
            double m = mean[j];
            if (perturbAlpha > 0) m += perturbAlpha * (2.0 * rng.nextDouble() - 1.0);
            double logStd = this.logStd[j];
            double std = Math.exp(logStd);
            float a = (float) (m + std * rng.nextGaussian());
            action[actionOffset + j] = a;
            double d = (a - m) / std;
            logProb += -0.5 * d * d - logStd - LOG_SQRT_2PI;
        }
        return logProb;
    }

    /** Log-probability of {@code action} under {@code N(mean(obs), exp(log_std))}. */
    public double logProb(float[] obs, int obsOffset, float[] action, int actionOffset) {
        distribution(obs, obsOffset);
        double logProb = 0;
        for (int j = 0; j < mean.length; j++) {
            double logStd = this.logStd[j];
            double d = (action[actionOffset + j] - mean[j]) / Math.exp(logStd);
            logProb += -0.5 * d * d - logStd - LOG_SQRT_2PI;
        }
        return logProb;
    }

    /** Entropy of the state-independent Gaussian (the same for every observation); the variance-MLP layout: an error. */
    public double entropy() {
        double e = 0;
        for (int j = 0; j < spec.actionDim(); j++) e += 0.5 + LOG_SQRT_2PI + logStd(j);
        return e;
    }

    /** The MLP of {@code layers} at one observation; the head writes into {@code head} when given (it may be wider). */
    private double[] forward(List<PolicySpec.Layer> layers, float[] obs, int obsOffset, double[] head) {
        float[] w = weights;
        double[] in = buffers[0];
        for (int i = 0; i < spec.observationDim(); i++) in[i] = obs[obsOffset + i];
        int last = layers.size() - 1;
        for (int l = 0; l <= last; l++) {
            PolicySpec.Layer layer = layers.get(l);
            double[] out = l == last && head != null ? head : buffers[(l + 1) & 1];
            for (int o = 0; o < layer.out(); o++) {
                double s = w[layer.biasOffset() + o];
                int row = layer.weightOffset() + o * layer.in();
                for (int i = 0; i < layer.in(); i++) s += w[row + i] * in[i];
                out[o] = l == last ? s : (tanh ? Math.tanh(s) : Math.max(0.0, s));
            }
            in = out;
        }
        return in;
    }
}
