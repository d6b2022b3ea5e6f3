package io.tributary.envs.dmc.hopper;

import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ModelFiles;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Randomizers;
import io.tributary.envs.dmc.Tolerance;
import io.tributary.envs.random.RandomState;

import java.util.List;

/**
 * dm_control's hopper stand / hop (facts 5.10): a planar one-legged hopper. Every reset draws the torso pitch
 * uniformly in (-pi, pi) and the four leg joints within their limits (the standard randomiser). Both rewards are gated
 * by an indicator: the torso's centre of mass 0.6-2 m above the foot's (centres of mass, not body origins). stand
 * multiplies it by (mean small-control + 4) / 5 over the raw actions; hop by the linear tolerance of the torso
 * subtree's forward velocity towards 2 m/s. The touch readings (acceleration stage) lag one physics substep, as in
 * dm_control.
 */
public final class Hopper implements DmTask {

    /** Sorted (Gymnasium's flatten order); dm_control's own order is position, velocity, touch. */
    private static final List<ObsKey> KEYS =
            List.of(new ObsKey("position", 6), new ObsKey("touch", 2), new ObsKey("velocity", 7));
    private static final double STAND_HEIGHT = 0.6, MAX_HEIGHT = 2, HOP_SPEED = 2;

    public static List<DmTaskSpec> specs() {
        return List.of(
                new DmTaskSpec("hopper", "stand", () -> ModelFiles.read("hopper.xml"), p -> new Hopper(p, false)),
                new DmTaskSpec("hopper", "hop", () -> ModelFiles.read("hopper.xml"), p -> new Hopper(p, true)));
    }

    private final boolean hopping;
    private final int torso, foot, nq, nv, nu, speedSensor, toeSensor, heelSensor;

    public Hopper(Physics physics, boolean hopping) {
        this.hopping = hopping;
        this.torso = physics.bodyId("torso");
        this.foot = physics.bodyId("foot");
        this.nq = physics.nq();
        this.nv = physics.nv();
        this.nu = physics.nu();
        this.speedSensor = physics.sensorAdr(physics.sensorId("torso_subtreelinvel"));
        this.toeSensor = physics.sensorAdr(physics.sensorId("touch_toe"));
        this.heelSensor = physics.sensorAdr(physics.sensorId("touch_heel"));
    }

    @Override public double controlTimestep() { return 0.02; }
    @Override public double timeLimit() { return 20; }
    @Override public List<ObsKey> observationKeys() { return KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        Randomizers.randomizeLimitedAndRotationalJoints(physics, random);
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        int o = offset;
        for (int i = 1; i < nq; i++) out[o++] = physics.qpos(i); // rootx left out: translation invariance
        out[o++] = Math.log1p(physics.sensordata(toeSensor));
        out[o++] = Math.log1p(physics.sensordata(heelSensor));
        for (int i = 0; i < nv; i++) out[o++] = physics.qvel(i);
    }

    @Override
    public double reward(Physics physics) {
        double height = physics.xipos(torso, 2) - physics.xipos(foot, 2);
        double standing = Tolerance.tolerance(height, STAND_HEIGHT, MAX_HEIGHT, 0);
        if (hopping) {
            return standing * Tolerance.tolerance(physics.sensordata(speedSensor), HOP_SPEED, Double.POSITIVE_INFINITY,
                    HOP_SPEED / 2, Tolerance.Sigmoid.LINEAR, 0.5);
        }
        double sum = 0;
        for (int i = 0; i < nu; i++) sum += Tolerance.smallControl(physics.ctrl(i));
        return standing * (sum / nu + 4) / 5;
    }
}
