package io.tributary.envs.dmc.cheetah;

import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ModelFiles;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Tolerance;
import io.tributary.envs.mujoco.MjData;
import io.tributary.envs.random.RandomState;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;

/**
 * dm_control's cheetah run (facts 5.8): a planar half-cheetah rewarded for forward speed, linearly up to 10 m/s of
 * the torso subtree's centre-of-mass velocity. At reset the six leg joints get uniform angles within their limits and
 * the model then settles for 200 zero-control physics steps (dm_control's {@code physics.step(nstep=200)}, whose
 * first {@code mj_step2} deliberately runs on the kinematics of the pre-randomisation state), after which the clock is
 * set back to 0.
 */
public final class Cheetah implements DmTask {

    private static final List<ObsKey> KEYS = List.of(new ObsKey("position", 8), new ObsKey("velocity", 9));
    private static final double RUN_SPEED = 10;
    private static final int SETTLE_STEPS = 200;

    public static List<DmTaskSpec> specs() {
        return List.of(new DmTaskSpec("cheetah", "run", () -> ModelFiles.read("cheetah.xml"), Cheetah::new));
    }

    private final int nq, nv, speedSensor;
    /** Joint ids of the limited joints, in model order: the ones the reset draws, one uniform each. */
    private final int[] limitedJoints;
    /** nu zeros: the settling steps' control (GC-owned, lives as long as this task). */
    private final MemorySegment zeroControl;

    public Cheetah(Physics physics) {
        this.nq = physics.nq();
        this.nv = physics.nv();
        if (nq != physics.njnt()) {
            throw new IllegalArgumentException("cheetah: the reset assumes one qpos per joint, model has nq=" + nq
                    + " and njnt=" + physics.njnt());
        }
        this.speedSensor = physics.sensorAdr(physics.sensorId("torso_subtreelinvel"));
        int n = 0;
        int[] limited = new int[physics.njnt()];
        for (int j = 0; j < physics.njnt(); j++) {
            if (physics.jointLimited(j)) limited[n++] = j;
        }
        this.limitedJoints = Arrays.copyOf(limited, n);
        this.zeroControl = Arena.ofAuto().allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, physics.nu()));
    }

    /** dm_control gives cheetah no control timestep (None): one physics step of 0.01 s per agent step. */
    @Override public double controlTimestep() { return Double.NaN; }
    @Override public double timeLimit() { return 10; }
    @Override public List<ObsKey> observationKeys() { return KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        for (int j : limitedJoints) {
            physics.setQpos(physics.jointQposAdr(j), random.uniform(physics.jointRangeLow(j), physics.jointRangeHigh(j)));
        }
        MjData data = physics.mjData();
        int flags = data.controlStep(zeroControl, SETTLE_STEPS);
        if (flags != 0) {
            // dm_control raises PhysicsError out of reset here; there is no episode yet to end with a flag.
            throw new IllegalStateException("cheetah: the physics diverged while settling the initial pose (flags "
                    + flags + ")");
        }
        data.setTime(0);
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        int o = offset;
        for (int i = 1; i < nq; i++) out[o++] = physics.qpos(i); // rootx left out: translation invariance
        for (int i = 0; i < nv; i++) out[o++] = physics.qvel(i);
    }

    @Override
    public double reward(Physics physics) {
        return Tolerance.tolerance(physics.sensordata(speedSensor), RUN_SPEED, Double.POSITIVE_INFINITY, RUN_SPEED,
                Tolerance.Sigmoid.LINEAR, 0);
    }
}
