package io.tributary.envs.dmc;

import io.tributary.envs.mujoco.MjArray;
import io.tributary.envs.mujoco.MjData;
import io.tributary.envs.mujoco.MjModel;
import io.tributary.envs.mujoco.MjObj;

/**
 * dm_control's {@code Physics} for one environment copy: an owned {@link MjModel} (tasks may modify it at reset)
 * and its {@link MjData}. Name lookups resolve ids once (tasks should cache them in fields at construction);
 * accessors read MuJoCo's memory directly.
 *
 * <p>Conventions (facts 1.3): {@code xmat} is row-major 3x3 per body, index {@code 3*r + c}, so {@link #XZ} = 2
 * (x-component of the body z-axis), {@link #ZZ} = 8. Anything without a named accessor is reachable with
 * {@link #model(String)} / {@link #data(String)} by MuJoCo's C field name.
 */
public final class Physics implements AutoCloseable {

    public static final int XX = 0, XY = 1, XZ = 2, YX = 3, YY = 4, YZ = 5, ZX = 6, ZY = 7, ZZ = 8;

    private final MjModel model;
    private final MjData data;
    private final int nq, nv, nu, na;
    private final MjArray qpos, qvel, ctrl, act, xpos, xipos, xmat, xquat, geomXpos, geomXmat, siteXpos, siteXmat,
            sensordata, subtreeCom;
    private final MjArray geomSize, geomPos, bodyPos, sitePos, siteSize, dofDamping, jntQposAdr, jntDofAdr, jntType,
            jntLimited, jntRange, sensorAdr, sensorDim;

    /** Takes ownership of {@code model}. */
    public Physics(MjModel model) {
        this.model = model;
        this.data = new MjData(model);
        this.nq = model.size("nq");
        this.nv = model.size("nv");
        this.nu = model.size("nu");
        this.na = model.size("na");
        qpos = data.array("qpos");
        qvel = data.array("qvel");
        ctrl = data.array("ctrl");
        act = data.array("act");
        xpos = data.array("xpos");
        xipos = data.array("xipos");
        xmat = data.array("xmat");
        xquat = data.array("xquat");
        geomXpos = data.array("geom_xpos");
        geomXmat = data.array("geom_xmat");
        siteXpos = data.array("site_xpos");
        siteXmat = data.array("site_xmat");
        sensordata = data.array("sensordata");
        subtreeCom = data.array("subtree_com");
        geomSize = model.array("geom_size");
        geomPos = model.array("geom_pos");
        bodyPos = model.array("body_pos");
        sitePos = model.array("site_pos");
        siteSize = model.array("site_size");
        dofDamping = model.array("dof_damping");
        jntQposAdr = model.array("jnt_qposadr");
        jntDofAdr = model.array("jnt_dofadr");
        jntType = model.array("jnt_type");
        jntLimited = model.array("jnt_limited");
        jntRange = model.array("jnt_range");
        sensorAdr = model.array("sensor_adr");
        sensorDim = model.array("sensor_dim");
    }

    /** Compiles MJCF text into a new Physics. */
    public static Physics fromXml(String name, String xml) {
        return new Physics(MjModel.fromXml(name, xml));
    }

    public MjModel mjModel() { return model; }
    public MjData mjData() { return data; }
    public int nq() { return nq; }
    public int nv() { return nv; }
    public int nu() { return nu; }
    public int na() { return na; }
    public double timestep() { return model.timestep(); }
    public double time() { return data.time(); }
    public int ncon() { return data.ncon(); }

    // ---- generic access by MuJoCo's C field names ----

    /** An mjModel array by C name: geom_size, geom_pos, body_pos, site_pos, site_size, dof_damping, wrap_prm, ... */
    public MjArray model(String field) { return model.array(field); }

    /** An mjData array by C name: qacc, cvel, actuator_force, ... */
    public MjArray data(String field) { return data.array(field); }

    // ---- named lookups (throw on an unknown name, naming it) ----

    public int bodyId(String name) { return id(MjObj.BODY, name); }
    public int jointId(String name) { return id(MjObj.JOINT, name); }
    public int geomId(String name) { return id(MjObj.GEOM, name); }
    public int siteId(String name) { return id(MjObj.SITE, name); }
    public int sensorId(String name) { return id(MjObj.SENSOR, name); }
    public int actuatorId(String name) { return id(MjObj.ACTUATOR, name); }
    public int tendonId(String name) { return id(MjObj.TENDON, name); }

    public int id(MjObj type, String name) {
        int id = model.id(type, name);
        if (id < 0) throw new IllegalArgumentException("model has no " + type.name().toLowerCase() + " named '" + name + "'");
        return id;
    }

    public String name(MjObj type, int id) { return model.name(type, id); }

    /** qpos address of joint {@code j} ({@code jnt_qposadr}). */
    public int jointQposAdr(int j) { return jntQposAdr.getInt(j); }
    /** dof address of joint {@code j} ({@code jnt_dofadr}). */
    public int jointDofAdr(int j) { return jntDofAdr.getInt(j); }
    /** Joint type: 0 free, 1 ball, 2 slide, 3 hinge. */
    public int jointType(int j) { return jntType.getInt(j); }
    public boolean jointLimited(int j) { return jntLimited.getInt(j) != 0; }
    public double jointRangeLow(int j) { return jntRange.get(j, 0); }
    public double jointRangeHigh(int j) { return jntRange.get(j, 1); }
    public int njnt() { return model.size("njnt"); }
    /** Start of sensor {@code s} in sensordata ({@code sensor_adr}). */
    public int sensorAdr(int s) { return sensorAdr.getInt(s); }
    public int sensorDim(int s) { return sensorDim.getInt(s); }

    // ---- state ----

    public double qpos(int i) { return qpos.get(i); }
    public void setQpos(int i, double v) { qpos.set(i, v); }
    public double qvel(int i) { return qvel.get(i); }
    public void setQvel(int i, double v) { qvel.set(i, v); }
    public double ctrl(int i) { return ctrl.get(i); }
    public void setCtrl(int i, double v) { ctrl.set(i, v); }
    public double act(int i) { return act.get(i); }
    public void setAct(int i, double v) { act.set(i, v); }
    public double sensordata(int i) { return sensordata.get(i); }

    /** Body frame origin, component k of body b. */
    public double xpos(int b, int k) { return xpos.get(3 * b + k); }
    /** Body centre of mass. */
    public double xipos(int b, int k) { return xipos.get(3 * b + k); }
    /** Body orientation, row-major element k (use {@link #XZ}, {@link #ZZ}, ...). */
    public double xmat(int b, int k) { return xmat.get(9 * b + k); }
    public double xquat(int b, int k) { return xquat.get(4 * b + k); }
    public double geomXpos(int g, int k) { return geomXpos.get(3 * g + k); }
    public double geomXmat(int g, int k) { return geomXmat.get(9 * g + k); }
    public double siteXpos(int s, int k) { return siteXpos.get(3 * s + k); }
    public double siteXmat(int s, int k) { return siteXmat.get(9 * s + k); }
    public double subtreeCom(int b, int k) { return subtreeCom.get(3 * b + k); }

    // ---- model fields tasks modify at reset ----

    public double geomSize(int g, int k) { return geomSize.get(g, k); }
    public void setGeomSize(int g, int k, double v) { geomSize.set(g, k, v); }
    public double geomPos(int g, int k) { return geomPos.get(g, k); }
    public void setGeomPos(int g, int k, double v) { geomPos.set(g, k, v); }
    public double bodyPos(int b, int k) { return bodyPos.get(b, k); }
    public void setBodyPos(int b, int k, double v) { bodyPos.set(b, k, v); }
    public double sitePos(int s, int k) { return sitePos.get(s, k); }
    public void setSitePos(int s, int k, double v) { sitePos.set(s, k, v); }
    public double siteSize(int s, int k) { return siteSize.get(s, k); }
    public void setSiteSize(int s, int k, double v) { siteSize.set(s, k, v); }
    public double dofDamping(int d) { return dofDamping.get(d); }
    public void setDofDamping(int d, double v) { dofDamping.set(d, v); }

    // ---- dm_control's physics calls ----

    /** {@code mj_resetData} + forward with actuation disabled; returns MjData.ERR_* flags. */
    public int resetData() { return data.resetAndForward(); }

    /** dm_control's {@code physics.forward()} inside reset contexts / {@code after_reset}: actuation disabled. */
    public int forwardWithoutActuation() { return data.forwardWithoutActuation(); }

    /** Plain {@code mj_forward} (actuation on). */
    public int forward() { return data.forward(); }

    @Override
    public void close() {
        data.close();
        model.close();
    }
}
