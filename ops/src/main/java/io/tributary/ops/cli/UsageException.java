package io.tributary.ops.cli;

/** Bad command-line input: the message names the offending key or value and what is allowed. Exit code 2. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
