package io.tributary.envs.dmc.manipulator;

import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.MjcfEdits;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Tolerance;
import io.tributary.envs.mujoco.MjArray;
import io.tributary.envs.random.RandomState;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * dm_control's manipulator bring_ball / bring_peg / insert_ball / insert_peg (facts 6.1): a planar arm brings a ball
 * or a peg to a ghost target, which for the insert tasks sits in a receptacle (a cup for the ball, a slot for the
 * peg). Smooth reward: how close the prop is to the target (the peg by its centre and its tip), and for the peg a
 * third of that for holding it by the grip. Each reset draws the arm, the target's pose (and the receptacle's with
 * it) and the prop's start: in the hand (p = .1), in the target (p = .1) or anywhere, thrown sideways (p = .8).
 */
public final class Manipulator implements DmTask {

    /** Sorted keys (Gymnasium's flatten order); dm_control's own order is arm_pos, arm_vel, touch, hand_pos, object_pos, object_vel, target_pos. */
    private static final List<ObsKey> KEYS = List.of(new ObsKey("arm_pos", PlanarArm.POS_SIZE),
            new ObsKey("arm_vel", PlanarArm.VEL_SIZE), new ObsKey("hand_pos", PlanarArm.POSE_SIZE),
            new ObsKey("object_pos", PlanarArm.POSE_SIZE), new ObsKey("object_vel", 3),
            new ObsKey("target_pos", PlanarArm.POSE_SIZE), new ObsKey("touch", PlanarArm.TOUCH_SIZE));
    /** Bodies of manipulator.xml that belong to one task or another; each task removes those it does not use. */
    private static final Set<String> ALL_PROPS = Set.of("ball", "target_ball", "cup", "peg", "target_peg", "slot");
    /** The probabilities of the prop's three starts: in the hand, in the target, anywhere. */
    private static final double[] START_PROBABILITIES = {.1, .1, .8};
    private static final int IN_HAND = 0, IN_TARGET = 1;
    /** A distance counts as close below 1 cm, with a gaussian fall-off to 0.1 at twice that. */
    private static final double CLOSE = .01;
    /**
     * dm_control re-draws the whole start until nothing touches, without a bound; this bound only turns a broken
     * model into an error instead of a hang (almost every seed needs fewer than a hundred draws).
     */
    private static final int MAX_INIT_ATTEMPTS = 100_000;

    public static List<DmTaskSpec> specs() {
        // insert_peg (spec("insert_peg", true, true)) is not registered yet: from its seed-1 reset it matches the
        // suite over the 300 recorded rows but not at the last row (t=1000, 1.7e-8 in the peg's angular velocity).
        // The reset differs from the suite's only in the slot's and target's quaternions, by 2 ulps: the suite's
        // numpy evaluated cos(angle / 2) with its vectorised, not correctly rounded cosine.
        return List.of(spec("bring_ball", false, false), spec("bring_peg", true, false),
                spec("insert_ball", false, true), spec("insert_peg", true, true));
    }

    private static DmTaskSpec spec(String task, boolean peg, boolean insert) {
        return new DmTaskSpec("manipulator", task, () -> modelXml(peg, insert), p -> new Manipulator(p, peg, insert));
    }

    /** manipulator.xml without the props the task does not use (the suite's {@code make_model}). */
    public static String modelXml(boolean peg, boolean insert) {
        Set<String> unused = new TreeSet<>(ALL_PROPS);
        unused.removeAll(props(peg, insert));
        return MjcfEdits.withoutBodies("manipulator.xml", unused);
    }

    private static List<String> props(boolean peg, boolean insert) {
        String object = peg ? "peg" : "ball";
        String target = "target_" + object;
        return insert ? List.of(object, target, receptacle(peg)) : List.of(object, target);
    }

    private static String receptacle(boolean peg) {
        return peg ? "slot" : "cup";
    }

    private final PlanarArm arm;
    private final boolean peg, insert;
    private final int object, target, receptacle, grasp;
    private final int objectX, objectZ, objectY, objectXDof;
    private final MjArray bodyQuat;
    /** Reward sites: the ball's and its target's, or the peg's centre, tip, pinch and grasp points and the target's. */
    private final int objectSite, targetSite, pegTip, targetPegTip, pegPinch, pegGrasp, pinch;

    public Manipulator(Physics physics, boolean peg, boolean insert) {
        this.arm = new PlanarArm(physics);
        this.peg = peg;
        this.insert = insert;
        String name = peg ? "peg" : "ball";
        this.object = physics.bodyId(name);
        this.target = physics.bodyId("target_" + name);
        this.receptacle = insert ? physics.bodyId(receptacle(peg)) : -1;
        this.grasp = physics.siteId("grasp");
        this.objectX = physics.jointQposAdr(physics.jointId(name + "_x"));
        this.objectZ = physics.jointQposAdr(physics.jointId(name + "_z"));
        this.objectY = physics.jointQposAdr(physics.jointId(name + "_y"));
        this.objectXDof = physics.jointDofAdr(physics.jointId(name + "_x"));
        // object_vel is qvel of the x, z, y joints, declared in that order, so three consecutive dofs
        if (physics.jointDofAdr(physics.jointId(name + "_z")) != objectXDof + 1
                || physics.jointDofAdr(physics.jointId(name + "_y")) != objectXDof + 2) {
            throw new IllegalStateException("manipulator: the " + name + "'s joints must be x, z, y in this order");
        }
        this.bodyQuat = physics.model("body_quat");
        this.objectSite = physics.siteId(name);
        this.targetSite = physics.siteId("target_" + name);
        this.pegTip = peg ? physics.siteId("peg_tip") : -1;
        this.targetPegTip = peg ? physics.siteId("target_peg_tip") : -1;
        this.pegPinch = peg ? physics.siteId("peg_pinch") : -1;
        this.pegGrasp = peg ? physics.siteId("peg_grasp") : -1;
        this.pinch = peg ? physics.siteId("pinch") : -1;
    }

    @Override public double controlTimestep() { return .01; }
    @Override public double timeLimit() { return 10; }
    @Override public List<ObsKey> observationKeys() { return KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        for (int attempt = 0; attempt < MAX_INIT_ATTEMPTS; attempt++) {
            arm.randomize(physics, random);

            double targetX = random.uniform(-.4, .4);
            double targetZ = random.uniform(.1, .4);
            double targetAngle;
            if (insert) {
                targetAngle = random.uniform(-Math.PI / 3, Math.PI / 3);
                place(physics, receptacle, targetX, targetZ, targetAngle);
            } else {
                targetAngle = random.uniform(-Math.PI, Math.PI);
            }
            place(physics, target, targetX, targetZ, targetAngle);

            double x, z, angle;
            int start = random.choice(START_PROBABILITIES);
            if (start == IN_TARGET) {
                x = targetX;
                z = targetZ;
                angle = targetAngle;
            } else if (start == IN_HAND) {
                // the grasp site's pose for the arm just drawn (the prop is still wherever the last attempt left it)
                physics.forwardWithoutActuation();
                x = physics.siteXpos(grasp, 0);
                z = physics.siteXpos(grasp, 2);
                angle = Math.PI - Math.atan2(physics.siteXmat(grasp, Physics.ZX), physics.siteXmat(grasp, Physics.XX));
            } else {
                x = random.uniform(-.5, .5);
                z = random.uniform(0, .7);
                angle = random.uniform(0, 2 * Math.PI);
                // the only velocity a reset sets; a later attempt that starts the prop elsewhere keeps it, as dm_control
                physics.setQvel(objectXDof, random.uniform(-5, 5));
            }
            physics.setQpos(objectX, x);
            physics.setQpos(objectZ, z);
            physics.setQpos(objectY, angle);

            physics.forwardWithoutActuation();
            if (physics.ncon() == 0) return;
        }
        throw new IllegalStateException("manipulator: no contact-free start in " + MAX_INIT_ATTEMPTS + " attempts");
    }

    /** Moves body {@code b} of the model to (x, z) and turns it by {@code angle} about y (qw, qy; qx, qz stay). */
    private void place(Physics physics, int b, double x, double z, double angle) {
        physics.setBodyPos(b, 0, x);
        physics.setBodyPos(b, 2, z);
        bodyQuat.set(b, 0, Math.cos(angle / 2));
        bodyQuat.set(b, 2, Math.sin(angle / 2));
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        int o = arm.armPos(physics, out, offset);
        o = arm.armVel(physics, out, o);
        o = arm.handPos(physics, out, o);
        o = PlanarArm.pose(physics, object, out, o);
        for (int k = 0; k < 3; k++) out[o++] = physics.qvel(objectXDof + k);
        o = PlanarArm.pose(physics, target, out, o);
        arm.touch(physics, out, o);
    }

    @Override
    public double reward(Physics physics) {
        if (!peg) return close(PlanarArm.siteDistance(physics, objectSite, targetSite));
        double grasping = (close(PlanarArm.siteDistance(physics, pegGrasp, grasp))
                + close(PlanarArm.siteDistance(physics, pegPinch, pinch))) / 2;
        double bringing = (close(PlanarArm.siteDistance(physics, objectSite, targetSite))
                + close(PlanarArm.siteDistance(physics, targetPegTip, pegTip))) / 2;
        return Math.max(bringing, grasping / 3);
    }

    private static double close(double distance) {
        return Tolerance.tolerance(distance, 0, CLOSE, 2 * CLOSE);
    }
}
