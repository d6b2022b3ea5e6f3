package io.tributary.ops.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code train --config FILE}: a HOCON file (Typesafe Config, the library Pekko reads its own configuration with: a
 * superset of JSON with comments, unquoted strings, {@code include "other.conf"} and substitutions) whose keys are
 * the command's option names without the dashes ({@code learning-rate = 3e-4}, {@code hidden = [64, 64]}). Its
 * values become options in front of the command line's, so an option given on the command line wins; every value
 * is then read by the command's one rule, as if typed. A key that is not an option is an error that names it and
 * the known keys. {@link #render} writes the resolved configuration a run saves ({@link #FILE_NAME}).
 */
final class ConfigFile {

    /** The resolved configuration's name in a run directory. */
    static final String FILE_NAME = "config.conf";

    private ConfigFile() {}

    /**
     * {@code argv} with the values of {@code --config FILE} (if given) inserted before the command's own options,
     * leaving out the keys the command line gives; {@code argv[0]} is the command.
     */
    static String[] expand(String[] argv, Collection<String> knownKeys) {
        Path file = null;
        Set<String> given = new HashSet<>();
        for (int i = 1; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) continue;
            String name = a.contains("=") ? a.substring(2, a.indexOf('=')) : a.substring(2);
            given.add(name);
            if (name.equals("config")) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < argv.length ? argv[i + 1] : null;
                if (v == null) return argv; // picocli says that the option needs a value
                file = Path.of(v);
            }
        }
        if (file == null) return argv;
        List<String> out = new ArrayList<>(List.of(argv[0]));
        for (Map.Entry<String, String> kv : read(file, knownKeys).entrySet()) {
            if (given.contains(kv.getKey())) continue;
            out.add("--" + kv.getKey());
            out.add(kv.getValue());
        }
        out.addAll(List.of(argv).subList(1, argv.length));
        return out.toArray(String[]::new);
    }

    /** The file's keys and values as option text; an unknown key, a nested object or a syntax error names itself. */
    static Map<String, String> read(Path file, Collection<String> knownKeys) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--config " + file + ": no such file");
        Config c;
        try {
            c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--config " + file + ": " + e.getMessage(), e);
        }
        return values(c, "--config " + file, knownKeys);
    }

    /**
     * A parsed object's keys and values as option text; {@code where} begins every error (the file, the block).
     * An unknown key or a nested object names itself and its line.
     */
    static Map<String, String> values(Config c, String where, Collection<String> knownKeys) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> kv : c.root().entrySet()) {
            String key = kv.getKey();
            if (!knownKeys.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "'"
                        + (kv.getValue().origin().lineNumber() > 0 ? " (line " + kv.getValue().origin().lineNumber() + ")" : "")
                        + "; known keys are " + String.join(", ", new TreeSet<>(knownKeys)));
            }
            m.put(key, text(where, key, kv.getValue()));
        }
        return m;
    }

    private static String text(String where, String key, ConfigValue v) {
        if (v.valueType() == ConfigValueType.LIST) {
            List<String> parts = new ArrayList<>();
            for (ConfigValue e : (com.typesafe.config.ConfigList) v) parts.add(text(where, key, e));
            return String.join(",", parts);
        }
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.NULL) {
            throw new IllegalArgumentException(where + ": key '" + key + "' must be a value (a number, word or list), was "
                    + v.valueType().name().toLowerCase());
        }
        // a number keeps the text it was written as (3e-4 stays 3e-4)
        return v.atKey("k").getString("k");
    }

    /** A resolved configuration as HOCON: a comment, then {@code key = "value"} lines (JSON strings). */
    static String render(String comment, Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        for (String line : comment.split("\n")) sb.append("# ").append(line).append('\n');
        values.forEach((k, v) -> sb.append(k).append(" = ").append(com.typesafe.config.ConfigValueFactory.fromAnyRef(v).render(
                com.typesafe.config.ConfigRenderOptions.concise())).append('\n'));
        return sb.toString();
    }
}
