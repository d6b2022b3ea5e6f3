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
 */
public record PolicySpec(int observationDim, int actionDim, int[] actorHidden, int[] criticHidden, Activation activation) {

    /** Version of the flat layout above; part of the hash. */
    public static final int LAYOUT_VERSION = 1;

    public enum Activation { TANH, RELU }

    /** One dense layer's place in the flat vector. */
    public record Layer(int in, int out, int weightOffset, int biasOffset) {
        public int weightCount() {
            return in * out;
        }
    }

    public PolicySpec {
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

    /** Offset of {@code log_std} in the flat vector. */
    public int logStdOffset() {
        return end(actorLayers());
    }

    /** Layers of the critic network, offsets into the flat vector. */
    public List<Layer> criticLayers() {
        return layers(observationDim, criticHidden, 1, logStdOffset() + actionDim);
    }

    /** Number of floats the actor needs: actor mean layers and {@code log_std}; they form a prefix. */
    public int policyParameterCount() {
        return logStdOffset() + actionDim;
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
                + activation.name().toLowerCase();
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
