package io.tributary.envs.dmc.swimmer;

import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ModelFiles;
import io.tributary.envs.dmc.NumpyLinalg;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Randomizers;
import io.tributary.envs.dmc.Tolerance;
import io.tributary.envs.random.RandomState;

import java.util.List;

/**
 * dm_control's swimmer6 / swimmer15 (facts 5.11): a chain of n links (a head and n-1 segments, each hinged to the
 * previous one and driven by a motor) in a viscous medium swims its nose to a target. Dense reward: 1 within the
 * target's radius of 0.1, a long-tailed fall-off outside. Each episode draws the heading, every joint angle and the
 * target's position (within 0.3 m of the origin with probability 0.2, else within 2 m).
 */
public final class Swimmer implements DmTask {

    /** The probability of a target close to the origin, and the half-widths of the close and far target boxes. */
    private static final double CLOSE_TARGET_PROBABILITY = 0.2, CLOSE_BOX = 0.3, FAR_BOX = 2;
    /** body_velocities starts after the head's position and axis sensors (nose_pos, target_pos, head_xaxis, head_yaxis). */
    private static final int BODY_VELOCITY_SENSORS = 12;
    /** The three root joints (x, y slides and the heading hinge) come before the chain's joints in qpos. */
    private static final int ROOT_JOINTS = 3;

    public static List<DmTaskSpec> specs() {
        return List.of(spec("swimmer6", 6), spec("swimmer15", 15));
    }

    private static DmTaskSpec spec(String task, int links) {
        return new DmTaskSpec("swimmer", task, () -> modelXml(links), p -> new Swimmer(p, links));
    }

    /**
     * The swimmer MJCF with {@code links} bodies: the head of {@code swimmer.xml} and {@code links - 1} segments,
     * each 0.1 m further along y than its parent, with a joint of range +-360/links degrees, a motor, and a
     * velocimeter and a gyro on its site (in that order, after the head's sensors), as dm_control's
     * {@code _make_model} builds it.
     */
    public static String modelXml(int links) {
        if (links < 3) throw new IllegalArgumentException("swimmer needs at least 3 links, got " + links);
        // dm_control writes the limit as Python's str(360.0 / n); Java's Double.toString gives the same digits.
        String limit = Double.toString(360.0 / links);
        StringBuilder segments = new StringBuilder();
        StringBuilder motors = new StringBuilder();
        StringBuilder sensors = new StringBuilder();
        for (int i = 0; i < links - 1; i++) {
            segments.append("<body name=\"segment_").append(i).append("\" pos=\"0 .1 0\">\n")
                    .append("  <geom name=\"visual_").append(i).append("\" class=\"visual\"/>\n")
                    .append("  <geom name=\"inertial_").append(i).append("\" class=\"inertial\"/>\n")
                    .append("  <site name=\"site_").append(i).append("\"/>\n")
                    .append("  <joint name=\"joint_").append(i).append("\" range=\"-").append(limit).append(' ')
                    .append(limit).append("\"/>\n");
            motors.append("<motor name=\"motor_").append(i).append("\" joint=\"joint_").append(i).append("\"/>\n");
            sensors.append("<velocimeter name=\"velocimeter_").append(i).append("\" site=\"site_").append(i).append("\"/>\n")
                    .append("<gyro name=\"gyro_").append(i).append("\" site=\"site_").append(i).append("\"/>\n");
        }
        for (int i = 0; i < links - 1; i++) segments.append("</body>\n");
        String xml = ModelFiles.read("swimmer.xml");
        xml = fill(xml, "<!--SEGMENTS-->", segments);
        xml = fill(xml, "<!--MOTORS-->", motors);
        return fill(xml, "<!--SEGMENT_SENSORS-->", sensors);
    }

    private static String fill(String xml, String marker, CharSequence content) {
        int at = xml.indexOf(marker);
        if (at < 0 || xml.indexOf(marker, at + 1) >= 0) {
            throw new IllegalStateException("swimmer.xml must hold the marker " + marker + " exactly once");
        }
        return xml.substring(0, at) + content + xml.substring(at + marker.length());
    }

    private final int links;
    private final int nose, target, head;
    private final List<ObsKey> keys;

    public Swimmer(Physics physics, int links) {
        this.links = links;
        this.nose = physics.geomId("nose");
        this.target = physics.geomId("target");
        this.head = physics.bodyId("head");
        int expectedSensors = BODY_VELOCITY_SENSORS + 6 * links;
        if (physics.data("sensordata").length() != expectedSensors) {
            throw new IllegalArgumentException("swimmer with " + links + " links needs " + expectedSensors
                    + " sensor values, the model has " + physics.data("sensordata").length());
        }
        if (physics.nq() != ROOT_JOINTS + links - 1) {
            throw new IllegalArgumentException("swimmer with " + links + " links needs nq = " + (ROOT_JOINTS + links - 1)
                    + ", the model has " + physics.nq());
        }
        this.keys = List.of(new ObsKey("body_velocities", 3 * links), new ObsKey("joints", links - 1),
                new ObsKey("to_target", 2));
    }

    @Override public double controlTimestep() { return 0.03; }
    @Override public double timeLimit() { return 30; }
    @Override public List<ObsKey> observationKeys() { return keys; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        // rootx/rooty are unlimited slides (no draw), rootz an unlimited hinge (the heading), the chain's joints limited
        Randomizers.randomizeLimitedAndRotationalJoints(physics, random);
        boolean close = random.randomSample() < CLOSE_TARGET_PROBABILITY;
        double box = close ? CLOSE_BOX : FAR_BOX;
        double x = random.uniform(-box, box);
        double y = random.uniform(-box, box);
        physics.setGeomPos(target, 0, x);
        physics.setGeomPos(target, 1, y);
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        int o = offset;
        // per body (head, then each segment) the velocimeter's vx, vy and the gyro's wz, in the body's site frame
        for (int b = 0; b < links; b++) {
            int s = BODY_VELOCITY_SENSORS + 6 * b;
            out[o++] = physics.sensordata(s);
            out[o++] = physics.sensordata(s + 1);
            out[o++] = physics.sensordata(s + 5);
        }
        for (int q = ROOT_JOINTS; q < ROOT_JOINTS + links - 1; q++) out[o++] = physics.qpos(q);
        out[o++] = noseToTarget(physics, 0);
        out[o] = noseToTarget(physics, 1);
    }

    /** Component {@code c} of the nose-to-target vector in the head's frame: {@code (target - nose) . R_head}. */
    private double noseToTarget(Physics physics, int c) {
        double dx = physics.geomXpos(target, 0) - physics.geomXpos(nose, 0);
        double dy = physics.geomXpos(target, 1) - physics.geomXpos(nose, 1);
        double dz = physics.geomXpos(target, 2) - physics.geomXpos(nose, 2);
        return dx * physics.xmat(head, c) + dy * physics.xmat(head, 3 + c) + dz * physics.xmat(head, 6 + c);
    }

    @Override
    public double reward(Physics physics) {
        double targetSize = physics.geomSize(target, 0);
        double x = noseToTarget(physics, 0);
        double y = noseToTarget(physics, 1);
        double distance = NumpyLinalg.norm(x, y);
        return Tolerance.tolerance(distance, 0, targetSize, 5 * targetSize, Tolerance.Sigmoid.LONG_TAIL, 0.1);
    }
}
