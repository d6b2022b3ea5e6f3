package io.tributary.ops.cli;

import io.tributary.transport.options.OptionValues;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code help [--command NAME]}: lists the commands, or one command's options. */
@Command(name = "help", description = "list the commands, or one command's options (--command NAME)")
final class HelpCommand implements Callable<Integer> {

    private final PrintStream out;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--command", paramLabel = "NAME", description = "the command to describe")
    String command;

    HelpCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Map<String, CommandLine> all = spec.commandLine().getParent().getSubcommands();
        if (command != null) {
            CommandLine c = all.get(command);
            if (c == null) throw OptionValues.bad(spec, "--command", OptionValues.mustBe("one of " + String.join(", ", all.keySet()), command));
            c.usage(out);
            return 0;
        }
        out.println("usage: ops/tributary <command> [--option value ...]");
        out.println("commands:");
        for (Map.Entry<String, CommandLine> c : all.entrySet()) {
            String[] d = c.getValue().getCommandSpec().usageMessage().description();
            out.printf("  %-12s %s%n", c.getKey(), d.length == 0 ? "" : d[0]);
        }
        out.println("ops/tributary <command> --help shows a command's options.");
        return 0;
    }
}
