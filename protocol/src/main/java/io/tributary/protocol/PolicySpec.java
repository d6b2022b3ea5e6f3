package io.tributary.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shape of the Gaussian actor-critic that actors and learner agree on, and the exact order of its flat
 * weight vector. Every weights message and every trajectory fragment carries {@link #hash()}, so a process built
 * for another network is detected before a single float is read.
 *
 * <p>Flat layout (version 1), in this order:
 * <ol>
 *   <li>actor mean MLP: for each layer {@code l} (input to output), {@code W_l} as {@code [out][in]} row-major
 *       (PyTorch's {@code nn.Linear.weight} layout), then {@code b_l} {@code [out]};</li>
 *   <li>{@code log_std} {@code [actionDim]} (state-independent);</li>
 *   <li>critic MLP: the same per-layer order, ending in one output.</li>
 * </ol>
 * Hidden layers use {@link #activation()}; the actor head and the critic head are linear.
 *
 * <p>Variant with a {@link VarianceMlp} (PPO-CMA's policy, Hamalainen et al. 2019): a state-dependent variance
 * instead of {@code log_std}, and the layout is
 * <ol>
 *   <li>the mean MLP as above, its raw output {@code m};</li>
 *   <li>the variance MLP: the same hidden sizes and per-layer order, its raw output {@code r} [actionDim];</li>
 *   <li>the critic MLP.</li>
 * </ol>
 * The Gaussian is {@code N(mu, exp(log_var))} with both outputs soft-clipped,
 * {@code mu = low + (high - low) sigmoid(m)} into the action bounds and
 * {@code log_var = log(minSigma^2) + (log(range^2) - log(minSigma^2)) sigmoid(r)}, {@code range = high - low}.
 * The bounds and {@code minSigma} are part of {@link #canonical()}, so the variant has its own hash.
 */
public record PolicySpec(int observationDim, int actionDim, int[] actorHidden, int[] criticHidden, Activation activation,
        VarianceMlp varianceMlp) {

    /** Version of the flat layout above; part of the hash. */
    public static final int LAYOUT_VERSION = 1;

    public enum Activation { TANH, RELU }

    /** One dense layer's place in the flat vector. */
    public record Layer(int in, int out, int weightOffset, int biasOffset) {
        public int weightCount() {
            return in * out;
        }
    }

    /**
     * PPO-CMA's state-dependent variance: the variance MLP's presence, the soft-clip bounds of the mean
     * ({@code low}, {@code high} per action element, the action space's) and of the log-variance
     * ({@code [log(minSigma^2), log((high - low)^2)]}). The soft clips live here, once, for the actor and the learner.
     */
    public record VarianceMlp(double[] low, double[] high, double minSigma) {
        public VarianceMlp {
            if (low == null || high == null || low.length != high.length) {
                throw new IllegalArgumentException("the variance MLP needs as many lower as upper action bounds");
            }
            if (!(minSigma > 0) || !Double.isFinite(minSigma)) {
                throw new IllegalArgumentException("minSigma must be a finite number > 0, was " + minSigma);
            }
            for (int j = 0; j < low.length; j++) {
                if (!Double.isFinite(low[j]) || !Double.isFinite(high[j]) || !(high[j] - low[j] > minSigma)) {
                    throw new IllegalArgumentException("the variance MLP needs finite action bounds wider than minSigma "
                            + minSigma + "; element " + j + " is [" + low[j] + ", " + high[j] + "]");
                }
            }
            low = low.clone();
            high = high.clone();
        }

        @Override
        public double[] low() {
            return low.clone();
        }

        @Override
        public double[] high() {
            return high.clone();
        }

        /** The lower action bound of element {@code j}. */
        public double low(int j) {
            return low[j];
        }

        /** The upper action bound of element {@code j}. */
        public double high(int j) {
            return high[j];
        }

        static double sigmoid(double x) {
            return 1 / (1 + Math.exp(-x));
        }

        /** {@code mu = low + (high - low) sigmoid(m)}: the mean of element {@code j} from the raw output. */
        public double mean(double m, int j) {
            return low[j] + (high[j] - low[j]) * sigmoid(m);
        }

        /** {@code log(minSigma^2)}, the log-variance's lower bound. */
        public double logVarLow() {
            return Math.log(minSigma * minSigma);
        }

        /** {@code log((high - low)^2)} of element {@code j}, the log-variance's upper bound. */
        public double logVarHigh(int j) {
            double range = high[j] - low[j];
            return Math.log(range * range);
        }

        /** {@code log_var} of element {@code j} from the raw output {@code r}. */
        public double logVar(double r, int j) {
            double lo = logVarLow();
            return lo + (logVarHigh(j) - lo) * sigmoid(r);
        }

        /** The raw output whose log-variance is {@code log(sd^2)} (the inverse soft clip); sd inside the bounds. */
        public double rawForSd(double sd, int j) {
            double lo = logVarLow();
            double s = (Math.log(sd * sd) - lo) / (logVarHigh(j) - lo);
            if (!(s > 0 && s < 1)) throw new IllegalArgumentException("sd " + sd + " is outside (" + minSigma + ", range)");
            return Math.log(s / (1 - s));
        }

        /** The raw output whose mean is {@code mu} (the inverse soft clip); mu inside the bounds. */
        public double rawForMean(double mu, int j) {
            double s = (mu - low[j]) / (high[j] - low[j]);
            if (!(s > 0 && s < 1)) throw new IllegalArgumentException("mean " + mu + " is outside the action bounds");
            return Math.log(s / (1 - s));
        }

        String canonical() {
            return ";variance=logvar-mlp;low=" + Arrays.toString(low) + ";high=" + Arrays.toString(high) + ";min-sigma="
                    + minSigma;
        }
    }

    /** The state-independent {@code log_std} layout (no variance MLP). */
    public PolicySpec(int observationDim, int actionDim, int[] actorHidden, int[] criticHidden, Activation activation) {
        this(observationDim, actionDim, actorHidden, criticHidden, activation, null);
    }

    public PolicySpec {
        if (varianceMlp != null && varianceMlp.low.length != actionDim) {
            throw new IllegalArgumentException("the variance MLP has " + varianceMlp.low.length + " action bounds, the action has "
                    + actionDim + " elements");
        }
        if (observationDim <= 0) throw new IllegalArgumentException("observationDim must be > 0, was " + observationDim);
        if (actionDim <= 0) throw new IllegalArgumentException("actionDim must be > 0, was " + actionDim);
        if (activation == null) throw new IllegalArgumentException("activation must be one of " + Arrays.toString(Activation.values()));
        actorHidden = checkHidden("actorHidden", actorHidden);
        criticHidden = checkHidden("criticHidden", criticHidden);
    }

    /** CleanRL's network: 64-64 tanh for both actor and critic. */
    public static PolicySpec cleanRl(int observationDim, int actionDim) {
        return new PolicySpec(observationDim, actionDim, new int[] {64, 64}, new int[] {64, 64}, Activation.TANH);
    }

    private static int[] checkHidden(String name, int[] hidden) {
        if (hidden == null) throw new IllegalArgumentException(name + " must not be null");
        for (int h : hidden) {
            if (h <= 0) throw new IllegalArgumentException(name + " sizes must be > 0, were " + Arrays.toString(hidden));
        }
        return hidden.clone();
    }

    @Override
    public int[] actorHidden() {
        return actorHidden.clone();
    }

    @Override
    public int[] criticHidden() {
        return criticHidden.clone();
    }

    /** Layers of the actor mean network, offsets into the flat vector. */
    public List<Layer> actorLayers() {
        return layers(observationDim, actorHidden, actionDim, 0);
    }

    /** Whether this is the variant with a state-dependent variance MLP (no {@code log_std}). */
    public boolean hasVarianceMlp() {
        return varianceMlp != null;
    }

    /** Offset of {@code log_std} in the flat vector; the variance-MLP variant has none (an error). */
    public int logStdOffset() {
        if (varianceMlp != null) {
            throw new IllegalStateException("this layout has a variance MLP, no log_std: " + canonical());
        }
        return end(actorLayers());
    }

    /** Layers of the variance MLP (after the mean MLP); empty without one. */
    public List<Layer> varianceLayers() {
        return varianceMlp == null ? List.of() : layers(observationDim, actorHidden, actionDim, end(actorLayers()));
    }

    /** Layers of the critic network, offsets into the flat vector. */
    public List<Layer> criticLayers() {
        return layers(observationDim, criticHidden, 1, policyParameterCount());
    }

    /**
     * Number of floats the actor needs, a prefix: the mean layers and {@code log_std}, or the mean and the variance
     * layers.
     */
    public int policyParameterCount() {
        return varianceMlp == null ? end(actorLayers()) + actionDim : end(varianceLayers());
    }

    /** Length of the whole flat weight vector. */
    public int parameterCount() {
        return end(criticLayers());
    }

    private static List<Layer> layers(int in, int[] hidden, int out, int offset) {
        List<Layer> result = new ArrayList<>();
        int prev = in;
        for (int i = 0; i <= hidden.length; i++) {
            int next = i < hidden.length ? hidden[i] : out;
            result.add(new Layer(prev, next, offset, offset + prev * next));
            offset += prev * next + next;
            prev = next;
        }
        return List.copyOf(result);
    }

    private static int end(List<Layer> layers) {
        Layer last = layers.get(layers.size() - 1);
        return last.biasOffset() + last.out();
    }

    /** A stable text form; the hash is taken over it. */
    public String canonical() {
        return "layout=" + LAYOUT_VERSION + ";obs=" + observationDim + ";act=" + actionDim + ";actor="
                + Arrays.toString(actorHidden) + ";critic=" + Arrays.toString(criticHidden) + ";activation="
                + activation.name().toLowerCase() + (varianceMlp == null ? "" : varianceMlp.canonical());
    }

    /** 64-bit FNV-1a of {@link #canonical()}: the same on every JVM and every run. */
    public long hash() {
        long h = 0xcbf29ce484222325L;
        for (byte b : canonical().getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicySpec s && s.canonical().equals(canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    @Override
    public String toString() {
        return "PolicySpec(" + canonical() + ")";
    }
}
