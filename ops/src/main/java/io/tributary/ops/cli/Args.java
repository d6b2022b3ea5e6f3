package io.tributary.ops.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Parses {@code --key value} and {@code --key=value} against a command's declared {@link Option}s. Unknown keys,
 * missing values, repeated keys and missing required options are {@link UsageException}s that name the key and
 * list what is allowed.
 */
public final class Args {

    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final java.util.Set<String> given = new java.util.LinkedHashSet<>();

    private Args(String command) {
        this.command = command;
    }

    public static Args parse(String command, List<Option> options, String[] argv, int from) {
        Args a = new Args(command);
        Map<String, Option> byName = new LinkedHashMap<>();
        for (Option o : options) byName.put(o.name(), o);
        for (int i = from; i < argv.length; i++) {
            String tok = argv[i];
            if (!tok.startsWith("--") || tok.length() == 2) {
                throw new UsageException(command + ": unexpected argument '" + tok + "'; options are " + allowed(options));
            }
            String key = tok.substring(2);
            String value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (!byName.containsKey(key)) {
                throw new UsageException(command + ": unknown option '--" + key + "'; options are " + allowed(options));
            }
            if (value == null) {
                if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
                    throw new UsageException(command + ": option '--" + key + "' needs a value");
                }
                value = argv[++i];
            }
            a.given.add(key);
            if (a.values.put(key, value) != null) {
                throw new UsageException(command + ": option '--" + key + "' given twice");
            }
        }
        for (Option o : options) {
            if (!a.values.containsKey(o.name())) {
                if (o.isRequired()) throw new UsageException(command + ": option '--" + o.name() + "' is required (" + o.help() + ")");
                a.values.put(o.name(), o.defaultValue());
            }
        }
        return a;
    }

    private static String allowed(List<Option> options) {
        if (options.isEmpty()) return "(none)";
        return options.stream().map(o -> "--" + o.name()).collect(Collectors.joining(", "));
    }

    /** True when the command line set {@code key} (rather than its default applying). */
    public boolean given(String key) {
        return given.contains(key);
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) throw new IllegalStateException(command + ": option '--" + key + "' was not declared");
        return v;
    }

    /** An integer in [min, max]; otherwise the error names the key, the value and the range. */
    public long integer(String key, long min, long max) {
        String v = string(key);
        long n;
        try {
            n = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": option '--" + key + "' must be an integer, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(command + ": option '--" + key + "' must be in [" + min + ", " + max + "], got " + n);
        }
        return n;
    }

    /** One of {@code allowed}; otherwise the error names the key, the value and the allowed values. */
    public String oneOf(String key, java.util.Collection<String> allowed) {
        String v = string(key);
        if (!allowed.contains(v)) {
            throw new UsageException(command + ": option '--" + key + "' has unknown value '" + v + "'; allowed: " + String.join(", ", allowed));
        }
        return v;
    }
}
