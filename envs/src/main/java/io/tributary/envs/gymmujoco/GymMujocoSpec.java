package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * One registered Gymnasium MuJoCo id: its model file (our MJCF under {@code io/tributary/envs/gymmujoco/}),
 * {@code frame_skip}, the {@code max_episode_steps} of its registration (Gymnasium's TimeLimit) and its task.
 */
public record GymMujocoSpec(String id, String modelFile, int frameSkip, int maxEpisodeSteps,
                            Function<Physics, GymMujocoTask> task) {

    /** The MJCF text of the model file. */
    public String modelXml() {
        try (InputStream in = GymMujocoSpec.class.getResourceAsStream(modelFile)) {
            if (in == null) throw new IllegalStateException(id + ": missing model resource io/tributary/envs/gymmujoco/" + modelFile);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(id + ": cannot read model resource " + modelFile, e);
        }
    }

    /** Compiles a fresh model for one copy. */
    public Physics newPhysics() {
        return Physics.fromXml(modelFile, modelXml());
    }
}
