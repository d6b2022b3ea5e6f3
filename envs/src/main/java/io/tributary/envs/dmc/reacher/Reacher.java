package io.tributary.envs.dmc.reacher;

import io.tributary.envs.dmc.ModelFiles;
import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Randomizers;
import io.tributary.envs.random.RandomState;

import java.util.List;

/**
 * dm_control's reacher easy / hard (facts 5.5): a two-link planar arm touches a target sphere placed at random each
 * episode. Sparse reward: 1 while the fingertip sphere overlaps the target. easy and hard differ only in the target
 * radius (0.05 vs 0.015), which is written into the model at every reset.
 */
public final class Reacher implements DmTask {

    private static final List<ObsKey> KEYS =
            List.of(new ObsKey("position", 2), new ObsKey("to_target", 2), new ObsKey("velocity", 2));
    public static final double EASY_TARGET_SIZE = 0.05, HARD_TARGET_SIZE = 0.015;

    public static List<DmTaskSpec> specs() {
        return List.of(
                new DmTaskSpec("reacher", "easy", () -> ModelFiles.read("reacher.xml"), p -> new Reacher(p, EASY_TARGET_SIZE)),
                new DmTaskSpec("reacher", "hard", () -> ModelFiles.read("reacher.xml"), p -> new Reacher(p, HARD_TARGET_SIZE)));
    }

    private final double targetSize;
    private final int target, finger;

    public Reacher(Physics physics, double targetSize) {
        this.targetSize = targetSize;
        this.target = physics.geomId("target");
        this.finger = physics.geomId("finger");
    }

    @Override public double controlTimestep() { return 0.02; }
    @Override public double timeLimit() { return 20; }
    @Override public List<ObsKey> observationKeys() { return KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        physics.setGeomSize(target, 0, targetSize);
        Randomizers.randomizeLimitedAndRotationalJoints(physics, random);
        // Target uniformly in angle, radius 5-20 cm from the shoulder (within the arm's 0.22 m reach).
        double angle = random.uniform(0, 2 * Math.PI);
        double radius = random.uniform(0.05, 0.20);
        physics.setGeomPos(target, 0, radius * Math.sin(angle));
        physics.setGeomPos(target, 1, radius * Math.cos(angle));
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        out[offset] = physics.qpos(0);
        out[offset + 1] = physics.qpos(1);
        out[offset + 2] = physics.geomXpos(target, 0) - physics.geomXpos(finger, 0);
        out[offset + 3] = physics.geomXpos(target, 1) - physics.geomXpos(finger, 1);
        out[offset + 4] = physics.qvel(0);
        out[offset + 5] = physics.qvel(1);
    }

    @Override
    public double reward(Physics physics) {
        double dx = physics.geomXpos(target, 0) - physics.geomXpos(finger, 0);
        double dy = physics.geomXpos(target, 1) - physics.geomXpos(finger, 1);
        double radii = physics.geomSize(target, 0) + physics.geomSize(finger, 0);
        return Math.sqrt(dx * dx + dy * dy) <= radii ? 1.0 : 0.0;
    }
}
