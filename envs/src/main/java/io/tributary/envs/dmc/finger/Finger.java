package io.tributary.envs.dmc.finger;

import io.tributary.envs.dmc.ModelFiles;
import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Randomizers;
import io.tributary.envs.mujoco.MjArray;
import io.tributary.envs.random.RandomState;

import java.util.List;

/**
 * dm_control's finger spin / turn_easy / turn_hard (facts 5.6): a two-link finger flicks a hinged spinner.
 * spin: 1 while the spinner turns faster than 15 rad/s (clockwise); turn: 1 while the spinner's tip is inside a
 * target circle placed at random on the tip's orbit. Every observation comes from the model's sensors, so the touch
 * readings (acceleration stage) lag one physics substep, exactly as in dm_control.
 */
public final class Finger implements DmTask {

    /** Target radii of turn_easy / turn_hard. */
    public static final double EASY_TARGET_SIZE = 0.07, HARD_TARGET_SIZE = 0.03;
    private static final double SPIN_VELOCITY = 15;
    /** Spin lowers the spinner's hinge damping so that a single flick keeps it turning. */
    private static final double SPIN_HINGE_DAMPING = 0.03;
    private static final int MAX_INIT_ATTEMPTS = 1000;

    private static final List<ObsKey> SPIN_KEYS =
            List.of(new ObsKey("position", 4), new ObsKey("touch", 2), new ObsKey("velocity", 3));
    private static final List<ObsKey> TURN_KEYS = List.of(new ObsKey("dist_to_target", 1), new ObsKey("position", 4),
            new ObsKey("target_position", 2), new ObsKey("touch", 2), new ObsKey("velocity", 3));

    public static List<DmTaskSpec> specs() {
        return List.of(
                new DmTaskSpec("finger", "spin", () -> ModelFiles.read("finger.xml"), p -> new Finger(p, Double.NaN)),
                new DmTaskSpec("finger", "turn_easy", () -> ModelFiles.read("finger.xml"), p -> new Finger(p, EASY_TARGET_SIZE)),
                new DmTaskSpec("finger", "turn_hard", () -> ModelFiles.read("finger.xml"), p -> new Finger(p, HARD_TARGET_SIZE)));
    }

    /** NaN for spin, else the turn target radius. */
    private final double targetRadius;
    private final boolean spin;
    private final int hingeJoint, hingeDof, targetSite, cap1;
    private final int proximal, distal, proximalVel, distalVel, hingeVel, tip, target, spinner, touchTop, touchBottom;
    private final MjArray xanchor;

    public Finger(Physics physics, double targetRadius) {
        this.targetRadius = targetRadius;
        this.spin = Double.isNaN(targetRadius);
        this.hingeJoint = physics.jointId("hinge");
        this.hingeDof = physics.jointDofAdr(hingeJoint);
        this.targetSite = physics.siteId("target");
        this.cap1 = physics.geomId("cap1");
        this.proximal = sensor(physics, "proximal");
        this.distal = sensor(physics, "distal");
        this.proximalVel = sensor(physics, "proximal_velocity");
        this.distalVel = sensor(physics, "distal_velocity");
        this.hingeVel = sensor(physics, "hinge_velocity");
        this.tip = sensor(physics, "tip");
        this.target = sensor(physics, "target");
        this.spinner = sensor(physics, "spinner");
        this.touchTop = sensor(physics, "touchtop");
        this.touchBottom = sensor(physics, "touchbottom");
        this.xanchor = physics.data("xanchor");
    }

    private static int sensor(Physics physics, String name) {
        return physics.sensorAdr(physics.sensorId(name));
    }

    @Override public double controlTimestep() { return 0.02; }
    @Override public double timeLimit() { return 20; }
    @Override public List<ObsKey> observationKeys() { return spin ? SPIN_KEYS : TURN_KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        if (spin) {
            physics.setDofDamping(hingeDof, SPIN_HINGE_DAMPING);
        } else {
            // The target sits on the circle the spinner's tip sweeps: centred on the hinge anchor, radius =
            // cap1's radius + half-length (0.13).
            double angle = random.uniform(-Math.PI, Math.PI);
            double hingeX = xanchor.get(hingeJoint, 0);
            double hingeZ = xanchor.get(hingeJoint, 2);
            double radius = physics.geomSize(cap1, 0) + physics.geomSize(cap1, 1) + physics.geomSize(cap1, 2);
            physics.setSitePos(targetSite, 0, hingeX + radius * Math.sin(angle));
            physics.setSitePos(targetSite, 2, hingeZ + radius * Math.cos(angle));
            physics.setSiteSize(targetSite, 0, targetRadius);
        }
        setRandomJointAngles(physics, random);
    }

    /** Re-draws all joint angles until the finger and spinner start without contact. */
    private static void setRandomJointAngles(Physics physics, RandomState random) {
        Randomizers.drawUntilContactFree(physics, MAX_INIT_ATTEMPTS, "finger: no contact-free initial state",
                () -> Randomizers.randomizeLimitedAndRotationalJoints(physics, random));
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        int o = offset;
        double tipX = physics.sensordata(tip) - physics.sensordata(spinner);
        double tipZ = physics.sensordata(tip + 2) - physics.sensordata(spinner + 2);
        if (!spin) {
            double targetX = physics.sensordata(target) - physics.sensordata(spinner);
            double targetZ = physics.sensordata(target + 2) - physics.sensordata(spinner + 2);
            out[o++] = distToTarget(physics, tipX, tipZ, targetX, targetZ);
            o = position(physics, out, o, tipX, tipZ);
            out[o++] = targetX;
            out[o++] = targetZ;
        } else {
            o = position(physics, out, o, tipX, tipZ);
        }
        out[o++] = Math.log1p(physics.sensordata(touchTop));
        out[o++] = Math.log1p(physics.sensordata(touchBottom));
        out[o++] = physics.sensordata(proximalVel);
        out[o++] = physics.sensordata(distalVel);
        out[o] = physics.sensordata(hingeVel);
    }

    /** dm_control's bounded_position: the two finger joint angles, then the tip relative to the spinner (x, z). */
    private int position(Physics physics, double[] out, int o, double tipX, double tipZ) {
        out[o++] = physics.sensordata(proximal);
        out[o++] = physics.sensordata(distal);
        out[o++] = tipX;
        out[o++] = tipZ;
        return o;
    }

    private double distToTarget(Physics physics, double tipX, double tipZ, double targetX, double targetZ) {
        double dx = targetX - tipX;
        double dz = targetZ - tipZ;
        return Math.sqrt(dx * dx + dz * dz) - physics.siteSize(targetSite, 0);
    }

    @Override
    public double reward(Physics physics) {
        if (spin) return physics.sensordata(hingeVel) <= -SPIN_VELOCITY ? 1.0 : 0.0;
        double tipX = physics.sensordata(tip) - physics.sensordata(spinner);
        double tipZ = physics.sensordata(tip + 2) - physics.sensordata(spinner + 2);
        double targetX = physics.sensordata(target) - physics.sensordata(spinner);
        double targetZ = physics.sensordata(target + 2) - physics.sensordata(spinner + 2);
        return distToTarget(physics, tipX, tipZ, targetX, targetZ) <= 0 ? 1.0 : 0.0;
    }
}
