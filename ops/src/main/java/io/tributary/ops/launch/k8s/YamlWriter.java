package io.tributary.ops.launch.k8s;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes one YAML document in block style from maps (insertion order kept), lists, strings, integers and booleans:
 * what the manifests are made of. Every string value is double-quoted with escapes (so {@code "true"}, {@code "0440"}
 * or {@code "1e3"} stay strings under YAML 1.1 and 1.2 alike); a multi-line string is a literal block when it can be one
 * exactly, else double-quoted. Keys are plain when they are names (label keys such as {@code app.kubernetes.io/name}
 * included). Why not a YAML library: the shape is fixed and small, and the test parses the output with SnakeYAML, an
 * independent reader.
 */
public final class YamlWriter {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
    /** Words YAML 1.1 reads as booleans or null: quoted even as keys. */
    private static final Set<String> SPECIAL = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");
    private static final int INDENT = 2;

    private YamlWriter() {
    }

    /** One document: {@code ---}, then the map. */
    public static String document(Map<String, ?> root) {
        StringBuilder sb = new StringBuilder("---\n");
        map(sb, root, 0);
        return sb.toString();
    }

    private static void map(StringBuilder sb, Map<String, ?> m, int indent) {
        for (Map.Entry<String, ?> e : m.entrySet()) {
            sb.repeat(" ", indent).append(key(e.getKey())).append(':');
            value(sb, e.getValue(), indent);
        }
    }

    /** The value after "key:" (or after "- "), at the parent's indentation. */
    private static void value(StringBuilder sb, Object v, int indent) {
        switch (v) {
            case Map<?, ?> m when m.isEmpty() -> sb.append(" {}\n");
            case Map<?, ?> m -> {
                sb.append('\n');
                map(sb, cast(m), indent + INDENT);
            }
            case List<?> l when l.isEmpty() -> sb.append(" []\n");
            case List<?> l -> {
                sb.append('\n');
                list(sb, l, indent);
            }
            case String s when isLiteralBlock(s) -> {
                sb.append(s.endsWith("\n") ? " |\n" : " |-\n");
                for (String line : (s.endsWith("\n") ? s.substring(0, s.length() - 1) : s).split("\n", -1)) {
                    if (!line.isEmpty()) sb.repeat(" ", indent + INDENT).append(line);
                    sb.append('\n');
                }
            }
            case String s -> sb.append(' ').append(quoted(s)).append('\n');
            case Integer i -> sb.append(' ').append(i).append('\n');
            case Long l -> sb.append(' ').append(l).append('\n');
            case Boolean b -> sb.append(' ').append(b).append('\n');
            case null -> throw new IllegalArgumentException("null value in a manifest");
            default -> throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as YAML");
        }
    }

    /** A list under a key: its items at the key's indentation (Kubernetes' own style). */
    private static void list(StringBuilder sb, List<?> l, int indent) {
        for (Object item : l) {
            sb.repeat(" ", indent).append('-');
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                // the first entry on the dash's line, the others aligned under it
                sb.append(' ');
                int inner = indent + INDENT;
                boolean first = true;
                for (Map.Entry<String, ?> e : cast(m).entrySet()) {
                    if (!first) sb.repeat(" ", inner);
                    first = false;
                    sb.append(key(e.getKey())).append(':');
                    value(sb, e.getValue(), inner);
                }
            } else if (item instanceof List<?> inner && !inner.isEmpty()) {
                sb.append('\n');
                list(sb, inner, indent + INDENT);
            } else {
                value(sb, item, indent);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) throw new IllegalArgumentException("a manifest key must be a string, was " + k);
        }
        return (Map<String, ?>) m;
    }

    private static String key(String k) {
        return PLAIN_KEY.matcher(k).matches() && !SPECIAL.contains(k.toLowerCase(java.util.Locale.ROOT)) ? k : quoted(k);
    }

    /**
     * A literal block reads back exactly when the text has line breaks, no carriage returns, tabs or other control
     * characters, no line ending in a space (kept, but invisible to a reader), and starts with no space (the block's
     * indentation is taken from its first line); at most one newline at the end (clip or strip chomping).
     */
    static boolean isLiteralBlock(String s) {
        if (s.indexOf('\n') < 0 || s.endsWith("\n\n") || s.startsWith(" ") || s.startsWith("\n")) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\n' && (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff)) return false;
            if (c == '\n' && i > 0 && s.charAt(i - 1) == ' ') return false;
        }
        return !s.endsWith(" ");
    }

    /** A double-quoted YAML scalar: JSON's escapes, plus YAML's own line breaks and the byte-order mark. */
    static String quoted(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff
                            || Character.isSurrogate(c) && !validSurrogatePair(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean validSurrogatePair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
