package io.tributary.envs.dmc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The suite's MJCF files, shipped as resources of this package ({@code io/tributary/envs/dmc/<name>}). */
public final class ModelFiles {

    private ModelFiles() {}

    /** The text of model file {@code name}; a missing file is an error naming it. */
    public static String read(String name) {
        try (InputStream in = ModelFiles.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing model resource io/tributary/envs/dmc/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read model resource " + name, e);
        }
    }
}
