package io.tributary.ops.cli;

import io.tributary.ops.train.InProcessTrainer;
import io.tributary.transport.TransportConfig;
import io.tributary.transport.options.OptionValues;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code ops/tributary <command> [--option value ...]}: picocli subcommands, every value read by the project's one
 * rule ({@link OptionValues}). Adding a command is one line in {@link #commandLine}. Exit codes: 0 ok, 1 the run
 * failed, 2 bad usage (the message names the option and what it allows).
 */
@Command(name = "tributary", description = "Distributed PPO/RPO for continuous control.")
public final class Main implements Callable<Integer> {

    private final PrintStream err;
    private List<String> commandNames = List.of();

    private Main(PrintStream err) {
        this.err = err;
    }

    public static void main(String[] argv) {
        int code = run(argv, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code (0 ok, 1 failure, 2 bad usage). */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length > 0 && argv[0].equals("train")) {
            try {
                argv = ConfigFile.expand(argv, TrainCommand.configKeys());
            } catch (IllegalArgumentException e) {
                err.println("tributary train: " + e.getMessage());
                return 2;
            }
        }
        return commandLine(out, err).execute(argv);
    }

    /** The command line with every command, in the order {@code help} lists them. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        Main main = new Main(err);
        CommandLine cl = new CommandLine(main);
        cl.addSubcommand(new HelpCommand(out));
        cl.addSubcommand(new EnvsCommand(out));
        cl.addSubcommand(new RandomCommand(out));
        cl.addSubcommand(TrainCommand.commandLine(out));
        cl.addSubcommand(new EvalCommand(out));
        cl.addSubcommand(new ExportCommand(out));
        cl.addSubcommand(new PlotCommand(out));
        cl.addSubcommand(new LaunchCommand(out));
        cl.addSubcommand(new KeysCommand(out));
        cl.addSubcommand(new ActorCommand());
        cl.addSubcommand(new BenchUpdateCommand(out));
        cl.addSubcommand(new BenchIngestCommand(out));
        main.commandNames = List.copyOf(cl.getSubcommands().keySet());
        // after the subcommands: picocli applies these to the commands present when they are set
        OptionValues.install(cl, TransportConfig.Mode.class, InProcessTrainer.Normalization.class, ExportCommand.Format.class);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, args) -> {
            err.println(usageError(e, main.commandNames));
            return 2;
        });
        cl.setExecutionExceptionHandler((e, where, parsed) -> {
            if (e instanceof io.tributary.learner.nn.cuda.CudaUnavailableException) {
                // CUDA asked for and not usable here: a usage error, with the search's own account of what is missing
                err.println("tributary " + where.getCommandName() + ": --device: " + e.getMessage());
                return 2;
            }
            if (e instanceof IllegalArgumentException) {
                // Errors from the libraries below (e.g. a hyperparameter out of range) already name what is wrong.
                err.println("tributary " + where.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            if (e instanceof io.tributary.learner.pipeline.PipelineLearner.PortInUseException) {
                err.println("tributary " + where.getCommandName() + ": failed: " + e.getMessage()); // one line says it all
                return 1;
            }
            err.println("tributary " + where.getCommandName() + ": failed: " + e);
            e.printStackTrace(err);
            return 1;
        });
        return cl;
    }

    @Override
    public Integer call() {
        err.println("tributary: no command given; commands are " + String.join(", ", commandNames) + " (try: help)");
        return 2;
    }

    /** One line that names the command, the option and what is allowed. */
    static String usageError(ParameterException e, List<String> commands) {
        CommandLine where = e.getCommandLine();
        if (where.getParent() == null) {
            if (e instanceof UnmatchedArgumentException u) {
                return "tributary: unknown command '" + u.getUnmatched().get(0) + "'; commands are " + String.join(", ", commands);
            }
            return "tributary: " + e.getMessage();
        }
        String prefix = "tributary " + where.getCommandName() + ": ";
        if (e instanceof UnmatchedArgumentException u) {
            String token = u.getUnmatched().get(0);
            return prefix + (token.startsWith("-") ? "unknown option '" : "unexpected argument '") + token + "'; options are "
                    + OptionValues.optionList(where.getCommandSpec());
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()
                && m.getMissing().get(0) instanceof CommandLine.Model.OptionSpec o) {
            return prefix + "option '" + o.longestName() + "' needs a value";
        }
        if (e instanceof OverwrittenOptionException) return prefix + "option '" + OptionValues.optionName(e) + "' given twice";
        String name = OptionValues.optionName(e);
        return prefix + (name == null ? "" : "option '" + name + "' ") + OptionValues.problem(e);
    }
}
