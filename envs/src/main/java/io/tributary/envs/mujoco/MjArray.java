package io.tributary.envs.mujoco;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A view of one array field of mjModel or mjData ({@code qpos}, {@code geom_size}, ...): native memory, an element type
 * and a {@code rows x cols} shape, all as the shim resolved them from MuJoCo's headers. Reads and writes go straight
 * to MuJoCo's memory. The view belongs to its model/data's scope: once that is closed, every access is an
 * {@link IllegalStateException}, never a read of freed memory.
 */
@SuppressWarnings("restricted") // FFM: this package is the one place that touches native memory
public final class MjArray {

    /** Element types, as the shim reports them. */
    public enum Type { F64, F32, I32, U8, CHAR, OTHER }

    private final String name;
    private final MemorySegment segment;
    private final Type type;
    private final int rows;
    private final int cols;

    /** One of the shim's array lookups ({@code trb_model_array}, {@code trb_data_array}) with its owner's pointers bound. */
    @FunctionalInterface
    interface NativeLookup {
        /** Returns the field's address; writes its type code (left at -1 when there is no such field), rows and cols. */
        MemorySegment find(MemorySegment field, MemorySegment type, MemorySegment rows, MemorySegment cols) throws Throwable;
    }

    /**
     * Resolves {@code field} through {@code lookup} into a view living in {@code scope}; {@code owner} ("mjModel",
     * "mjData") names it in the error.
     */
    static MjArray resolve(String owner, Arena scope, String field, NativeLookup lookup) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment type = a.allocate(ValueLayout.JAVA_INT);
            type.set(ValueLayout.JAVA_INT, 0, -1);
            MemorySegment rows = a.allocate(ValueLayout.JAVA_LONG);
            MemorySegment cols = a.allocate(ValueLayout.JAVA_LONG);
            MemorySegment p = lookup.find(a.allocateFrom(field), type, rows, cols);
            int code = type.get(ValueLayout.JAVA_INT, 0);
            if (code == -1) throw new IllegalArgumentException(owner + " has no array field '" + field + "'");
            return new MjArray(field, p, scope, Type.values()[code], rows.get(ValueLayout.JAVA_LONG, 0), cols.get(ValueLayout.JAVA_LONG, 0));
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    MjArray(String name, MemorySegment address, Arena scope, Type type, long rows, long cols) {
        this.name = name;
        this.type = type;
        this.rows = (int) rows;
        this.cols = (int) cols;
        long bytes = rows * cols * switch (type) {
            case F64 -> 8;
            case F32, I32 -> 4;
            case U8, CHAR -> 1;
            case OTHER -> 0;
        };
        this.segment = address.equals(MemorySegment.NULL) ? MemorySegment.NULL : address.reinterpret(bytes, scope, null);
    }

    public String name() { return name; }
    public Type type() { return type; }
    public int rows() { return rows; }
    public int cols() { return cols; }
    public int length() { return rows * cols; }

    /** Element {@code i} of the flattened (row-major) array, as a double whatever the element type. */
    public double get(int i) {
        return switch (type) {
            case F64 -> segment.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            case F32 -> segment.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            case I32 -> segment.getAtIndex(ValueLayout.JAVA_INT, i);
            case U8, CHAR -> segment.get(ValueLayout.JAVA_BYTE, i) & 0xff;
            case OTHER -> throw new UnsupportedOperationException(name + " has a struct element type");
        };
    }

    public double get(int row, int col) {
        return get(row * cols + col);
    }

    public int getInt(int i) {
        return switch (type) {
            case I32 -> segment.getAtIndex(ValueLayout.JAVA_INT, i);
            case U8, CHAR -> segment.get(ValueLayout.JAVA_BYTE, i) & 0xff;
            default -> (int) get(i);
        };
    }

    public void set(int i, double v) {
        switch (type) {
            case F64 -> segment.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
            case F32 -> segment.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
            case I32 -> segment.setAtIndex(ValueLayout.JAVA_INT, i, (int) v);
            case U8, CHAR -> segment.set(ValueLayout.JAVA_BYTE, i, (byte) v);
            case OTHER -> throw new UnsupportedOperationException(name + " has a struct element type");
        }
    }

    public void set(int row, int col, double v) {
        set(row * cols + col, v);
    }

    /** Copies the whole array out (row-major). */
    public double[] toArray() {
        double[] out = new double[length()];
        for (int i = 0; i < out.length; i++) out[i] = get(i);
        return out;
    }

    /** Copies {@code values} in, from element 0. */
    public void setAll(double[] values) {
        if (values.length != length()) {
            throw new IllegalArgumentException(name + " has " + length() + " elements, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) set(i, values[i]);
    }

    MemorySegment segment() {
        return segment;
    }
}
