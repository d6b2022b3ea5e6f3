package io.tributary.envs.dmc;

import io.tributary.envs.dmc.acrobot.Acrobot;
import io.tributary.envs.dmc.cartpole.Cartpole;
import io.tributary.envs.dmc.pendulum.Pendulum;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dm_control suite tasks Tributary implements: one line per domain (see {@link DmTask} on adding one). */
public final class DmSuite {

    private static final Map<String, DmTaskSpec> BY_ID = new LinkedHashMap<>();

    static {
        List<DmTaskSpec> all = new ArrayList<>();
        all.addAll(Acrobot.specs());
        // ball_in_cup: added by its domain class
        all.addAll(Cartpole.specs());
        // finger: added by its domain class
        all.addAll(Pendulum.specs());
        // point_mass: added by its domain class
        // reacher: added by its domain class
        for (DmTaskSpec s : all) {
            if (BY_ID.put(s.id(), s) != null) throw new IllegalStateException("duplicate dm_control id " + s.id());
        }
    }

    private DmSuite() {}

    /** Every task, keyed by id, in registration order. */
    public static Map<String, DmTaskSpec> specs() {
        return Collections.unmodifiableMap(BY_ID);
    }

    /** The spec of {@code id}; an unknown id is an error that lists the known ones. */
    public static DmTaskSpec spec(String id) {
        DmTaskSpec s = BY_ID.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown dm_control id '" + id + "'; known: " + String.join(", ", BY_ID.keySet()));
        }
        return s;
    }

    /** Reads an MJCF file from this package's resources ({@code io/tributary/envs/dmc/<name>}). */
    public static String resource(String name) {
        try (InputStream in = DmSuite.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing model resource io/tributary/envs/dmc/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read model resource " + name, e);
        }
    }
}
