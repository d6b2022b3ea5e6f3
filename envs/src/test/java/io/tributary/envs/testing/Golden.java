package io.tributary.envs.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

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

    /** Every line of a JSONL file under golden/ (gzipped when the name ends in .gz), parsed. */
    public static List<Map<String, Object>> jsonl(String relative) throws IOException {
        return jsonl(relative, Integer.MAX_VALUE);
    }

    /** The first {@code maxLines} non-blank lines of a JSONL file under golden/, parsed; the rest is not read. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> jsonl(String relative, int maxLines) throws IOException {
        Path f = shared().resolve("golden").resolve(relative);
        List<Map<String, Object>> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(relative.endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(f)) : Files.newInputStream(f), StandardCharsets.UTF_8))) {
            String line;
            while (out.size() < maxLines && (line = r.readLine()) != null) {
                if (!line.isBlank()) out.add((Map<String, Object>) Json.parse(line));
            }
        }
        if (out.isEmpty()) throw new IllegalStateException(f + " has no lines");
        return out;
    }

    /** A file under golden/dm_control/, for tests whose parameter sources cannot throw checked exceptions. */
    public static List<Map<String, Object>> dmControl(String relative) {
        return dmControl(relative, Integer.MAX_VALUE);
    }

    /** The first {@code maxLines} lines of a file under golden/dm_control/ (e.g. 2: a task file's header and reset row). */
    public static List<Map<String, Object>> dmControl(String relative, int maxLines) {
        try {
            return jsonl("dm_control/" + relative, maxLines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file dm_control/" + relative, e);
        }
    }
}
