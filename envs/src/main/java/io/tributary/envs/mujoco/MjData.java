package io.tributary.envs.mujoco;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;

/** An owned {@code mjData*} for one {@link MjModel}; freed by {@link #close()} (idempotent). */
@SuppressWarnings("restricted") // FFM: this package is the one place that touches native memory
public final class MjData implements AutoCloseable {

    /** Flags returned by the stepping calls (bit set): a MuJoCo warning counter increased during the call. */
    public static final int ERR_WARNING = 1;
    /** Non-finite qpos, qvel or qacc after the call. */
    public static final int ERR_NONFINITE = 2;
    /** MuJoCo raised an error (caught by the shim instead of exiting the process). */
    public static final int ERR_MUJOCO = 4;

    private final MuJoCoNative nat;
    private final MjModel model;
    private MemorySegment ptr;
    private final Map<String, MjArray> arrays = new HashMap<>();
    /** The scope of every view into this object's memory ({@link MjArray}s, scalars); closed before the free. */
    private final Arena views = Arena.ofShared();
    private final MemorySegment time;
    private final MemorySegment ncon;

    public MjData(MjModel model) {
        this.nat = MuJoCoNative.get();
        this.model = model;
        try {
            MemorySegment p = (MemorySegment) nat.makeData.invokeExact(model.ptr());
            if (p.equals(MemorySegment.NULL)) throw new OutOfMemoryError("mj_makeData failed");
            this.ptr = p;
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
        this.time = scalar("time", 8);
        this.ncon = scalar("ncon", 4);
    }

    public MjModel model() {
        return model;
    }

    public MemorySegment ptr() {
        if (ptr == null) throw new IllegalStateException("MjData is closed");
        return ptr;
    }

    private MemorySegment scalar(String field, int bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment type = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment p = (MemorySegment) nat.dataScalar.invokeExact(ptr(), a.allocateFrom(field), type);
            if (p.equals(MemorySegment.NULL)) throw new IllegalArgumentException("mjData has no scalar '" + field + "'");
            return p.reinterpret(bytes, views, null);
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    /** An array field of mjData by its C name (qpos, qvel, ctrl, xpos, xmat, site_xpos, sensordata, ...), cached. */
    public MjArray array(String field) {
        return arrays.computeIfAbsent(field, f -> MjArray.resolve("mjData", views, f,
                (name, type, rows, cols) -> (MemorySegment) nat.dataArray.invokeExact(model.ptr(), ptr(), name, type, rows, cols)));
    }

    public double time() {
        return time.get(ValueLayout.JAVA_DOUBLE, 0);
    }

    public void setTime(double t) {
        time.set(ValueLayout.JAVA_DOUBLE, 0, t);
    }

    /** Number of detected contacts (after a forward pass or step). */
    public int ncon() {
        return ncon.get(ValueLayout.JAVA_INT, 0);
    }

    /** {@code mj_resetData} then {@code mj_forward} with actuation disabled (dm_control's reset, step 1). */
    public int resetAndForward() {
        try {
            return (int) nat.reset.invokeExact(model.ptr(), ptr());
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    /** {@code mj_forward} with actuation disabled (dm_control's {@code physics.forward()} in reset contexts). */
    public int forwardWithoutActuation() {
        try {
            return (int) nat.forwardNoAct.invokeExact(model.ptr(), ptr());
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    /** Plain {@code mj_forward}. */
    public int forward() {
        try {
            return (int) nat.forward.invokeExact(model.ptr(), ptr());
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    /**
     * One dm_control control step: ctrl = {@code action} (native, nu doubles), then the legacy call sequence with
     * {@code nSubSteps}. Returns the {@code ERR_*} flags (0 when healthy).
     */
    public int controlStep(MemorySegment action, int nSubSteps) {
        try {
            return (int) nat.controlStep.invokeExact(model.ptr(), ptr(), action, nSubSteps);
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    /**
     * One Gymnasium MujocoEnv step: ctrl = {@code action} (native, nu doubles), {@code mj_step} x {@code frameSkip},
     * then {@code mj_rnePostConstraint} (contact forces for cfrc_ext). Returns the {@code ERR_*} flags.
     */
    public int gymStep(MemorySegment action, int frameSkip) {
        try {
            return (int) nat.gymStep.invokeExact(model.ptr(), ptr(), action, frameSkip);
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    /** {@code steps} plain {@code mj_step} calls with {@code ctrl} held (benchmark reference). */
    public void rawSteps(MemorySegment ctrl, long steps) {
        try {
            nat.rawSteps.invokeExact(model.ptr(), ptr(), ctrl, steps);
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
            nat.freeData.invokeExact(p);
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }
}
