package io.tributary.envs.dmc.dog;

import io.tributary.envs.dmc.DmControlInstallation;
import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Tolerance;
import io.tributary.envs.dmc.Tolerance.Sigmoid;
import io.tributary.envs.mujoco.MjArray;
import io.tributary.envs.random.RandomState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * dm_control's dog (facts 6.3): stand, walk (1 m/s), trot (3), run (9) and fetch. The model and its 162 bone meshes
 * come from a dm_control installation ({@link DmControlInstallation}, edited by {@link DogModel}); the task logic
 * here is ours.
 *
 * <ul>
 *   <li>Reset (every task): a full physics reset, the stand heights (0.9 x the torso's and the pelvis's height at
 *       the default pose) and the body weight (gravity x the torso's subtree mass) measured, then a random heading
 *       {@code U(0, 2 pi)}, horizontal root velocities {@code 2 randn()} along x, y and about z, and every actuator's
 *       activation {@code U(ctrlrange)}. fetch then throws the ball from 0.75 x the floor's half-size towards the
 *       centre.</li>
 *   <li>Reward: the product of torso and pelvis height (gaussian), skull/torso/pelvis upright (linear, 30 degrees)
 *       and foot touch against body weight; walk/trot/run add the forward speed factor, fetch the mouth-to-ball and
 *       ball-to-target factors.</li>
 * </ul>
 */
public final class Dog implements DmTask {

    public enum Variant {
        STAND("stand", 15, Double.NaN, false),
        WALK("walk", 1 * 15, 1, false),
        TROT("trot", 3 * 15, 3, false),
        RUN("run", 9 * 15, 9, false),
        FETCH("fetch", 10, Double.NaN, true);

        final String task;
        /** The floor's half-size: the move speed x the 15 s time limit (stand as walk), fetch the file's 10. */
        final double floorSize;
        /** Forward speed from which the move factor is 1 (NaN: no move factor). */
        final double moveSpeed;
        final boolean fetch;
        private volatile String xml;

        Variant(String task, double floorSize, double moveSpeed, boolean fetch) {
            this.task = task;
            this.floorSize = floorSize;
            this.moveSpeed = moveSpeed;
            this.fetch = fetch;
        }

        /** This task's edited dog.xml (made once per JVM); without an installation, the error saying how to get one. */
        public String modelXml() {
            String x = xml;
            if (x == null) xml = x = DogModel.xml(suiteDir(this), floorSize, fetch);
            return x;
        }

        /** The files {@link #modelXml()} refers to, read from the installation (each call reads them anew). */
        public Map<String, byte[]> assets() {
            return DogModel.assets(suiteDir(this), modelXml());
        }

        public String id() {
            return "dm_control/dog-" + task + "-v0";
        }
    }

    private static java.nio.file.Path suiteDir(Variant v) {
        DmControlInstallation.Lookup l = DmControlInstallation.lookup();
        if (!l.found()) throw new DmControlMissingException(l.missingMessage(v.id()));
        return l.suiteDir();
    }

    /** A dog task was made where no dm_control installation could be found. */
    public static final class DmControlMissingException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public DmControlMissingException(String message) {
            super(message);
        }
    }

    public static List<DmTaskSpec> specs() {
        List<DmTaskSpec> out = new ArrayList<>();
        for (Variant v : Variant.values()) {
            out.add(new DmTaskSpec("dog", v.task, v::modelXml, p -> new Dog(p, v), v::assets, () -> unavailable(v)));
        }
        return List.copyOf(out);
    }

    private static Optional<String> unavailable(Variant v) {
        DmControlInstallation.Lookup l = DmControlInstallation.lookup();
        return l.found() ? Optional.empty() : Optional.of(l.missingMessage(v.id()));
    }

    static final double STAND_HEIGHT_FRACTION = 0.9;
    static final double MIN_UPRIGHT_COSINE = Math.cos(Math.toRadians(30));
    private static final int HINGE = 3;

    private static final List<ObsKey> KEYS = List.of(new ObsKey("actuator_state", 38), new ObsKey("foot_forces", 12),
            new ObsKey("inertial_sensors", 9), new ObsKey("joint_angles", 73), new ObsKey("joint_velocites", 73),
            new ObsKey("torso_com_velocity", 3), new ObsKey("torso_pelvis_height", 2), new ObsKey("touch_sensors", 4),
            new ObsKey("z_projection", 9));
    private static final List<ObsKey> FETCH_KEYS = List.of(new ObsKey("actuator_state", 38), new ObsKey("ball_state", 6),
            new ObsKey("foot_forces", 12), new ObsKey("inertial_sensors", 9), new ObsKey("joint_angles", 73),
            new ObsKey("joint_velocites", 73), new ObsKey("target_position", 3), new ObsKey("torso_com_velocity", 3),
            new ObsKey("torso_pelvis_height", 2), new ObsKey("touch_sensors", 4), new ObsKey("z_projection", 9));

    private final Variant variant;
    private final int nu, rootQpos, torso, pelvis, skull;
    private final int[] hingeQpos, hingeDof;
    /** skull, torso, pelvis: z_projection's rows and the three upright factors, in this order. */
    private final int[] uprightBodies;
    /** sensordata addresses: accelerometer, velocimeter, gyro (3 each); foot_L/R, hand_L/R forces (3 each); palm_L/R, sole_L/R touch. */
    private final int[] inertial, footForces, touch;
    private final int torsoLinvel;
    private final double bodyWeight;
    private final double[] ctrlLow, ctrlHigh;
    private final MjArray cvel, bodyRootId;
    // fetch
    private final int ballQpos, ballDof, ballGeom, targetGeom, headSite, upperBite, lowerBite, ballBody, headBody;
    private final double floorSize, biteRadius, targetRadius, gravity;
    /** Heights above which the torso / pelvis height factors are 1, measured at each reset (as the suite does). */
    private double torsoStandHeight, pelvisStandHeight;
    private final double[] v3 = new double[3], w3 = new double[3];

    public Dog(Physics physics, Variant variant) {
        this.variant = variant;
        this.nu = physics.nu();
        if (physics.na() != nu) throw new IllegalStateException("dog: every actuator must be a filter (na == nu), the model has na="
                + physics.na() + ", nu=" + nu);
        this.rootQpos = physics.jointQposAdr(physics.jointId("root"));
        this.torso = physics.bodyId("torso");
        this.pelvis = physics.bodyId("pelvis");
        this.skull = physics.bodyId("skull");
        this.uprightBodies = new int[] {skull, torso, pelvis};
        List<Integer> hinges = new ArrayList<>();
        for (int j = 0; j < physics.njnt(); j++) if (physics.jointType(j) == HINGE) hinges.add(j);
        this.hingeQpos = hinges.stream().mapToInt(physics::jointQposAdr).toArray();
        this.hingeDof = hinges.stream().mapToInt(physics::jointDofAdr).toArray();
        if (hingeQpos.length != 73 || nu != 38) {
            throw new IllegalStateException("dog: expected the suite's 73 hinges and 38 actuators, the model has "
                    + hingeQpos.length + " and " + nu + " (not dm_control's dog.xml?)");
        }
        this.inertial = sensors(physics, "accelerometer", "velocimeter", "gyro");
        this.footForces = sensors(physics, "foot_L", "foot_R", "hand_L", "hand_R");
        this.touch = sensors(physics, "palm_L", "palm_R", "sole_L", "sole_R");
        this.torsoLinvel = physics.sensorAdr(physics.sensorId("torso_linvel"));
        this.gravity = physics.mjModel().option("gravity").get(2);
        this.bodyWeight = -gravity * physics.model("body_subtreemass").get(torso);
        MjArray range = physics.model("actuator_ctrlrange");
        this.ctrlLow = new double[nu];
        this.ctrlHigh = new double[nu];
        for (int a = 0; a < nu; a++) {
            ctrlLow[a] = range.get(a, 0);
            ctrlHigh[a] = range.get(a, 1);
        }
        this.cvel = physics.data("cvel");
        this.bodyRootId = physics.model("body_rootid");
        this.floorSize = physics.geomSize(physics.geomId("floor"), 0);
        if (variant.fetch) {
            int ballRoot = physics.jointId("ball_root");
            this.ballQpos = physics.jointQposAdr(ballRoot);
            this.ballDof = physics.jointDofAdr(ballRoot);
            this.ballGeom = physics.geomId("ball");
            this.ballBody = physics.model("geom_bodyid").getInt(ballGeom);
            this.targetGeom = physics.geomId("target");
            this.headSite = physics.siteId("head");
            this.headBody = physics.model("site_bodyid").getInt(headSite);
            this.upperBite = physics.siteId("upper_bite");
            this.lowerBite = physics.siteId("lower_bite");
            this.biteRadius = physics.siteSize(upperBite, 0);
            this.targetRadius = physics.geomSize(targetGeom, 0);
        } else {
            this.ballQpos = this.ballDof = this.ballGeom = this.ballBody = this.targetGeom = -1;
            this.headSite = this.headBody = this.upperBite = this.lowerBite = -1;
            this.biteRadius = this.targetRadius = Double.NaN;
        }
    }

    /** sensordata addresses of every element of the named sensors, in the order named. */
    private static int[] sensors(Physics physics, String... names) {
        List<Integer> adr = new ArrayList<>();
        for (String n : names) {
            int s = physics.sensorId(n);
            for (int k = 0; k < physics.sensorDim(s); k++) adr.add(physics.sensorAdr(s) + k);
        }
        return adr.stream().mapToInt(Integer::intValue).toArray();
    }

    public Variant variant() { return variant; }

    @Override public double controlTimestep() { return 0.015; }
    @Override public double timeLimit() { return 15; }

    @Override
    public List<ObsKey> observationKeys() {
        return variant.fetch ? FETCH_KEYS : KEYS;
    }

    /** The torso's stand height this episode (0.9 x its height at the default pose). */
    public double torsoStandHeight() { return torsoStandHeight; }
    public double pelvisStandHeight() { return pelvisStandHeight; }
    /** Gravity x the torso's subtree mass (the whole dog), in newtons. */
    public double bodyWeight() { return bodyWeight; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        physics.resetData(); // the suite's Stand.initialize_episode resets the physics itself
        torsoStandHeight = physics.xpos(torso, 2) * STAND_HEIGHT_FRACTION;
        pelvisStandHeight = physics.xpos(pelvis, 2) * STAND_HEIGHT_FRACTION;
        double azimuth = random.uniform(0, 2 * Math.PI);
        physics.setQpos(rootQpos + 3, Math.cos(azimuth / 2));
        physics.setQpos(rootQpos + 4, 0);
        physics.setQpos(rootQpos + 5, 0);
        physics.setQpos(rootQpos + 6, Math.sin(azimuth / 2));
        // qvel[0], qvel[1], qvel[5]: the free joint's x and y velocity and its rotation rate about z (body frame)
        physics.setQvel(0, 2 * random.randn());
        physics.setQvel(1, 2 * random.randn());
        physics.setQvel(5, 2 * random.randn());
        for (int a = 0; a < nu; a++) physics.setAct(a, random.uniform(ctrlLow[a], ctrlHigh[a]));
        if (variant.fetch) throwBall(physics, random);
    }

    /** The ball starts 5 cm up at 0.75 x the floor's half-size and flies towards the centre, with some noise. */
    private void throwBall(Physics physics, RandomState random) {
        double radius = 0.75 * floorSize;
        double azimuth = random.uniform(0, 2 * Math.PI);
        double sin = Math.sin(azimuth), cos = Math.cos(azimuth);
        physics.setQpos(ballQpos, radius * sin);
        physics.setQpos(ballQpos + 1, radius * cos);
        physics.setQpos(ballQpos + 2, 0.05);
        double height = random.uniform(0, 3);
        double verticalVelocity = Math.sqrt(2 * -gravity * height); // m v^2 / 2 = m g h
        double speed = random.uniform(0, 5);
        double dx = -sin + 0.05 * random.randn();
        double dy = -cos + 0.05 * random.randn();
        physics.setQvel(ballDof, speed * dx);
        physics.setQvel(ballDof + 1, speed * dy);
        physics.setQvel(ballDof + 2, verticalVelocity);
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        int o = offset;
        for (int a = 0; a < nu; a++) out[o++] = physics.act(a);
        if (variant.fetch) o = ballState(physics, out, o);
        for (int a : footForces) out[o++] = physics.sensordata(a);
        for (int a : inertial) out[o++] = physics.sensordata(a);
        for (int q : hingeQpos) out[o++] = physics.qpos(q);
        for (int d : hingeDof) out[o++] = physics.qvel(d);
        if (variant.fetch) {
            double hx = physics.siteXpos(headSite, 0), hy = physics.siteXpos(headSite, 1), hz = physics.siteXpos(headSite, 2);
            for (int c = 0; c < 3; c++) {
                out[o++] = headFrame(physics, physics.geomXpos(targetGeom, 0) - hx, physics.geomXpos(targetGeom, 1) - hy,
                        physics.geomXpos(targetGeom, 2) - hz, c);
            }
        }
        double vx = physics.sensordata(torsoLinvel), vy = physics.sensordata(torsoLinvel + 1), vz = physics.sensordata(torsoLinvel + 2);
        for (int c = 0; c < 3; c++) out[o++] = torsoFrame(physics, vx, vy, vz, c);
        out[o++] = physics.xpos(torso, 2);
        out[o++] = physics.xpos(pelvis, 2);
        for (int a : touch) out[o++] = physics.sensordata(a);
        for (int b : uprightBodies) {
            out[o++] = physics.xmat(b, Physics.ZX);
            out[o++] = physics.xmat(b, Physics.ZY);
            out[o++] = physics.xmat(b, Physics.ZZ);
        }
    }

    /** Ball position and linear velocity relative to the head site, both in the head site's frame. */
    private int ballState(Physics physics, double[] out, int o) {
        double hx = physics.siteXpos(headSite, 0), hy = physics.siteXpos(headSite, 1), hz = physics.siteXpos(headSite, 2);
        double bx = physics.geomXpos(ballGeom, 0), by = physics.geomXpos(ballGeom, 1), bz = physics.geomXpos(ballGeom, 2);
        for (int c = 0; c < 3; c++) out[o++] = headFrame(physics, bx - hx, by - hy, bz - hz, c);
        linearVelocity(physics, headBody, hx, hy, hz, w3);
        linearVelocity(physics, ballBody, bx, by, bz, v3);
        for (int c = 0; c < 3; c++) out[o++] = headFrame(physics, v3[0] - w3[0], v3[1] - w3[1], v3[2] - w3[2], c);
        return o;
    }

    /**
     * The linear velocity (world frame) of a point fixed to {@code body} at world position p: MuJoCo's
     * {@code mj_objectVelocity} (not local) for a site or geom, i.e. the body's com-based spatial velocity
     * {@code cvel = [w, v]} moved from the subtree com of its root body to p: {@code v - (p - com) x w}.
     */
    private void linearVelocity(Physics physics, int body, double px, double py, double pz, double[] out) {
        int root = bodyRootId.getInt(body);
        double dx = px - physics.subtreeCom(root, 0), dy = py - physics.subtreeCom(root, 1), dz = pz - physics.subtreeCom(root, 2);
        int c = 6 * body;
        double wx = cvel.get(c), wy = cvel.get(c + 1), wz = cvel.get(c + 2);
        out[0] = cvel.get(c + 3) - (dy * wz - dz * wy);
        out[1] = cvel.get(c + 4) - (dz * wx - dx * wz);
        out[2] = cvel.get(c + 5) - (dx * wy - dy * wx);
    }

    /** Component {@code c} of {@code v . R_head} (the head site's frame). */
    private double headFrame(Physics physics, double vx, double vy, double vz, int c) {
        return vx * physics.siteXmat(headSite, c) + vy * physics.siteXmat(headSite, 3 + c) + vz * physics.siteXmat(headSite, 6 + c);
    }

    /** Component {@code c} of {@code v . R_torso}. */
    private double torsoFrame(Physics physics, double vx, double vy, double vz, int c) {
        return vx * physics.xmat(torso, c) + vy * physics.xmat(torso, 3 + c) + vz * physics.xmat(torso, 6 + c);
    }

    @Override
    public double reward(Physics physics) {
        // np.product of the factors, left to right: torso, pelvis, 3 x upright, touch, then move or reach/fetch
        double r = Tolerance.tolerance(physics.xpos(torso, 2), torsoStandHeight, Double.POSITIVE_INFINITY, torsoStandHeight);
        r *= Tolerance.tolerance(physics.xpos(pelvis, 2), pelvisStandHeight, Double.POSITIVE_INFINITY, pelvisStandHeight);
        for (int b : uprightBodies) {
            r *= Tolerance.tolerance(physics.xmat(b, Physics.ZZ), MIN_UPRIGHT_COSINE, Double.POSITIVE_INFINITY,
                    MIN_UPRIGHT_COSINE + 1, Sigmoid.LINEAR, 0);
        }
        double touchSum = 0;
        for (int a : touch) touchSum += physics.sensordata(a);
        r *= Tolerance.tolerance(touchSum, bodyWeight, Double.POSITIVE_INFINITY, bodyWeight, Sigmoid.LINEAR, 0.9);
        if (!Double.isNaN(variant.moveSpeed)) {
            double s = variant.moveSpeed;
            double forward = torsoFrame(physics, physics.sensordata(torsoLinvel), physics.sensordata(torsoLinvel + 1),
                    physics.sensordata(torsoLinvel + 2), 0);
            double f = Tolerance.tolerance(forward, s, 2 * s, Math.max(1.0, s), Sigmoid.LINEAR, 0);
            r *= (4 * f + 1) / 5;
        }
        if (variant.fetch) {
            double bx = physics.geomXpos(ballGeom, 0), by = physics.geomXpos(ballGeom, 1), bz = physics.geomXpos(ballGeom, 2);
            double upper = norm(bx - physics.siteXpos(upperBite, 0), by - physics.siteXpos(upperBite, 1), bz - physics.siteXpos(upperBite, 2));
            double lower = norm(bx - physics.siteXpos(lowerBite, 0), by - physics.siteXpos(lowerBite, 1), bz - physics.siteXpos(lowerBite, 2));
            double mouth = 0.5 * (upper + lower);
            double reach = (6 * Tolerance.tolerance(mouth, 0, biteRadius, 2, Sigmoid.RECIPROCAL, 0.1) + 1) / 7;
            double toTarget = norm(bx - physics.geomXpos(targetGeom, 0), by - physics.geomXpos(targetGeom, 1),
                    bz - physics.geomXpos(targetGeom, 2));
            double fetch = (Tolerance.tolerance(toTarget, 0, targetRadius, floorSize, Sigmoid.RECIPROCAL, 0.1) + 1) / 2;
            if (toTarget < 2 * targetRadius) reach = 1; // let go of the ball once it is fetched
            r *= reach;
            r *= fetch;
        }
        return r;
    }

    /** {@code np.linalg.norm} of a 3-vector (numpy's rounding, {@link io.tributary.envs.dmc.NumpyLinalg}). */
    private static double norm(double x, double y, double z) {
        return io.tributary.envs.dmc.NumpyLinalg.norm(x, y, z);
    }
}
