package io.tributary.protocol;

/**
 * The text form of a run id (the {@code runId} of every message header): 16 lower-case hexadecimal digits, zero-padded,
 * as the learner prints it, writes it in {@code config.properties} and passes it to actors and launchers as
 * {@code --run-id}. One form everywhere, so that ids compare as text in logs, scripts and manifests; {@link #parse}
 * takes 1 to 16 digits.
 */
public final class RunId {

    private RunId() {
    }

    public static String hex(long runId) {
        return String.format("%016x", runId);
    }

    /** A run id from 1 to 16 hexadecimal digits; anything else is a {@link NumberFormatException}. */
    public static long parse(String text) {
        if (text.isEmpty() || text.length() > 16) throw new NumberFormatException("not 1 to 16 hexadecimal digits: '" + text + "'");
        return Long.parseUnsignedLong(text, 16);
    }
}
