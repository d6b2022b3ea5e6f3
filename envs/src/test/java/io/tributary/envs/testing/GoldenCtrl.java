package io.tributary.envs.testing;

import io.tributary.envs.dmc.Physics;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The control signal golden/dm_control/physics was recorded with (its README): plain {@code mj_step} calls with
 * {@code ctrl[i] = (lo+hi)/2 + 0.9*(hi-lo)/2 * sin(0.013*t*(i+1) + 0.7*i)} over each actuator's ctrlrange
 * ([-1, 1] for an unlimited one), {@code t} the step index.
 *
 * <p>{@code sin} is the C library's, as the recording's: Java's {@code Math.sin} differs from glibc's in the last bit
 * for some arguments (humanoid: first at step 93), and a chaotic contact model turns one ulp of ctrl into a visible
 * drift within a few hundred steps.
 */
@SuppressWarnings("restricted") // FFM: a downcall to libm's sin
public final class GoldenCtrl {

    private static final MethodHandle LIBM_SIN = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("sin").orElseThrow(() -> new IllegalStateException("no libm sin")),
            FunctionDescriptor.of(ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE));

    private final Physics physics;
    private final double[] lo;
    private final double[] hi;
    private final MemorySegment ctrl;
    private int step;

    /** Starts at step 0; the native ctrl buffer lives in {@code arena}. */
    public GoldenCtrl(Physics physics, Arena arena) {
        this.physics = physics;
        int nu = physics.nu();
        this.lo = new double[nu];
        this.hi = new double[nu];
        for (int i = 0; i < nu; i++) {
            boolean limited = physics.model("actuator_ctrllimited").getInt(i) != 0;
            lo[i] = limited ? physics.model("actuator_ctrlrange").get(i, 0) : -1;
            hi[i] = limited ? physics.model("actuator_ctrlrange").get(i, 1) : 1;
        }
        this.ctrl = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, nu));
    }

    /** Steps until {@code target} steps have been taken in all (none when already there); returns the step count. */
    public int stepTo(int target) {
        while (step < target) {
            for (int i = 0; i < lo.length; i++) {
                double u = (lo[i] + hi[i]) / 2 + 0.9 * (hi[i] - lo[i]) / 2 * sin(0.013 * step * (i + 1) + 0.7 * i);
                ctrl.setAtIndex(ValueLayout.JAVA_DOUBLE, i, u);
            }
            physics.mjData().rawSteps(ctrl, 1);
            step++;
        }
        return step;
    }

    /** The C library's {@code sin}. */
    static double sin(double x) {
        try {
            return (double) LIBM_SIN.invokeExact(x);
        } catch (Throwable e) {
            throw new IllegalStateException("libm sin failed", e);
        }
    }
}
