package io.tributary.ops.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code ops/tributary}. Implementations are small classes named after the command. */
public interface Command {

    /** The word typed after {@code ops/tributary}. */
    String name();

    /** One line for {@code help}. */
    String summary();

    /** The options this command accepts; anything else is rejected by {@link Args}, naming the allowed ones. */
    List<Option> options();

    /**
     * Runs with parsed options; returns the process exit code (0 success). Output goes to {@code out} as plain
     * lines. Bad input should throw {@link UsageException} with a message naming the key and the allowed values.
     */
    int run(Args args, PrintStream out) throws Exception;
}
