package io.tributary.envs.dmc;

import io.tributary.envs.mujoco.MjModel;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How to build one suite task: its domain and task names, the MJCF text of its model, and a factory that binds a
 * fresh {@link DmTask} to a copy's {@link Physics}. A model that refers to other files (the dog's meshes) has them in
 * {@code assets} (path as the model refers to it, to bytes; compiled through MuJoCo's VFS); a task that needs
 * something this machine may lack (the dog: a dm_control installation) says so in {@code unavailable}.
 */
public record DmTaskSpec(String domain, String task, Supplier<String> modelXml, Function<Physics, DmTask> factory,
                         Supplier<Map<String, byte[]>> assets, Supplier<Optional<String>> unavailable) {

    /** A task whose model is self-contained MJCF text (every domain of ours but the dog), always available. */
    public DmTaskSpec(String domain, String task, Supplier<String> modelXml, Function<Physics, DmTask> factory) {
        this(domain, task, modelXml, factory, Map::of, Optional::empty);
    }

    /** The Gymnasium/Shimmy id, {@code dm_control/<domain>-<task>-v0}. */
    public String id() {
        return "dm_control/" + domain + "-" + task + "-v0";
    }

    /** Why this task cannot be made on this machine (the message {@link #compileModel} would fail with), or empty. */
    public Optional<String> unavailableReason() {
        return unavailable.get();
    }

    /** Whether this task can be made here. */
    public boolean available() {
        return unavailableReason().isEmpty();
    }

    /** Compiles this task's model into a new Physics. */
    public Physics newPhysics() {
        return new Physics(compileModel());
    }

    /** Compiles this task's model with its asset files (the caller owns it). */
    public MjModel compileModel() {
        String xml = modelXml.get();
        return MjModel.fromXml(domain + ".xml", xml, assets.get());
    }
}
