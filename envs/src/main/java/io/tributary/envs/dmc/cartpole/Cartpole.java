package io.tributary.envs.dmc.cartpole;

import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Tolerance;
import io.tributary.envs.random.RandomState;

import java.util.List;

/**
 * dm_control's cartpole (facts 5.1): balance, balance_sparse, swingup, swingup_sparse, two_poles, three_poles.
 * The model with n poles is generated here, as dm_control edits its XML for extra poles.
 */
public final class Cartpole implements DmTask {

    public static List<DmTaskSpec> specs() {
        return List.of(
                spec("balance", 1, false, false),
                spec("balance_sparse", 1, false, true),
                spec("swingup", 1, true, false),
                spec("swingup_sparse", 1, true, true),
                spec("two_poles", 2, true, false),
                spec("three_poles", 3, true, false));
    }

    private static DmTaskSpec spec(String task, int poles, boolean swingUp, boolean sparse) {
        return new DmTaskSpec("cartpole", task, () -> modelXml(poles), p -> new Cartpole(p, poles, swingUp, sparse));
    }

    /** The physics-only cart-pole MJCF with {@code poles} chained poles (written from the facts, not the suite file). */
    public static String modelXml(int poles) {
        if (poles < 1) throw new IllegalArgumentException("cartpole needs at least one pole, got " + poles);
        StringBuilder chain = new StringBuilder();
        for (int k = 1; k <= poles; k++) {
            chain.append("<body name=\"pole_").append(k).append("\" childclass=\"pole\"")
                    .append(k == 1 ? "" : " pos=\"0 0 1\"").append(">\n")
                    .append("  <joint name=\"hinge_").append(k).append("\"/>\n")
                    .append("  <geom name=\"pole_").append(k).append("\"/>\n");
        }
        for (int k = 1; k <= poles; k++) chain.append("</body>\n");
        double floorZ = 1 - poles - 0.05;
        return """
                <mujoco model="cart-pole">
                  <option timestep="0.01" integrator="RK4">
                    <flag contact="disable" energy="enable"/>
                  </option>
                  <default>
                    <default class="pole">
                      <joint type="hinge" axis="0 1 0" damping="2e-6"/>
                      <geom type="capsule" fromto="0 0 0 0 0 1" size="0.045" mass=".1"/>
                    </default>
                  </default>
                  <worldbody>
                    <geom name="floor" type="plane" pos="0 0 %s" size="4 4 .2"/>
                    <geom name="rail1" type="capsule" pos="0 .07 1" zaxis="1 0 0" size="0.02 2"/>
                    <geom name="rail2" type="capsule" pos="0 -.07 1" zaxis="1 0 0" size="0.02 2"/>
                    <body name="cart" pos="0 0 1">
                      <joint name="slider" type="slide" limited="true" axis="1 0 0" range="-1.8 1.8" solreflimit=".08 1" damping="5e-4"/>
                      <geom name="cart" type="box" size="0.2 0.15 0.1" mass="1"/>
                      %s
                    </body>
                  </worldbody>
                  <actuator>
                    <motor name="slide" joint="slider" gear="10" ctrllimited="true" ctrlrange="-1 1"/>
                  </actuator>
                </mujoco>
                """.formatted(Double.toString(floorZ), chain);
    }

    private final int poles;
    private final boolean swingUp;
    private final boolean sparse;
    private final int slider;
    private final int[] poleBodies;
    private final List<ObsKey> keys;

    public Cartpole(Physics physics, int poles, boolean swingUp, boolean sparse) {
        this.poles = poles;
        this.swingUp = swingUp;
        this.sparse = sparse;
        this.slider = physics.jointQposAdr(physics.jointId("slider"));
        this.poleBodies = new int[poles];
        for (int k = 0; k < poles; k++) poleBodies[k] = physics.bodyId("pole_" + (k + 1));
        this.keys = List.of(new ObsKey("position", 1 + 2 * poles), new ObsKey("velocity", 1 + poles));
    }

    @Override public double controlTimestep() { return 0.01; }
    @Override public double timeLimit() { return 10; }
    @Override public List<ObsKey> observationKeys() { return keys; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        int nv = physics.nv();
        if (swingUp) {
            physics.setQpos(slider, 0.01 * random.randn());
            physics.setQpos(1, Math.PI + 0.01 * random.randn());
            for (int i = 2; i < nv; i++) physics.setQpos(i, 0.1 * random.randn());
        } else {
            physics.setQpos(slider, random.uniform(-0.1, 0.1));
            for (int i = 1; i < nv; i++) physics.setQpos(i, random.uniform(-0.034, 0.034));
        }
        for (int i = 0; i < nv; i++) physics.setQvel(i, 0.01 * random.randn());
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        out[offset] = physics.qpos(slider);
        for (int k = 0; k < poles; k++) {
            out[offset + 1 + 2 * k] = physics.xmat(poleBodies[k], Physics.ZZ);
            out[offset + 2 + 2 * k] = physics.xmat(poleBodies[k], Physics.XZ);
        }
        int v = offset + 1 + 2 * poles;
        for (int i = 0; i <= poles; i++) out[v + i] = physics.qvel(i);
    }

    @Override
    public double reward(Physics physics) {
        double cartPosition = physics.qpos(slider);
        if (sparse) {
            boolean centered = Tolerance.tolerance(cartPosition, -0.25, 0.25, 0) == 1.0;
            boolean upright = true;
            for (int k = 0; k < poles; k++) {
                upright &= Tolerance.tolerance(physics.xmat(poleBodies[k], Physics.ZZ), 0.995, 1, 0) == 1.0;
            }
            return centered && upright ? 1.0 : 0.0;
        }
        double upright = 0;
        for (int k = 0; k < poles; k++) upright += (physics.xmat(poleBodies[k], Physics.ZZ) + 1) / 2;
        upright /= poles;
        double centered = (1 + Tolerance.tolerance(cartPosition, 0, 0, 2)) / 2;
        double smallControl = (4 + Tolerance.smallControl(physics.ctrl(0))) / 5;
        double minVelocityTerm = Double.POSITIVE_INFINITY;
        for (int i = 1; i <= poles; i++) {
            minVelocityTerm = Math.min(minVelocityTerm, Tolerance.tolerance(physics.qvel(i), 0, 0, 5));
        }
        double smallVelocity = (1 + minVelocityTerm) / 2;
        return upright * smallControl * smallVelocity * centered;
    }
}
