package io.tributary.envs.dmc;

import io.tributary.envs.mujoco.MjModel;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How to build one suite task: its domain and task names, the MJCF text of its model, and a factory that binds a
 * fresh {@link DmTask} to a copy's {@link Physics}.
 */
public record DmTaskSpec(String domain, String task, Supplier<String> modelXml, Function<Physics, DmTask> factory) {

    /** The Gymnasium/Shimmy id, {@code dm_control/<domain>-<task>-v0}. */
    public String id() {
        return "dm_control/" + domain + "-" + task + "-v0";
    }

    /** Compiles this task's model into a new Physics. */
    public Physics newPhysics() {
        return new Physics(compileModel());
    }

    /** Compiles this task's model (the caller owns it). */
    public MjModel compileModel() {
        return MjModel.fromXml(domain + ".xml", modelXml.get());
    }
}
