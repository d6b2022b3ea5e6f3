package io.tributary.envs.dmc.acrobot;

import io.tributary.envs.dmc.ModelFiles;
import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Tolerance;
import io.tributary.envs.random.RandomState;

import java.util.List;

/** dm_control's acrobot swingup / swingup_sparse (facts 5.3): bring the tip into the target sphere. */
public final class Acrobot implements DmTask {

    private static final List<ObsKey> KEYS = List.of(new ObsKey("orientations", 4), new ObsKey("velocity", 2));

    public static List<DmTaskSpec> specs() {
        return List.of(
                new DmTaskSpec("acrobot", "swingup", () -> ModelFiles.read("acrobot.xml"), p -> new Acrobot(p, false)),
                new DmTaskSpec("acrobot", "swingup_sparse", () -> ModelFiles.read("acrobot.xml"), p -> new Acrobot(p, true)));
    }

    private final boolean sparse;
    private final int upperArm, lowerArm, target, tip, shoulderQpos, elbowQpos;

    public Acrobot(Physics physics, boolean sparse) {
        this.sparse = sparse;
        this.upperArm = physics.bodyId("upper_arm");
        this.lowerArm = physics.bodyId("lower_arm");
        this.target = physics.siteId("target");
        this.tip = physics.siteId("tip");
        this.shoulderQpos = physics.jointQposAdr(physics.jointId("shoulder"));
        this.elbowQpos = physics.jointQposAdr(physics.jointId("elbow"));
    }

    @Override public double controlTimestep() { return 0.01; }
    @Override public double timeLimit() { return 10; }
    @Override public List<ObsKey> observationKeys() { return KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        // uniform(-pi, pi, size=2) into qpos[['shoulder', 'elbow']], element by element
        physics.setQpos(shoulderQpos, random.uniform(-Math.PI, Math.PI));
        physics.setQpos(elbowQpos, random.uniform(-Math.PI, Math.PI));
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        out[offset] = physics.xmat(upperArm, Physics.XZ);
        out[offset + 1] = physics.xmat(lowerArm, Physics.XZ);
        out[offset + 2] = physics.xmat(upperArm, Physics.ZZ);
        out[offset + 3] = physics.xmat(lowerArm, Physics.ZZ);
        out[offset + 4] = physics.qvel(0);
        out[offset + 5] = physics.qvel(1);
    }

    @Override
    public double reward(Physics physics) {
        double radius = physics.siteSize(target, 0);
        double dx = physics.siteXpos(target, 0) - physics.siteXpos(tip, 0);
        double dy = physics.siteXpos(target, 1) - physics.siteXpos(tip, 1);
        double dz = physics.siteXpos(target, 2) - physics.siteXpos(tip, 2);
        double distance = Math.sqrt(dx * dx + dy * dy + dz * dz);
        return Tolerance.tolerance(distance, 0, radius, sparse ? 0 : 1);
    }
}
