package io.tributary.protocol;

/**
 * The text form of a run id (the {@code runId} of every message header): 16 lower-case hexadecimal digits, zero-padded,
 * as the learner prints it, writes it in {@code config.properties} and passes it to actors and launchers as
 * {@code --run-id}. One form everywhere, so that ids compare as text in logs, scripts and manifests; parsing takes
 * 1 to 16 digits.
 */
public final class RunId {

    private RunId() {
    }

    public static String hex(long runId) {
        return String.format("%016x", runId);
    }
}
