package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;
import io.tributary.envs.mujoco.MjArray;
import io.tributary.envs.random.NumpyGenerator;

/**
 * Humanoid-v4: reward = (1.25 x the x velocity of the mass centre + 5 healthy reward) - 0.1 x sum of squared
 * data.ctrl; terminated when the torso height qpos[2] leaves the open range (1, 2). The mass centre is
 * {@code sum(body_mass * xipos, axis=0) / sum(body_mass)} in numpy's orders (rows added in turn, the masses
 * pairwise). Observation: {@link HumanoidBody}. Reset noise uniform(+-0.01) on qpos then qvel.
 */
final class Humanoid extends GymMujocoTask {

    private final HumanoidBody body;
    private final double dt;
    private final int nbody;
    private final MjArray xipos;
    private final double[] mass;
    private final double totalMass;
    private double xBefore;
    private boolean terminated;

    Humanoid(Physics physics, int frameSkip) {
        super(physics);
        body = new HumanoidBody(physics);
        dt = physics.timestep() * frameSkip;
        nbody = physics.mjModel().size("nbody");
        xipos = physics.data("xipos");
        MjArray bodyMass = physics.model("body_mass");
        mass = new double[nbody];
        for (int b = 0; b < nbody; b++) mass[b] = bodyMass.get(b);
        totalMass = NumpySums.sum64(mass, nbody);
    }

    /** x of {@code mass_center(model, data)}. */
    private double massCenterX() {
        double s = 0;
        for (int b = 0; b < nbody; b++) s += mass[b] * xipos.get(3 * b);
        return s / totalMass;
    }

    @Override
    public int observationSize() {
        return body.observationSize();
    }

    @Override
    public void resetState(NumpyGenerator rng, double[] initQpos, double[] initQvel, double[] qpos, double[] qvel) {
        uniformNoise(rng, initQpos, -1e-2, 1e-2, qpos);
        uniformNoise(rng, initQvel, -1e-2, 1e-2, qvel);
    }

    @Override
    public void beforeStep(double[] action) {
        xBefore = massCenterX();
    }

    @Override
    public double afterStep(double[] action) {
        double xVelocity = (massCenterX() - xBefore) / dt;
        double ctrlCost = 0.1 * body.ctrlSquares();
        double z = physics.qpos(2);
        terminated = !(1.0 < z && z < 2.0);
        return (1.25 * xVelocity + 5.0) - ctrlCost;
    }

    @Override
    public boolean terminated() {
        return terminated;
    }

    @Override
    public void observation(double[] out, int offset) {
        body.observation(out, offset);
    }
}
