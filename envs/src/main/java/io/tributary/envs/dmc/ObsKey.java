package io.tributary.envs.dmc;

/** One key of a dm_control observation dict and its flattened size (a scalar key has size 1). */
public record ObsKey(String name, int size) {
    public ObsKey {
        if (size < 1) throw new IllegalArgumentException("observation key " + name + " needs size >= 1, got " + size);
    }
}
