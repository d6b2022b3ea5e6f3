package io.tributary.envs.dmc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads /work/shared/golden/dm_control files (via the tributary.shared system property, else ../shared). */
public final class Golden {
    private Golden() {}

    public static Path root() {
        String shared = System.getProperty("tributary.shared");
        Path base = shared != null ? Path.of(shared) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(base.resolve("golden"))) base = Path.of("..", "shared");
        if (!Files.isDirectory(base.resolve("golden"))) base = Path.of("/work/shared");
        return base.resolve("golden").resolve("dm_control");
    }

    public static List<Map<String, Object>> read(String relative) {
        Path p = root().resolve(relative);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) rows.add(MiniJson.object(line));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden file " + p + ": " + e, e);
        }
        return rows;
    }
}
