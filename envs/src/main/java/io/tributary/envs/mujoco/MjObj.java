package io.tributary.envs.mujoco;

/** MuJoCo's {@code mjtObj}: object types for name lookups ({@code mj_name2id}). */
public enum MjObj {
    UNKNOWN, BODY, XBODY, JOINT, DOF, GEOM, SITE, CAMERA, LIGHT, MESH, SKIN, HFIELD, TEXTURE, MATERIAL, PAIR, EXCLUDE,
    EQUALITY, TENDON, ACTUATOR, SENSOR, NUMERIC, TEXT, TUPLE, KEY;

    /** The C enum value (declaration order matches mjmodel.h). */
    public int code() {
        return ordinal();
    }
}
