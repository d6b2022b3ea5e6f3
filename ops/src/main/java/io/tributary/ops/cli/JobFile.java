package io.tributary.ops.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import io.tributary.ops.launch.Job;
import io.tributary.ops.launch.Placement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a job description ({@link Job}): a HOCON file with two blocks, {@code train} (the options of
 * {@code tributary train --config}) and {@code placement} ({@link #PLACEMENT_DEFAULTS}' keys). Every error names the
 * file, the key and its line, and what is allowed.
 */
final class JobFile {

    /** Blocks that one target reads and the others ignore (its launcher checks their keys). */
    static final java.util.Set<String> TARGET_BLOCKS = java.util.Set.of(io.tributary.ops.launch.k8s.KubernetesSettings.BLOCK);

    /** The placement keys and their defaults ({@code actors} has none: a job says how many). */
    static final Map<String, String> PLACEMENT_DEFAULTS = defaults();

    private JobFile() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("actors", null);
        m.put("envs-per-actor", "4");
        m.put("threads-per-actor", "1");
        m.put("cluster-port", "25520");
        m.put("fragments-port", "40123");
        m.put("weights-port", "40124");
        m.put("credentials", "");
        m.put("runs-dir", "runs");
        m.put("run-name", "");
        m.put("learner-heap", "2g");
        m.put("actor-heap", "512m");
        return java.util.Collections.unmodifiableMap(m);
    }

    static Job read(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--job " + file + ": no such file");
        Config c;
        try {
            c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--job " + file + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, ConfigValue> kv : c.root().entrySet()) {
            if (!List.of("train", "placement").contains(kv.getKey()) && !TARGET_BLOCKS.contains(kv.getKey())) {
                throw new IllegalArgumentException("--job " + file + ": unknown block '" + kv.getKey() + "'" + line(kv.getValue())
                        + "; a job has two blocks, train { ... } and placement { ... }, and optional target blocks: "
                        + String.join(", ", new TreeSet<>(TARGET_BLOCKS)));
            }
        }
        for (String block : List.of("train", "placement")) {
            if (!c.hasPath(block)) throw new IllegalArgumentException("--job " + file + ": no " + block + " { ... } block");
            if (c.getValue(block).valueType() != com.typesafe.config.ConfigValueType.OBJECT) {
                throw new IllegalArgumentException("--job " + file + ": '" + block + "' must be a block { ... }" + line(c.getValue(block)));
            }
        }
        Map<String, String> train = ConfigFile.values(c.getConfig("train"), "--job " + file + ": train", TrainCommand.configKeys());
        Map<String, String> p = new LinkedHashMap<>(PLACEMENT_DEFAULTS);
        p.putAll(ConfigFile.values(c.getConfig("placement"), "--job " + file + ": placement", PLACEMENT_DEFAULTS.keySet()));
        String name = file.getFileName().toString().replaceFirst("\\.conf$", "");
        try {
            if (p.get("actors") == null) throw new IllegalArgumentException("placement.actors is required (how many actor processes)");
            Placement placement = new Placement(integer(p, "actors"), integer(p, "envs-per-actor"), integer(p, "threads-per-actor"),
                    integer(p, "cluster-port"), integer(p, "fragments-port"), integer(p, "weights-port"),
                    p.get("credentials").isEmpty() ? null : Path.of(p.get("credentials")), Path.of(p.get("runs-dir")),
                    p.get("run-name"), heap(p, "learner-heap"), heap(p, "actor-heap"));
            return new Job(file, name, train, placement);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--job " + file + ": " + e.getMessage(), e);
        }
    }

    private static int integer(Map<String, String> p, String key) {
        try {
            return Integer.parseInt(p.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("placement." + key + " must be an integer, was '" + p.get(key) + "'");
        }
    }

    private static String heap(Map<String, String> p, String key) {
        String v = p.get(key);
        if (!v.matches("[1-9][0-9]*[kmgKMG]?")) {
            throw new IllegalArgumentException("placement." + key + " must be a JVM heap size such as 512m or 4g, was '" + v + "'");
        }
        return v;
    }

    private static String line(ConfigValue v) {
        return v.origin().lineNumber() > 0 ? " (line " + v.origin().lineNumber() + ")" : "";
    }

    /** The keys a placement block knows, for help texts. */
    static String placementKeys() {
        return String.join(", ", new TreeSet<>(PLACEMENT_DEFAULTS.keySet()));
    }
}
