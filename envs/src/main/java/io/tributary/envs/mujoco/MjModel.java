package io.tributary.envs.mujoco;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;

/**
 * An owned {@code mjModel*}: compiled from MJCF text (no files needed) or copied from another model. Freed by
 * {@link #close()} (idempotent); tasks may modify its fields (geom sizes, site positions, ...) since every env copy
 * owns its own model, as dm_control's Physics does.
 */
@SuppressWarnings("restricted") // FFM: this package is the one place that touches native memory
public final class MjModel implements AutoCloseable {

    private final MuJoCoNative nat;
    private MemorySegment ptr;
    private final Map<String, MjArray> arrays = new HashMap<>();
    /** The scope of every view into this object's memory ({@link MjArray}s, scalars); closed before the free. */
    private final Arena views = Arena.ofShared();

    private MjModel(MuJoCoNative nat, MemorySegment ptr) {
        this.nat = nat;
        this.ptr = ptr;
    }

    /** Compiles MJCF text; {@code name} is the virtual file name (appears in error messages). */
    public static MjModel fromXml(String name, String xml) {
        MuJoCoNative nat = MuJoCoNative.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(1000);
            MemorySegment p = (MemorySegment) nat.loadXml.invokeExact(a.allocateFrom(name), a.allocateFrom(xml), err, 1000);
            if (p.equals(MemorySegment.NULL)) {
                throw new IllegalArgumentException("MuJoCo could not compile " + name + ": " + err.getString(0));
            }
            return new MjModel(nat, p);
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    /** A deep copy (its own memory). */
    public MjModel copy() {
        try {
            MemorySegment p = (MemorySegment) nat.copyModel.invokeExact(ptr());
            if (p.equals(MemorySegment.NULL)) throw new OutOfMemoryError("mj_copyModel failed");
            return new MjModel(nat, p);
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    public MemorySegment ptr() {
        if (ptr == null) throw new IllegalStateException("MjModel is closed");
        return ptr;
    }

    /** A size field: nq, nv, nu, na, nbody, njnt, ngeom, nsite, ntendon, nwrap, nsensor, nsensordata, ... */
    public int size(String field) {
        try (Arena a = Arena.ofConfined()) {
            long v = (long) nat.modelSize.invokeExact(ptr(), a.allocateFrom(field));
            if (v < 0) throw new IllegalArgumentException("mjModel has no size field '" + field + "'");
            return (int) v;
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    /** An array field of mjModel by its C name (body_mass, geom_size, jnt_range, wrap_prm, ...), cached. */
    public MjArray array(String field) {
        return arrays.computeIfAbsent(field, f -> MjArray.resolve("mjModel", views, f,
                (name, type, rows, cols) -> (MemorySegment) nat.modelArray.invokeExact(ptr(), name, type, rows, cols)));
    }

    /** A field of mjModel.opt: scalars (timestep, integrator, disableflags, ...) or vectors (gravity, wind, ...). */
    public MjArray option(String field) {
        String key = "opt." + field;
        MjArray cached = arrays.get(key);
        if (cached != null) return cached;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment type = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment count = a.allocate(ValueLayout.JAVA_LONG);
            MemorySegment p = (MemorySegment) nat.optionField.invokeExact(ptr(), a.allocateFrom(field), type, count);
            if (p.equals(MemorySegment.NULL)) throw new IllegalArgumentException("mjOption has no field '" + field + "'");
            MjArray arr = new MjArray(key, p, views, MjArray.Type.values()[type.get(ValueLayout.JAVA_INT, 0)],
                    count.get(ValueLayout.JAVA_LONG, 0), 1);
            arrays.put(key, arr);
            return arr;
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    public double timestep() {
        return option("timestep").get(0);
    }

    /** 0 Euler, 1 RK4, 2 implicit. */
    public int integrator() {
        return option("integrator").getInt(0);
    }

    /** {@code mj_name2id}; -1 when there is no such object. */
    public int id(MjObj type, String name) {
        try (Arena a = Arena.ofConfined()) {
            return (int) nat.name2id.invokeExact(ptr(), type.code(), a.allocateFrom(name));
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    /** {@code mj_id2name}; null when the object has no name. */
    public String name(MjObj type, int id) {
        try {
            MemorySegment p = (MemorySegment) nat.id2name.invokeExact(ptr(), type.code(), id);
            return p.equals(MemorySegment.NULL) ? null : p.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    @Override
    public void close() {
        if (ptr == null) return;
        MemorySegment p = ptr;
        ptr = null;
        arrays.clear();
        views.close();
        try {
            nat.freeModel.invokeExact(p);
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }
}
