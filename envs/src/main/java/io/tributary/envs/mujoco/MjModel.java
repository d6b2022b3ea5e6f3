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
        return fromXml(name, xml, Map.of());
    }

    /** The most asset files one compile takes: MuJoCo 2.2.2's VFS holds {@code mjMAXVFS} = 2000, the model's own included. */
    public static final int MAX_ASSET_FILES = 1999;

    /**
     * Compiles MJCF text that refers to other files (meshes, includes, textures, skins) from memory, through MuJoCo's
     * virtual file system: {@code files} maps each file's path as the model refers to it (e.g.
     * {@code dog_assets/BONEC_1.stl} under {@code meshdir="dog_assets/"}, {@code common/skybox.xml}) to its bytes.
     * MuJoCo 2.2.2 keys VFS files by the last path component, case-folded, so two files with the same name in
     * different directories are an error. Nothing is read from disk.
     */
    public static MjModel fromXml(String name, String xml, Map<String, byte[]> files) {
        if (files.size() > MAX_ASSET_FILES) {
            throw new IllegalArgumentException("MuJoCo could not compile " + name + ": " + files.size()
                    + " asset files do not fit MuJoCo's VFS (" + MAX_ASSET_FILES + " besides the model at most)");
        }
        MuJoCoNative nat = MuJoCoNative.get();
        try (Arena a = Arena.ofConfined()) {
            int n = files.size();
            MemorySegment names = a.allocate(ValueLayout.ADDRESS, Math.max(1, n));
            MemorySegment data = a.allocate(ValueLayout.ADDRESS, Math.max(1, n));
            MemorySegment sizes = a.allocate(ValueLayout.JAVA_INT, Math.max(1, n));
            int i = 0;
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                byte[] bytes = f.getValue();
                MemorySegment buf = a.allocate(Math.max(1, bytes.length));
                MemorySegment.copy(bytes, 0, buf, ValueLayout.JAVA_BYTE, 0, bytes.length);
                names.setAtIndex(ValueLayout.ADDRESS, i, a.allocateFrom(f.getKey()));
                data.setAtIndex(ValueLayout.ADDRESS, i, buf);
                sizes.setAtIndex(ValueLayout.JAVA_INT, i, bytes.length);
                i++;
            }
            MemorySegment err = a.allocate(1000);
            MemorySegment p = (MemorySegment) nat.loadXmlVfs.invokeExact(a.allocateFrom(name), a.allocateFrom(xml), n,
                    names, data, sizes, err, 1000);
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
