package io.tributary.envs.mujoco;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Steps a slice of environment copies with one downcall ({@code trb_step_batch}): each copy gets its action row,
 * dm_control's control-step call sequence with {@code nSubSteps}, and a per-copy error flag. The native buffers
 * (pointer tables, actions, flags) are allocated once; nothing is allocated per step.
 */
public final class MjBatchStepper implements AutoCloseable {

    private final MuJoCoNative nat = MuJoCoNative.get();
    private final Arena arena = Arena.ofShared();
    private final int n;
    private final int nu;
    private final int nSubSteps;
    /** Gymnasium MujocoEnv's step ({@code trb_gym_step_batch}) instead of dm_control's. */
    private final boolean gymnasium;
    private final MemorySegment models;
    private final MemorySegment datas;
    private final MemorySegment actions;
    private final MemorySegment flags;

    public MjBatchStepper(MjData[] copies, int nSubSteps) {
        this(copies, nSubSteps, false);
    }

    /**
     * Steps with Gymnasium MujocoEnv's sequence instead: ctrl, {@code mj_step} x {@code frameSkip},
     * {@code mj_rnePostConstraint} ({@link MjData#gymStep}).
     */
    public static MjBatchStepper gymnasium(MjData[] copies, int frameSkip) {
        return new MjBatchStepper(copies, frameSkip, true);
    }

    private MjBatchStepper(MjData[] copies, int nSubSteps, boolean gymnasium) {
        this.gymnasium = gymnasium;
        this.n = copies.length;
        this.nu = copies.length == 0 ? 0 : copies[0].model().size("nu");
        this.nSubSteps = nSubSteps;
        this.models = arena.allocate(ValueLayout.ADDRESS, Math.max(1, n));
        this.datas = arena.allocate(ValueLayout.ADDRESS, Math.max(1, n));
        this.actions = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, (long) n * nu));
        this.flags = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, n));
        for (int i = 0; i < n; i++) {
            models.setAtIndex(ValueLayout.ADDRESS, i, copies[i].model().ptr());
            datas.setAtIndex(ValueLayout.ADDRESS, i, copies[i].ptr());
        }
    }

    public int size() {
        return n;
    }

    /** Copies row-major actions for this slice from {@code src} starting at row {@code firstRow}. */
    public void setActions(double[] src, int firstRow) {
        MemorySegment.copy(src, firstRow * nu, actions, ValueLayout.JAVA_DOUBLE, 0, n * nu);
    }

    /** Steps every copy of the slice (one downcall). */
    public void step() {
        try {
            if (gymnasium) nat.gymStepBatch.invokeExact(n, models, datas, actions, nu, nSubSteps, flags);
            else nat.stepBatch.invokeExact(n, models, datas, actions, nu, nSubSteps, flags);
        } catch (Throwable t) {
            throw MuJoCoNative.rethrow(t);
        }
    }

    /** The {@link MjData}{@code .ERR_*} flags of copy {@code i} from the last {@link #step()}. */
    public int flags(int i) {
        return flags.getAtIndex(ValueLayout.JAVA_INT, i);
    }

    @Override
    public void close() {
        arena.close();
    }
}
