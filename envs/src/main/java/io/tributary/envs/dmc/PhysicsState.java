package io.tributary.envs.dmc;

import io.tributary.envs.state.StateMap;
import java.util.List;

/**
 * A {@link Physics}' snapshot for a checkpoint: what MuJoCo 2.2.2's next step reads, and the model fields tasks
 * change per episode. Restoring writes them back and runs {@code mj_forward}, which recomputes every derived
 * quantity (positions, contacts, constraint counts) from them exactly as the last step's {@code mj_step1} or
 * {@code mj_forward} did, so the next step continues bit for bit (dm_control's legacy sequence starts with
 * {@code mj_step2} on those quantities; Gymnasium's {@code mj_step} recomputes them itself).
 */
public final class PhysicsState {

    /**
     * mjData: time (a scalar, below) and these arrays: the integration state (qpos, qvel, act), the inputs a step reads
     * (ctrl, applied forces, mocap poses, userdata) and the constraint solver's warm start.
     */
    public static final List<String> DATA_FIELDS = List.of("qpos", "qvel", "act", "ctrl", "qacc_warmstart", "qfrc_applied",
            "xfrc_applied", "mocap_pos", "mocap_quat", "userdata");

    /**
     * mjModel fields a task may set in {@code initialize_episode} (targets, sizes, terrain): every one the suite's tasks
     * write here (Physics' setters, manipulator's body_quat, point_mass' wrap_prm, quadruped's hfield_data). A task that
     * writes another model field must add it here, or its resume will not be exact.
     */
    public static final List<String> MODEL_FIELDS = List.of("body_pos", "body_quat", "geom_pos", "geom_size", "site_pos",
            "site_size", "dof_damping", "wrap_prm", "hfield_data");

    private PhysicsState() {}

    public static void save(Physics p, StateMap out, String prefix) {
        out.putDouble(prefix + "data.time", p.mjData().time());
        for (String f : DATA_FIELDS) out.putDoubles(prefix + "data." + f, p.data(f).toArray());
        for (String f : MODEL_FIELDS) out.putDoubles(prefix + "model." + f, p.model(f).toArray());
    }

    /** Writes the snapshot back (every key checked first, so a refused one changes nothing) and runs mj_forward. */
    public static void restore(Physics p, StateMap in, String prefix) {
        double time = in.getDouble(prefix + "data.time");
        double[][] data = new double[DATA_FIELDS.size()][];
        double[][] model = new double[MODEL_FIELDS.size()][];
        for (int i = 0; i < data.length; i++) data[i] = in.doubles(prefix + "data." + DATA_FIELDS.get(i), p.data(DATA_FIELDS.get(i)).length());
        for (int i = 0; i < model.length; i++) model[i] = in.doubles(prefix + "model." + MODEL_FIELDS.get(i), p.model(MODEL_FIELDS.get(i)).length());
        for (int i = 0; i < model.length; i++) p.model(MODEL_FIELDS.get(i)).setAll(model[i]);
        for (int i = 0; i < data.length; i++) p.data(DATA_FIELDS.get(i)).setAll(data[i]);
        p.mjData().setTime(time);
        int flags = p.forward();
        if (flags != 0) throw new IllegalStateException("mj_forward on the restored state reported physics errors (flags " + flags + ")");
        // mj_forward keeps its solution as the next warm start: the saved one is what the next step must start from
        for (int i = 0; i < data.length; i++) p.data(DATA_FIELDS.get(i)).setAll(data[i]);
    }
}
