package io.tributary.envs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds and reads /work/shared/golden data: system property {@code tributary.shared}, else ../shared. */
public final class Golden {

    private Golden() {}

    public static Path shared() {
        String p = System.getProperty("tributary.shared");
        if (p != null && Files.isDirectory(Path.of(p))) return Path.of(p);
        for (String c : new String[] {"../shared", "../../shared"}) {
            if (Files.isDirectory(Path.of(c, "golden"))) return Path.of(c);
        }
        throw new IllegalStateException("golden data not found: set -Dtributary.shared (tried " + p + ", ../shared, ../../shared)");
    }

    /** Every line of a JSONL file under golden/, parsed. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> jsonl(String relative) throws IOException {
        Path f = shared().resolve("golden").resolve(relative);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
            if (!line.isBlank()) out.add((Map<String, Object>) Json.parse(line));
        }
        if (out.isEmpty()) throw new IllegalStateException(f + " has no lines");
        return out;
    }
}
