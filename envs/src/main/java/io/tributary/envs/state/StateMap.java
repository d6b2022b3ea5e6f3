package io.tributary.envs.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot as named arrays ({@code copy.3.qpos} -> double[]), in insertion order: what an environment, a vector of
 * them or a rollout worker writes to be continued later ({@link StateMapCodec} gives its bytes). Values are
 * {@code double[]}, {@code long[]} or {@code int[]}; scalars are arrays of one. A read names the key it misses and
 * what it expected, so a snapshot of another environment or shape is refused with a message that says why.
 */
public final class StateMap {

    private final Map<String, Object> entries = new LinkedHashMap<>();

    public StateMap putDoubles(String key, double[] values) {
        return put(key, values.clone());
    }

    public StateMap putLongs(String key, long[] values) {
        return put(key, values.clone());
    }

    public StateMap putInts(String key, int[] values) {
        return put(key, values.clone());
    }

    public StateMap putDouble(String key, double v) {
        return put(key, new double[] {v});
    }

    public StateMap putLong(String key, long v) {
        return put(key, new long[] {v});
    }

    public StateMap putBoolean(String key, boolean v) {
        return put(key, new int[] {v ? 1 : 0});
    }

    public StateMap putBooleans(String key, boolean[] values) {
        int[] v = new int[values.length];
        for (int i = 0; i < v.length; i++) v[i] = values[i] ? 1 : 0;
        return put(key, v);
    }

    /** Adds every entry of {@code other} (keys must be new). */
    public StateMap putAll(StateMap other) {
        for (Map.Entry<String, Object> e : other.entries.entrySet()) put(e.getKey(), e.getValue());
        return this;
    }

    private StateMap put(String key, Object values) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("state key is empty");
        if (entries.putIfAbsent(key, values) != null) throw new IllegalArgumentException("state key '" + key + "' written twice");
        return this;
    }

    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** The raw value (double[], long[] or int[]), not copied; for the codec. */
    Object raw(String key) {
        return entries.get(key);
    }

    /** A copy of {@code key}'s doubles, which must number {@code length} (-1: any). */
    public double[] doubles(String key, int length) {
        return ((double[]) get(key, double[].class, length)).clone();
    }

    public long[] longs(String key, int length) {
        return ((long[]) get(key, long[].class, length)).clone();
    }

    public int[] ints(String key, int length) {
        return ((int[]) get(key, int[].class, length)).clone();
    }

    public double getDouble(String key) {
        return ((double[]) get(key, double[].class, 1))[0];
    }

    public long getLong(String key) {
        return ((long[]) get(key, long[].class, 1))[0];
    }

    public boolean getBoolean(String key) {
        return booleans(key, 1)[0];
    }

    public boolean[] booleans(String key, int length) {
        int[] v = (int[]) get(key, int[].class, length);
        boolean[] b = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0 && v[i] != 1) throw new IllegalArgumentException("state key '" + key + "' holds " + v[i] + ", not a flag (0 or 1)");
            b[i] = v[i] == 1;
        }
        return b;
    }

    /** Copies {@code key}'s doubles into {@code out} (whose length they must have). */
    public void doublesInto(String key, double[] out) {
        System.arraycopy(get(key, double[].class, out.length), 0, out, 0, out.length);
    }

    private Object get(String key, Class<?> type, int length) {
        Object v = entries.get(key);
        if (v == null) throw new IllegalArgumentException("state has no key '" + key + "' (it holds " + entries.size() + " keys"
                + (entries.isEmpty() ? "" : ", the first '" + entries.keySet().iterator().next() + "'") + ")");
        if (v.getClass() != type) {
            throw new IllegalArgumentException("state key '" + key + "' holds " + v.getClass().getComponentType() + " values, expected "
                    + type.getComponentType());
        }
        int n = java.lang.reflect.Array.getLength(v);
        if (length >= 0 && n != length) {
            throw new IllegalArgumentException("state key '" + key + "' holds " + n + " values, expected " + length);
        }
        return v;
    }

    /** The keys under {@code prefix} with it removed (e.g. a vector's copy), as a map of their own. */
    public StateMap scope(String prefix) {
        StateMap s = new StateMap();
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            if (e.getKey().startsWith(prefix)) s.entries.put(e.getKey().substring(prefix.length()), e.getValue());
        }
        return s;
    }

    /** {@code other}'s entries with {@code prefix} before each key. */
    public StateMap putScoped(String prefix, StateMap other) {
        for (Map.Entry<String, Object> e : other.entries.entrySet()) put(prefix + e.getKey(), e.getValue());
        return this;
    }

    /** A copy without {@code key} (e.g. to check that a restore names what is missing). */
    public StateMap without(String key) {
        StateMap s = new StateMap();
        for (Map.Entry<String, Object> e : entries.entrySet()) if (!e.getKey().equals(key)) s.entries.put(e.getKey(), e.getValue());
        return s;
    }

    @Override
    public String toString() {
        return "StateMap" + entries.keySet();
    }
}
