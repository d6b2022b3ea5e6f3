package io.tributary.envs.dmc.walker;

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
 * dm_control's walker stand / walk / run (facts 5.9): a planar biped. Every reset draws the torso pitch uniformly in
 * (-pi, pi) and each leg joint within its limits (the standard randomiser), so episodes start tumbling from 1.3 m.
 * Reward: stand = (3 standing + upright) / 4 with standing a gaussian tolerance of the torso height above 1.2 m and
 * upright the torso's z-axis against world z; walk (1 m/s) and run (8 m/s) scale it by (5 move + 1) / 6, move being
 * the linear tolerance of the torso subtree's forward velocity.
 */
public final class Walker implements DmTask {

    /** Sorted (Gymnasium's flatten order); dm_control's own order is orientations, height, velocity. */
    private static final List<ObsKey> KEYS =
            List.of(new ObsKey("height", 1), new ObsKey("orientations", 14), new ObsKey("velocity", 9));
    public static final double STAND_SPEED = 0, WALK_SPEED = 1, RUN_SPEED = 8;
    private static final double STAND_HEIGHT = 1.2;

    public static List<DmTaskSpec> specs() {
        return List.of(
                new DmTaskSpec("walker", "stand", () -> ModelFiles.read("walker.xml"), p -> new Walker(p, STAND_SPEED)),
                new DmTaskSpec("walker", "walk", () -> ModelFiles.read("walker.xml"), p -> new Walker(p, WALK_SPEED)),
                new DmTaskSpec("walker", "run", () -> ModelFiles.read("walker.xml"), p -> new Walker(p, RUN_SPEED)));
    }

    private final double moveSpeed;
    private final int torso, nbody, nv, speedSensor;

    public Walker(Physics physics, double moveSpeed) {
        this.moveSpeed = moveSpeed;
        this.torso = physics.bodyId("torso");
        this.nbody = physics.mjModel().size("nbody");
        if (nbody != 8) throw new IllegalArgumentException("walker: orientations need 7 bodies besides the world, model has " + (nbody - 1));
        this.nv = physics.nv();
        this.speedSensor = physics.sensorAdr(physics.sensorId("torso_subtreelinvel"));
    }

    @Override public double controlTimestep() { return 0.025; }
    @Override public double timeLimit() { return 25; }
    @Override public List<ObsKey> observationKeys() { return KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        Randomizers.randomizeLimitedAndRotationalJoints(physics, random);
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        int o = offset;
        out[o++] = physics.xpos(torso, 2);
        // every body but the world: the x-components of its x- and z-axes (planar orientation as a unit vector)
        for (int b = 1; b < nbody; b++) {
            out[o++] = physics.xmat(b, Physics.XX);
            out[o++] = physics.xmat(b, Physics.XZ);
        }
        for (int i = 0; i < nv; i++) out[o++] = physics.qvel(i);
    }

    @Override
    public double reward(Physics physics) {
        double standing = Tolerance.tolerance(physics.xpos(torso, 2), STAND_HEIGHT, Double.POSITIVE_INFINITY, STAND_HEIGHT / 2);
        double upright = (1 + physics.xmat(torso, Physics.ZZ)) / 2;
        double stand = (3 * standing + upright) / 4;
        if (moveSpeed == 0) return stand;
        double move = Tolerance.tolerance(physics.sensordata(speedSensor), moveSpeed, Double.POSITIVE_INFINITY,
                moveSpeed / 2, Tolerance.Sigmoid.LINEAR, 0.5);
        return stand * (5 * move + 1) / 6;
    }
}
