package io.tributary.envs.dmc.quadruped;

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

/**
 * dm_control's quadruped (facts 5.14): walk, run, escape and fetch. A torso on a free joint with four legs, each
 * driven by filtered position servos (so the actuator activations are part of the state and of the observation).
 *
 * <ul>
 *   <li>walk / run: move forward at 0.5 / 5 m/s, upright; any start orientation ({@code randn(4)}, may be upside
 *       down).</li>
 *   <li>escape: leave a bowl-shaped heightfield whose bumps are re-drawn every reset ({@link Terrain}); 20
 *       rangefinders look ahead.</li>
 *   <li>fetch: a walled 30 x 30 m arena; reach the ball and bring it to the target at the origin.</li>
 * </ul>
 * Every start drops the body from z = 0 upwards in 1 cm steps until nothing touches (dm_control's
 * {@code _find_non_contacting_height}).
 */
public final class Quadruped implements DmTask {

    /** The tasks: floor half-size (NaN: the file's 15), which parts of the model they keep. */
    public enum Variant {
        WALK("walk", 20 * 0.5, false, false, false, 0.5),
        RUN("run", 20 * 5, false, false, false, 5),
        ESCAPE("escape", 40, true, true, false, Double.NaN),
        FETCH("fetch", Double.NaN, false, false, true, Double.NaN);

        final String task;
        final double floorSize;
        final boolean terrain, rangefinders, wallsAndBall;
        /** Forward speed above which walk/run's move reward is 1. */
        final double desiredSpeed;

        Variant(String task, double floorSize, boolean terrain, boolean rangefinders, boolean wallsAndBall, double speed) {
            this.task = task;
            this.floorSize = floorSize;
            this.terrain = terrain;
            this.rangefinders = rangefinders;
            this.wallsAndBall = wallsAndBall;
            this.desiredSpeed = speed;
        }

        /** The edited MJCF, made once (every env copy compiles it). */
        private volatile String xml;

        /** This task's MJCF, as the suite's {@code make_model} edits the file for it. */
        public String modelXml() {
            String x = xml;
            if (x == null) xml = x = QuadrupedModel.xml(floorSize, terrain, rangefinders, wallsAndBall);
            return x;
        }
    }

    public static List<DmTaskSpec> specs() {
        List<DmTaskSpec> out = new ArrayList<>();
        for (Variant v : Variant.values()) out.add(new DmTaskSpec("quadruped", v.task, v::modelXml, p -> new Quadruped(p, v)));
        return List.copyOf(out);
    }

    /** dm_control gives up after this many 1 cm raises (and so do we, with the same error). */
    static final int MAX_HEIGHT_ATTEMPTS = 10_000;
    static final double HEIGHT_STEP = 0.01;

    private static final int HINGE = 3;
    private static final int SENS_ACCELEROMETER = 1, SENS_GYRO = 3, SENS_FORCE = 4, SENS_TORQUE = 5, SENS_RANGEFINDER = 7;

    private static final List<ObsKey> COMMON_KEYS = List.of(new ObsKey("egocentric_state", 44),
            new ObsKey("force_torque", 24), new ObsKey("imu", 6), new ObsKey("torso_upright", 1),
            new ObsKey("torso_velocity", 3));
    private static final List<ObsKey> ESCAPE_KEYS = List.of(new ObsKey("egocentric_state", 44),
            new ObsKey("force_torque", 24), new ObsKey("imu", 6), new ObsKey("origin", 3), new ObsKey("rangefinder", 20),
            new ObsKey("torso_upright", 1), new ObsKey("torso_velocity", 3));
    private static final List<ObsKey> FETCH_KEYS = List.of(new ObsKey("ball_state", 9),
            new ObsKey("egocentric_state", 44), new ObsKey("force_torque", 24), new ObsKey("imu", 6),
            new ObsKey("target_position", 3), new ObsKey("torso_upright", 1), new ObsKey("torso_velocity", 3));

    private final Variant variant;
    private final int rootQpos, rootDof, torso, velocimeter, na;
    private final int[] hingeQpos, hingeDof;
    /** sensordata addresses, in model order: accelerometer/gyro; force/torque; rangefinders (escape only). */
    private final int[] imu, forceTorque, rangefinder;
    private final int workspaceSite;
    private final double uprightEscape;
    // escape
    private final Terrain terrain;
    private final MjArray hfieldData;
    private final double terrainSize;
    // fetch
    private final int ballBody, ballQpos, ballDof, targetSite;
    private final double floorSize, arenaRadius, reachBound, targetRadius;
    private final double[] quat = new double[4];
    private final double[] pair = new double[2];

    public Quadruped(Physics physics, Variant variant) {
        this.variant = variant;
        int root = physics.jointId("root");
        this.rootQpos = physics.jointQposAdr(root);
        this.rootDof = physics.jointDofAdr(root);
        this.torso = physics.bodyId("torso");
        this.na = physics.na();
        List<Integer> hinges = new ArrayList<>();
        for (int j = 0; j < physics.njnt(); j++) if (physics.jointType(j) == HINGE) hinges.add(j);
        this.hingeQpos = hinges.stream().mapToInt(physics::jointQposAdr).toArray();
        this.hingeDof = hinges.stream().mapToInt(physics::jointDofAdr).toArray();
        if (2 * hingeQpos.length + na != 44) {
            throw new IllegalStateException("quadruped: egocentric_state needs 16 hinges and 12 activations, the model has "
                    + hingeQpos.length + " and " + na);
        }
        this.velocimeter = physics.sensorAdr(physics.sensorId("velocimeter"));
        this.imu = sensorAddresses(physics, SENS_ACCELEROMETER, SENS_GYRO);
        this.forceTorque = sensorAddresses(physics, SENS_FORCE, SENS_TORQUE);
        this.rangefinder = sensorAddresses(physics, SENS_RANGEFINDER);
        this.workspaceSite = physics.siteId("workspace");
        this.uprightEscape = Math.cos(Math.toRadians(20));
        int floor = physics.geomId("floor");
        this.floorSize = physics.geomSize(floor, 0);
        if (variant == Variant.ESCAPE) {
            int hfield = 0; // dm_control's _HEIGHTFIELD_ID
            this.terrain = new Terrain(physics.model("hfield_nrow"), physics.model("hfield_ncol"),
                    physics.model("hfield_size"), physics.model("hfield_adr"), hfield);
            this.hfieldData = physics.model("hfield_data");
            this.terrainSize = physics.model("hfield_size").get(hfield, 0);
            if (rangefinder.length != 20) throw new IllegalStateException("quadruped escape needs 20 rangefinders, the model has " + rangefinder.length);
        } else {
            this.terrain = null;
            this.hfieldData = null;
            this.terrainSize = Double.NaN;
        }
        if (variant == Variant.FETCH) {
            this.ballBody = physics.bodyId("ball");
            int ballRoot = physics.jointId("ball_root");
            this.ballQpos = physics.jointQposAdr(ballRoot);
            this.ballDof = physics.jointDofAdr(ballRoot);
            this.targetSite = physics.siteId("target");
            this.arenaRadius = floorSize * Math.sqrt(2);
            this.reachBound = physics.siteSize(workspaceSite, 0) + physics.geomSize(physics.geomId("ball"), 0);
            this.targetRadius = physics.siteSize(targetSite, 0);
        } else {
            this.ballBody = this.ballQpos = this.ballDof = this.targetSite = -1;
            this.arenaRadius = this.reachBound = this.targetRadius = Double.NaN;
        }
    }

    /** sensordata addresses of every element of the sensors whose type is one of {@code types}, in model order. */
    private static int[] sensorAddresses(Physics physics, int... types) {
        MjArray type = physics.model("sensor_type");
        List<Integer> adr = new ArrayList<>();
        for (int s = 0; s < type.length(); s++) {
            for (int t : types) {
                if (type.getInt(s) == t) {
                    for (int k = 0; k < physics.sensorDim(s); k++) adr.add(physics.sensorAdr(s) + k);
                }
            }
        }
        return adr.stream().mapToInt(Integer::intValue).toArray();
    }

    public Variant variant() { return variant; }

    @Override public double controlTimestep() { return 0.02; }
    @Override public double timeLimit() { return 20; }

    @Override
    public List<ObsKey> observationKeys() {
        return switch (variant) {
            case WALK, RUN -> COMMON_KEYS;
            case ESCAPE -> ESCAPE_KEYS;
            case FETCH -> FETCH_KEYS;
        };
    }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        switch (variant) {
            case WALK, RUN -> {
                randomOrientation(random);
                findNonContactingHeight(physics, quat, 0, 0);
            }
            case ESCAPE -> {
                terrain.generate(random, hfieldData);
                randomOrientation(random);
                findNonContactingHeight(physics, quat, 0, 0);
            }
            case FETCH -> {
                double azimuth = random.uniform(0, 2 * Math.PI);
                quat[0] = Math.cos(azimuth / 2);
                quat[1] = 0;
                quat[2] = 0;
                quat[3] = Math.sin(azimuth / 2);
                double spawn = 0.9 * floorSize;
                random.uniform(-spawn, spawn, pair);
                findNonContactingHeight(physics, quat, pair[0], pair[1]);
                random.uniform(-spawn, spawn, pair);
                physics.setQpos(ballQpos, pair[0]);
                physics.setQpos(ballQpos + 1, pair[1]);
                physics.setQpos(ballQpos + 2, 2);
                random.randn(pair);
                physics.setQvel(ballDof, 5 * pair[0]);
                physics.setQvel(ballDof + 1, 5 * pair[1]);
            }
        }
    }

    /**
     * {@code q = randn(4); q /= np.linalg.norm(q)}. numpy's norm of a 1-D array is {@code sqrt(q.dot(q))}, and that
     * dot goes to OpenBLAS's ddot, whose loop for short vectors ({@code dot += y[i] * x[i]}) is compiled with fused
     * multiply-adds on the x86-64 kernels: the suite's quaternions are reproduced to the bit only with that same
     * chain of FMAs (a plain sum of squares is off by one ulp for seed 0).
     */
    private void randomOrientation(RandomState random) {
        random.randn(quat);
        double dot = 0.0;
        for (int k = 0; k < 4; k++) dot = Math.fma(quat[k], quat[k], dot);
        double norm = Math.sqrt(dot);
        for (int k = 0; k < 4; k++) quat[k] /= norm;
    }

    /**
     * dm_control's {@code _find_non_contacting_height}: from z = 0 up in 1 cm steps, each try a full reset
     * ({@code mj_resetData} + forward), the root pose set, forward (actuation off; a MuJoCo error there is ignored, as
     * the suite ignores a PhysicsError), until no contact. The 10001st try is an error, whatever it found, as in the
     * suite.
     */
    private void findNonContactingHeight(Physics physics, double[] q, double x, double y) {
        int root = rootQpos;
        double z = 0.0;
        int attempts = 0;
        int ncon;
        do {
            physics.resetData();
            physics.setQpos(root, x);
            physics.setQpos(root + 1, y);
            physics.setQpos(root + 2, z);
            for (int k = 0; k < 4; k++) physics.setQpos(root + 3 + k, q[k]);
            physics.forwardWithoutActuation();
            ncon = physics.ncon();
            z += HEIGHT_STEP;
            attempts++;
            if (attempts > MAX_HEIGHT_ATTEMPTS) {
                throw new IllegalStateException("quadruped: no contact-free height found in " + MAX_HEIGHT_ATTEMPTS
                        + " raises of " + HEIGHT_STEP + " m at x=" + x + ", y=" + y);
            }
        } while (ncon > 0);
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        int o = offset;
        if (variant == Variant.FETCH) o = ballState(physics, out, o);
        o = egocentricState(physics, out, o);
        for (int a : forceTorque) out[o++] = asinh(physics.sensordata(a));
        for (int a : imu) out[o++] = physics.sensordata(a);
        if (variant == Variant.ESCAPE) {
            // origin: -xpos(torso) . R_torso
            double px = physics.xpos(torso, 0), py = physics.xpos(torso, 1), pz = physics.xpos(torso, 2);
            for (int c = 0; c < 3; c++) out[o++] = -torsoFrame(physics, px, py, pz, c);
            for (int a : rangefinder) {
                double r = physics.sensordata(a);
                out[o++] = r == -1.0 ? 1.0 : Math.tanh(r);
            }
        }
        if (variant == Variant.FETCH) {
            double dx = physics.siteXpos(targetSite, 0) - physics.xpos(torso, 0);
            double dy = physics.siteXpos(targetSite, 1) - physics.xpos(torso, 1);
            double dz = physics.siteXpos(targetSite, 2) - physics.xpos(torso, 2);
            for (int c = 0; c < 3; c++) out[o++] = torsoFrame(physics, dx, dy, dz, c);
        }
        out[o++] = physics.xmat(torso, Physics.ZZ);
        for (int k = 0; k < 3; k++) out[o++] = physics.sensordata(velocimeter + k);
    }

    /** Component {@code c} of the row vector {@code v . R_torso} (a world vector in the torso frame). */
    private double torsoFrame(Physics physics, double vx, double vy, double vz, int c) {
        return vx * physics.xmat(torso, c) + vy * physics.xmat(torso, 3 + c) + vz * physics.xmat(torso, 6 + c);
    }

    /** Hinge qpos and qvel in model order, then every actuator activation. */
    private int egocentricState(Physics physics, double[] out, int o) {
        for (int q : hingeQpos) out[o++] = physics.qpos(q);
        for (int d : hingeDof) out[o++] = physics.qvel(d);
        for (int a = 0; a < na; a++) out[o++] = physics.act(a);
        return o;
    }

    /** Rows [ball - torso position; ball - torso linear velocity; ball angular velocity], each times R_torso. */
    private int ballState(Physics physics, double[] out, int o) {
        for (int c = 0; c < 3; c++) {
            out[o++] = torsoFrame(physics, physics.xpos(ballBody, 0) - physics.xpos(torso, 0),
                    physics.xpos(ballBody, 1) - physics.xpos(torso, 1), physics.xpos(ballBody, 2) - physics.xpos(torso, 2), c);
        }
        for (int c = 0; c < 3; c++) {
            out[o++] = torsoFrame(physics, physics.qvel(ballDof) - physics.qvel(rootDof),
                    physics.qvel(ballDof + 1) - physics.qvel(rootDof + 1), physics.qvel(ballDof + 2) - physics.qvel(rootDof + 2), c);
        }
        for (int c = 0; c < 3; c++) {
            out[o++] = torsoFrame(physics, physics.qvel(ballDof + 3), physics.qvel(ballDof + 4), physics.qvel(ballDof + 5), c);
        }
        return o;
    }

    @Override
    public double reward(Physics physics) {
        double zz = physics.xmat(torso, Physics.ZZ);
        return switch (variant) {
            case WALK, RUN -> {
                double move = Tolerance.tolerance(physics.sensordata(velocimeter), variant.desiredSpeed,
                        Double.POSITIVE_INFINITY, variant.desiredSpeed, Sigmoid.LINEAR, 0.5);
                yield upright(zz, 1.0) * move;
            }
            case ESCAPE -> {
                double wx = physics.siteXpos(workspaceSite, 0), wy = physics.siteXpos(workspaceSite, 1),
                        wz = physics.siteXpos(workspaceSite, 2);
                double distance = Math.sqrt(wx * wx + wy * wy + wz * wz);
                double escape = Tolerance.tolerance(distance, terrainSize, Double.POSITIVE_INFINITY, terrainSize,
                        Sigmoid.LINEAR, 0);
                yield upright(zz, uprightEscape) * escape;
            }
            case FETCH -> {
                double bx = physics.xpos(ballBody, 0), by = physics.xpos(ballBody, 1);
                double reach = Tolerance.tolerance(norm(physics.siteXpos(workspaceSite, 0) - bx,
                        physics.siteXpos(workspaceSite, 1) - by), 0, reachBound, arenaRadius, Sigmoid.LINEAR, 0);
                double fetch = Tolerance.tolerance(norm(physics.siteXpos(targetSite, 0) - bx,
                        physics.siteXpos(targetSite, 1) - by), 0, targetRadius, arenaRadius, Sigmoid.LINEAR, 0);
                yield upright(zz, 1.0) * (reach * (0.5 + 0.5 * fetch));
            }
        };
    }

    /** {@code np.linalg.norm} of a horizontal offset. */
    private static double norm(double x, double y) {
        return Math.sqrt(x * x + y * y);
    }

    /** dm_control's {@code _upright_reward}: 1 within the deviation cone, falling linearly to 0 upside down. */
    private static double upright(double zz, double cosDeviation) {
        return Tolerance.tolerance(zz, cosDeviation, Double.POSITIVE_INFINITY, 1 + cosDeviation, Sigmoid.LINEAR, 0);
    }

    /** {@code np.arcsinh}, accurate for tiny readings (most toe sensors read ~1e-15 at rest) and large forces. */
    static double asinh(double x) {
        double a = Math.abs(x);
        double r;
        if (a > 1e8) r = Math.log(a) + Math.log(2);
        else r = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        return Math.copySign(r, x);
    }
}
