package io.tributary.ops.cli;

/**
 * A {@code --name value} option: its default ({@code null} means required) and one line of help.
 */
public record Option(String name, String defaultValue, String help) {

    public static Option required(String name, String help) {
        return new Option(name, null, help);
    }

    public static Option withDefault(String name, String defaultValue, String help) {
        return new Option(name, defaultValue, help);
    }

    public boolean isRequired() {
        return defaultValue == null;
    }

    /** {@code --name VALUE (default ...)} for help output. */
    public String describe() {
        return String.format("  --%-12s %s%s", name, help, isRequired() ? " (required)" : " (default " + defaultValue + ")");
    }
}
