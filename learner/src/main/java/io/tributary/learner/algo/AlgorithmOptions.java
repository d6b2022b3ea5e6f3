package io.tributary.learner.algo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hyperparameters one algorithm has beyond the run-level ones of {@link Hyperparameters}: a fixed set of
 * {@link Key}s, each declared once by its reference's name (sb3-contrib's {@code cg_max_steps} is
 * {@code --cg-max-steps}) with its default and its allowed range, and the values of a run. A value is checked when it
 * is set; a bad one is an error that names the key, the range and the value, in the command line's words.
 * Immutable; values are kept as their canonical text (what {@link Hyperparameters#asMap()} and checkpoints hold).
 */
public final class AlgorithmOptions {

    /** One algorithm-specific key. */
    public sealed interface Key permits IntKey, RealKey, BoolKey {
        /** The command-line name, the reference's name with dashes ({@code line-search-max-iter}). */
        String name();

        /** What it does, for {@code --help}. */
        String help();

        String defaultText();

        /** The canonical text of {@code text}, or an error naming {@code --name}, the range and the value. */
        String check(String text);
    }

    /** An integer in {@code [min, max]}, decimal. */
    public record IntKey(String name, int defaultValue, int min, int max, String help) implements Key {
        @Override
        public String defaultText() {
            return Integer.toString(defaultValue);
        }

        @Override
        public String check(String text) {
            int v;
            try {
                v = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw bad(name, "an integer in " + range(), text);
            }
            if (v < min || v > max) throw bad(name, "an integer in " + range(), text);
            return Integer.toString(v);
        }

        private String range() {
            return "[" + min + ", " + (max == Integer.MAX_VALUE ? "inf" : max) + "]";
        }
    }

    /** A finite real number in {@code (min, max]} when {@code minExclusive}, else {@code [min, max]}. */
    public record RealKey(String name, double defaultValue, double min, boolean minExclusive, double max, String help)
            implements Key {
        @Override
        public String defaultText() {
            return Double.toString(defaultValue);
        }

        @Override
        public String check(String text) {
            double v;
            try {
                v = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw bad(name, "a number in " + range(), text);
            }
            boolean ok = Double.isFinite(v) && (minExclusive ? v > min : v >= min) && v <= max;
            if (!ok) throw bad(name, "a number in " + range(), text);
            return Double.toString(v);
        }

        private String range() {
            return (minExclusive ? "(" : "[") + min + ", " + (max == Double.MAX_VALUE ? "inf)" : max + "]");
        }
    }

    /** {@code true} or {@code false}, exactly (the command line's rule for booleans). */
    public record BoolKey(String name, boolean defaultValue, String help) implements Key {
        @Override
        public String defaultText() {
            return Boolean.toString(defaultValue);
        }

        @Override
        public String check(String text) {
            if (text.equals("true") || text.equals("false")) return text;
            throw bad(name, "true or false", text);
        }
    }

    private static IllegalArgumentException bad(String name, String allowed, String text) {
        return new IllegalArgumentException("--" + name + " must be " + allowed + ", was '" + text + "'");
    }

    /** No algorithm-specific keys (PPO and RPO: all of theirs are CleanRL's, in {@link Hyperparameters}). */
    public static final AlgorithmOptions NONE = new AlgorithmOptions(List.of(), Map.of());

    private final List<Key> keys;
    private final Map<String, String> values;

    private AlgorithmOptions(List<Key> keys, Map<String, String> values) {
        this.keys = List.copyOf(keys);
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** {@code keys} at their defaults. */
    public static AlgorithmOptions defaults(List<Key> keys) {
        Map<String, String> v = new LinkedHashMap<>();
        for (Key k : keys) {
            if (v.put(k.name(), k.check(k.defaultText())) != null) {
                throw new IllegalArgumentException("key --" + k.name() + " declared twice");
            }
        }
        return new AlgorithmOptions(keys, v);
    }

    public List<Key> keys() {
        return keys;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A copy with {@code name} set to {@code text}, checked. */
    public AlgorithmOptions with(String name, String text) {
        Key k = key(name);
        Map<String, String> v = new LinkedHashMap<>(values);
        v.put(name, k.check(text));
        return new AlgorithmOptions(keys, v);
    }

    public int get(IntKey k) {
        return Integer.parseInt(value(k));
    }

    public double get(RealKey k) {
        return Double.parseDouble(value(k));
    }

    public boolean get(BoolKey k) {
        return Boolean.parseBoolean(value(k));
    }

    private String value(Key k) {
        String v = values.get(k.name());
        if (v == null) throw new IllegalArgumentException("no key --" + k.name() + " here; the keys are " + names());
        return v;
    }

    private Key key(String name) {
        for (Key k : keys) {
            if (k.name().equals(name)) return k;
        }
        throw new IllegalArgumentException("no key --" + name + " here; the keys are " + names());
    }

    private List<String> names() {
        List<String> n = new ArrayList<>();
        for (Key k : keys) n.add("--" + k.name());
        return n;
    }

    /** The values by name, in declaration order. */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlgorithmOptions a && a.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
