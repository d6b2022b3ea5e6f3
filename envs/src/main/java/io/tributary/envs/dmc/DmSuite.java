package io.tributary.envs.dmc;

import io.tributary.envs.dmc.acrobot.Acrobot;
import io.tributary.envs.dmc.ballincup.BallInCup;
import io.tributary.envs.dmc.cartpole.Cartpole;
import io.tributary.envs.dmc.cheetah.Cheetah;
import io.tributary.envs.dmc.dog.Dog;
import io.tributary.envs.dmc.finger.Finger;
import io.tributary.envs.dmc.fish.Fish;
import io.tributary.envs.dmc.hopper.Hopper;
import io.tributary.envs.dmc.humanoid.Humanoid;
import io.tributary.envs.dmc.humanoidcmu.HumanoidCmu;
import io.tributary.envs.dmc.manipulator.Manipulator;
import io.tributary.envs.dmc.pendulum.Pendulum;
import io.tributary.envs.dmc.pointmass.PointMass;
import io.tributary.envs.dmc.quadruped.Quadruped;
import io.tributary.envs.dmc.reacher.Reacher;
import io.tributary.envs.dmc.stacker.Stacker;
import io.tributary.envs.dmc.swimmer.Swimmer;
import io.tributary.envs.dmc.walker.Walker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dm_control suite tasks Tributary implements: one line per domain (see {@link DmTask} on adding one). The table
 * points at the domains and none of them points back: they read their model files through {@link ModelFiles}.
 * {@link #specs()} lists every task implemented; the dog's need a dm_control installation
 * ({@link DmControlInstallation}), so {@link #availableSpecs()} lists what can be made on this machine.
 */
public final class DmSuite {

    private static final Map<String, DmTaskSpec> BY_ID = new LinkedHashMap<>();

    static {
        List<DmTaskSpec> all = new ArrayList<>();
        all.addAll(Acrobot.specs());
        all.addAll(BallInCup.specs());
        all.addAll(Cartpole.specs());
        all.addAll(Cheetah.specs());
        all.addAll(Dog.specs());
        all.addAll(Finger.specs());
        all.addAll(Fish.specs());
        all.addAll(Hopper.specs());
        all.addAll(Humanoid.specs());
        all.addAll(HumanoidCmu.specs());
        all.addAll(Manipulator.specs());
        all.addAll(Pendulum.specs());
        all.addAll(PointMass.specs());
        all.addAll(Quadruped.specs());
        all.addAll(Reacher.specs());
        all.addAll(Stacker.specs());
        all.addAll(Swimmer.specs());
        all.addAll(Walker.specs());
        for (DmTaskSpec s : all) {
            if (BY_ID.put(s.id(), s) != null) throw new IllegalStateException("duplicate dm_control id " + s.id());
        }
    }

    private DmSuite() {}

    /** Every task, keyed by id, in registration order. */
    public static Map<String, DmTaskSpec> specs() {
        return Collections.unmodifiableMap(BY_ID);
    }

    /** The tasks that can be made here: all but the dog's when no dm_control installation is found. */
    public static Map<String, DmTaskSpec> availableSpecs() {
        Map<String, DmTaskSpec> out = new LinkedHashMap<>();
        for (DmTaskSpec s : BY_ID.values()) if (s.available()) out.put(s.id(), s);
        return Collections.unmodifiableMap(out);
    }

    /** The spec of {@code id}; an unknown id is an error that lists the known ones. */
    public static DmTaskSpec spec(String id) {
        DmTaskSpec s = BY_ID.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown dm_control id '" + id + "'; known: " + String.join(", ", BY_ID.keySet()));
        }
        return s;
    }
}
