package io.tributary.ops.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ops/tributary <command> [--option value ...]}: a dispatcher of subcommands. Adding a command is one line
 * in {@link #COMMANDS}.
 */
public final class Main {

    /** Every command, in the order {@code help} lists them. */
    static final List<Command> COMMANDS = List.of(
            new HelpCommand(Main::commands),
            new EnvsCommand(),
            new RandomCommand(),
            new TrainCommand(),
            new BenchUpdateCommand());

    private Main() {}

    static Map<String, Command> commands() {
        Map<String, Command> m = new LinkedHashMap<>();
        for (Command c : COMMANDS) m.put(c.name(), c);
        return m;
    }

    public static void main(String[] argv) {
        int code = run(argv, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code (0 ok, 1 failure, 2 bad usage). */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (argv.length == 0) {
            err.println("tributary: no command given; commands are " + String.join(", ", commands.keySet()) + " (try: help)");
            return 2;
        }
        String name = argv[0];
        if (name.equals("--help") || name.equals("-h")) name = "help";
        Command c = commands.get(name);
        if (c == null) {
            err.println("tributary: unknown command '" + argv[0] + "'; commands are " + String.join(", ", commands.keySet()));
            return 2;
        }
        try {
            for (int i = 1; i < argv.length; i++) {
                if (argv[i].equals("--help") || argv[i].equals("-h")) {
                    HelpCommand.describe(c, out);
                    return 0;
                }
            }
            Args args = Args.parse(c.name(), c.options(), argv, 1);
            return c.run(args, out);
        } catch (UsageException e) {
            err.println("tributary " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            // Errors from the libraries below (e.g. a bad environment id) already name what is wrong.
            err.println("tributary " + c.name() + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("tributary " + c.name() + ": failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
