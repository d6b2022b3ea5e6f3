package io.tributary.learner.algo;

import io.tributary.learner.nn.Adam;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an {@link Algorithm} holds beyond the network's parameters, by name: its optimizers' states, its random
 * generators' states and any data it carries across iterations as float arrays (PPO: one Adam, one generator;
 * PPO-CMA: one Adam per network and the history of its last iterations). Names keep a checkpoint readable when an
 * algorithm gains a part. Maps keep their insertion order (the encoding's order).
 */
public record AlgorithmState(Map<String, Adam.State> optimizers, Map<String, long[]> generators,
        Map<String, float[]> arrays) {

    public AlgorithmState {
        optimizers = Collections.unmodifiableMap(new LinkedHashMap<>(optimizers));
        generators = Collections.unmodifiableMap(new LinkedHashMap<>(generators));
        arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    /** Optimizers and generators only (no data across iterations). */
    public AlgorithmState(Map<String, Adam.State> optimizers, Map<String, long[]> generators) {
        this(optimizers, generators, Map.of());
    }

    /** The named array, or a clear error naming what the state holds. */
    public float[] array(String name) {
        float[] a = arrays.get(name);
        if (a == null) throw new IllegalArgumentException("no array '" + name + "' in the state; it holds " + arrays.keySet());
        return a;
    }

    /** The named optimizer state, or a clear error naming what the state holds. */
    public Adam.State optimizer(String name) {
        Adam.State s = optimizers.get(name);
        if (s == null) throw new IllegalArgumentException("no optimizer '" + name + "' in the state; it holds " + optimizers.keySet());
        return s;
    }

    /** The named generator state, or a clear error naming what the state holds. */
    public long[] generator(String name) {
        long[] s = generators.get(name);
        if (s == null) throw new IllegalArgumentException("no generator '" + name + "' in the state; it holds " + generators.keySet());
        return s;
    }
}
