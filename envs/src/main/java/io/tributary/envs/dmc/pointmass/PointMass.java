package io.tributary.envs.dmc.pointmass;

import io.tributary.envs.dmc.ModelFiles;
import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Randomizers;
import io.tributary.envs.dmc.Tolerance;
import io.tributary.envs.mujoco.MjArray;
import io.tributary.envs.random.RandomState;

import java.util.List;

/**
 * dm_control's point_mass easy / hard (facts 5.4): steer a damped planar mass onto the target. The mass is driven
 * through two fixed tendons; hard re-draws the tendons' joint coefficients each episode (two random unit directions
 * that are not nearly parallel), so the policy must identify its own actuation.
 */
public final class PointMass implements DmTask {

    private static final List<ObsKey> KEYS = List.of(new ObsKey("position", 2), new ObsKey("velocity", 2));
    /** Directions whose |cos| exceeds this are re-drawn: nearly parallel tendons would leave the mass underactuated. */
    private static final double MAX_PARALLEL = 0.9;

    public static List<DmTaskSpec> specs() {
        return List.of(
                new DmTaskSpec("point_mass", "easy", () -> ModelFiles.read("point_mass.xml"), p -> new PointMass(p, false)),
                new DmTaskSpec("point_mass", "hard", () -> ModelFiles.read("point_mass.xml"), p -> new PointMass(p, true)));
    }

    private final boolean randomizeGains;
    private final int target, pointmass;
    private final MjArray wrapPrm;

    public PointMass(Physics physics, boolean randomizeGains) {
        this.randomizeGains = randomizeGains;
        this.target = physics.geomId("target");
        this.pointmass = physics.geomId("pointmass");
        this.wrapPrm = physics.model("wrap_prm");
        if (wrapPrm.length() != 4) {
            throw new IllegalArgumentException("point_mass model needs two fixed tendons of two joints each, wrap_prm has "
                    + wrapPrm.length() + " entries");
        }
    }

    @Override public double controlTimestep() { return 0.02; }
    @Override public double timeLimit() { return 20; }
    @Override public List<ObsKey> observationKeys() { return KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        Randomizers.randomizeLimitedAndRotationalJoints(physics, random);
        if (!randomizeGains) return;
        double[] dir1 = unitRandn2(random);
        double[] dir2;
        do {
            dir2 = unitRandn2(random);
        } while (Math.abs(dir1[0] * dir2[0] + dir1[1] * dir2[1]) > MAX_PARALLEL);
        // The tendon coefficients live in wrap_prm (t1: entries 0-1, t2: 2-3) and persist until the next reset.
        wrapPrm.set(0, dir1[0]);
        wrapPrm.set(1, dir1[1]);
        wrapPrm.set(2, dir2[0]);
        wrapPrm.set(3, dir2[1]);
    }

    /** {@code d = randn(2); d /= norm(d)}. */
    private static double[] unitRandn2(RandomState random) {
        double x = random.randn();
        double y = random.randn();
        double norm = Math.sqrt(x * x + y * y);
        return new double[] {x / norm, y / norm};
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        out[offset] = physics.qpos(0);
        out[offset + 1] = physics.qpos(1);
        out[offset + 2] = physics.qvel(0);
        out[offset + 3] = physics.qvel(1);
    }

    @Override
    public double reward(Physics physics) {
        double dx = physics.geomXpos(target, 0) - physics.geomXpos(pointmass, 0);
        double dy = physics.geomXpos(target, 1) - physics.geomXpos(pointmass, 1);
        double dz = physics.geomXpos(target, 2) - physics.geomXpos(pointmass, 2);
        double targetSize = physics.geomSize(target, 0);
        double near = Tolerance.tolerance(Math.sqrt(dx * dx + dy * dy + dz * dz), 0, targetSize, targetSize);
        int nu = physics.nu();
        double smallControl = 0;
        for (int i = 0; i < nu; i++) smallControl += Tolerance.smallControl(physics.ctrl(i));
        smallControl = (4 + smallControl / nu) / 5;
        return near * smallControl;
    }
}
