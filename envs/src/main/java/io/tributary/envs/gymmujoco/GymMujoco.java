package io.tributary.envs.gymmujoco;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Gymnasium 0.29.1 MuJoCo v4 tasks Tributary registers, under Gymnasium's ids, with each registration's
 * {@code frame_skip} and {@code max_episode_steps}. A task is listed here only once it replays the golden set.
 */
public final class GymMujoco {

    private static final Map<String, GymMujocoSpec> SPECS = new LinkedHashMap<>();

    static {
        add(new GymMujocoSpec("InvertedPendulum-v4", "inverted_pendulum.xml", 2, 1000, InvertedPendulum::new));
        add(new GymMujocoSpec("InvertedDoublePendulum-v4", "inverted_double_pendulum.xml", 5, 1000, InvertedDoublePendulum::new));
        add(new GymMujocoSpec("Reacher-v4", "reacher.xml", 2, 50, Reacher::new));
        add(new GymMujocoSpec("Swimmer-v4", "swimmer.xml", 4, 1000, p -> new Swimmer(p, 4)));
        add(new GymMujocoSpec("HalfCheetah-v4", "half_cheetah.xml", 5, 1000, p -> new HalfCheetah(p, 5)));
        add(new GymMujocoSpec("Hopper-v4", "hopper.xml", 4, 1000, p -> PlanarWalker.hopper(p, 4)));
        add(new GymMujocoSpec("Walker2d-v4", "walker2d.xml", 4, 1000, p -> PlanarWalker.walker2d(p, 4)));
        add(new GymMujocoSpec("Pusher-v4", "pusher.xml", 5, 100, Pusher::new));
        add(new GymMujocoSpec("Ant-v4", "ant.xml", 5, 1000, p -> new Ant(p, 5)));
        add(new GymMujocoSpec("Humanoid-v4", "humanoid.xml", 5, 1000, p -> new Humanoid(p, 5)));
        add(new GymMujocoSpec("HumanoidStandup-v4", "humanoidstandup.xml", 5, 1000, HumanoidStandup::new));
    }

    private GymMujoco() {}

    private static void add(GymMujocoSpec spec) {
        SPECS.put(spec.id(), spec);
    }

    /** Every registered spec by id, in registration order. */
    public static Map<String, GymMujocoSpec> specs() {
        return Collections.unmodifiableMap(SPECS);
    }

    /** The spec of {@code id}; an unknown id is an error listing the known ones. */
    public static GymMujocoSpec spec(String id) {
        GymMujocoSpec s = SPECS.get(id);
        if (s == null) throw new IllegalArgumentException("unknown Gymnasium MuJoCo id '" + id + "'; known: " + SPECS.keySet());
        return s;
    }
}
