package io.tributary.envs.dmc.pendulum;

import io.tributary.envs.dmc.ModelFiles;
import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.RandomState;

import java.util.List;

/** dm_control's pendulum swingup (facts 5.2): sparse reward, 1 when the pole is within 8 degrees of upright. */
public final class Pendulum implements DmTask {

    private static final double COS_8_DEG = Math.cos(Math.toRadians(8));
    private static final List<ObsKey> KEYS = List.of(new ObsKey("orientation", 2), new ObsKey("velocity", 1));

    public static List<DmTaskSpec> specs() {
        return List.of(new DmTaskSpec("pendulum", "swingup", () -> ModelFiles.read("pendulum.xml"), Pendulum::new));
    }

    private final int pole;
    private final int hingeQpos;
    private final int hingeDof;

    public Pendulum(Physics physics) {
        this.pole = physics.bodyId("pole");
        int hinge = physics.jointId("hinge");
        this.hingeQpos = physics.jointQposAdr(hinge);
        this.hingeDof = physics.jointDofAdr(hinge);
    }

    @Override public double controlTimestep() { return 0.02; }
    @Override public double timeLimit() { return 20; }
    @Override public List<ObsKey> observationKeys() { return KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        physics.setQpos(hingeQpos, random.uniform(-Math.PI, Math.PI));
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        out[offset] = physics.xmat(pole, Physics.ZZ);
        out[offset + 1] = physics.xmat(pole, Physics.XZ);
        out[offset + 2] = physics.qvel(hingeDof);
    }

    @Override
    public double reward(Physics physics) {
        double cos = physics.xmat(pole, Physics.ZZ);
        return cos >= COS_8_DEG && cos <= 1 ? 1.0 : 0.0;
    }
}
