package io.tributary.envs.dmc.stacker;

import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.MjcfEdits;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Tolerance;
import io.tributary.envs.dmc.manipulator.PlanarArm;
import io.tributary.envs.random.RandomState;

import java.util.ArrayList;
import java.util.List;

/**
 * dm_control's stacker stack_2 / stack_4 (facts 6.2): the manipulator's arm stacks n boxes so that one of them fills
 * a ghost target box drawn at height 1..n boxes above the floor. Smooth reward: the closest box's closeness to the
 * target, times the hand staying at least 10 cm away from it. Each reset draws the arm, the target (its height as a
 * box index, then its x) and every box's position and angle, until nothing touches.
 */
public final class Stacker implements DmTask {

    /** The most boxes stacker.xml has (box0..box3); a task with n boxes removes the others. */
    private static final int MAX_BOXES = 4;
    /** The hand counts as far from the target from 10 cm on, with a gaussian fall-off to 0.1 1 cm closer. */
    private static final double HAND_FAR = .1, HAND_MARGIN = .01;
    /**
     * dm_control re-draws the whole start until nothing touches, without a bound; this bound only turns a broken
     * model into an error instead of a hang (even four boxes rarely need more than a few hundred draws).
     */
    private static final int MAX_INIT_ATTEMPTS = 100_000;

    public static List<DmTaskSpec> specs() {
        return List.of(spec(2), spec(4));
    }

    private static DmTaskSpec spec(int boxes) {
        return new DmTaskSpec("stacker", "stack_" + boxes, () -> modelXml(boxes), p -> new Stacker(p, boxes));
    }

    /** stacker.xml with boxes {@code box<boxes>..box3} removed (the suite's {@code make_model}). */
    public static String modelXml(int boxes) {
        if (boxes < 1 || boxes > MAX_BOXES) {
            throw new IllegalArgumentException("stacker has 1 to " + MAX_BOXES + " boxes, got " + boxes);
        }
        List<String> unused = new ArrayList<>();
        for (int b = boxes; b < MAX_BOXES; b++) unused.add("box" + b);
        return MjcfEdits.withoutBodies("stacker.xml", unused);
    }

    private final PlanarArm arm;
    private final int n;
    private final List<ObsKey> keys;
    /** Per box: body, site, and the qpos/dof addresses of its x slide, z slide and y hinge. */
    private final int[] box, boxSite, boxX, boxZ, boxY, boxXDof, boxZDof, boxYDof;
    private final int target, targetSite, targetGeom, grasp;

    public Stacker(Physics physics, int boxes) {
        this.arm = new PlanarArm(physics);
        this.n = boxes;
        // sorted keys (Gymnasium's flatten order); dm_control's own order is arm_pos, arm_vel, touch, hand_pos,
        // box_pos, box_vel, target_pos
        this.keys = List.of(new ObsKey("arm_pos", PlanarArm.POS_SIZE), new ObsKey("arm_vel", PlanarArm.VEL_SIZE),
                new ObsKey("box_pos", PlanarArm.POSE_SIZE * n), new ObsKey("box_vel", 3 * n),
                new ObsKey("hand_pos", PlanarArm.POSE_SIZE), new ObsKey("target_pos", 2),
                new ObsKey("touch", PlanarArm.TOUCH_SIZE));
        box = new int[n];
        boxSite = new int[n];
        boxX = new int[n];
        boxZ = new int[n];
        boxY = new int[n];
        boxXDof = new int[n];
        boxZDof = new int[n];
        boxYDof = new int[n];
        for (int b = 0; b < n; b++) {
            String name = "box" + b;
            box[b] = physics.bodyId(name);
            boxSite[b] = physics.siteId(name);
            int x = physics.jointId(name + "_x"), z = physics.jointId(name + "_z"), y = physics.jointId(name + "_y");
            boxX[b] = physics.jointQposAdr(x);
            boxZ[b] = physics.jointQposAdr(z);
            boxY[b] = physics.jointQposAdr(y);
            boxXDof[b] = physics.jointDofAdr(x);
            boxZDof[b] = physics.jointDofAdr(z);
            boxYDof[b] = physics.jointDofAdr(y);
        }
        target = physics.bodyId("target");
        targetSite = physics.siteId("target");
        targetGeom = physics.geomId("target");
        grasp = physics.siteId("grasp");
    }

    @Override public double controlTimestep() { return .01; }
    @Override public double timeLimit() { return 10; }
    @Override public List<ObsKey> observationKeys() { return keys; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        double boxSize = physics.geomSize(targetGeom, 0);
        for (int attempt = 0; attempt < MAX_INIT_ATTEMPTS; attempt++) {
            arm.randomize(physics, random);
            // the target rests on a stack of k boxes, k drawn in [0, n)
            long height = 2 * random.randint(n) + 1;
            physics.setBodyPos(target, 2, boxSize * height);
            physics.setBodyPos(target, 0, random.uniform(-.37, .37));
            for (int b = 0; b < n; b++) {
                physics.setQpos(boxX[b], random.uniform(.1, .3));
                physics.setQpos(boxZ[b], random.uniform(0, .7));
                physics.setQpos(boxY[b], random.uniform(0, 2 * Math.PI));
            }
            physics.forwardWithoutActuation();
            if (physics.ncon() == 0) return;
        }
        throw new IllegalStateException("stacker: no contact-free start in " + MAX_INIT_ATTEMPTS + " attempts");
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        int o = arm.armPos(physics, out, offset);
        o = arm.armVel(physics, out, o);
        for (int b = 0; b < n; b++) o = PlanarArm.pose(physics, box[b], out, o);
        // box_vel per box in dm_control's joint-name order x, y, z: the x slide, the hinge, the z slide
        for (int b = 0; b < n; b++) {
            out[o++] = physics.qvel(boxXDof[b]);
            out[o++] = physics.qvel(boxYDof[b]);
            out[o++] = physics.qvel(boxZDof[b]);
        }
        o = arm.handPos(physics, out, o);
        out[o++] = physics.xpos(target, 0);
        out[o++] = physics.xpos(target, 2);
        arm.touch(physics, out, o);
    }

    @Override
    public double reward(Physics physics) {
        double boxSize = physics.geomSize(targetGeom, 0);
        double closest = Double.POSITIVE_INFINITY;
        for (int b = 0; b < n; b++) closest = Math.min(closest, PlanarArm.siteDistance(physics, boxSite[b], targetSite));
        double boxIsClose = Tolerance.tolerance(closest, 0, 0, 2 * boxSize);
        double handIsFar = Tolerance.tolerance(PlanarArm.siteDistance(physics, grasp, targetSite), HAND_FAR,
                Double.POSITIVE_INFINITY, HAND_MARGIN);
        return boxIsClose * handIsFar;
    }
}
