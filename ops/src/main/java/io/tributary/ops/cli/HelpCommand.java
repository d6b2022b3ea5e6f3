package io.tributary.ops.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code help [--command NAME]}: lists the commands, or one command's options. */
public final class HelpCommand implements Command {

    private final Supplier<Map<String, Command>> commands;

    HelpCommand(Supplier<Map<String, Command>> commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String summary() {
        return "list the commands, or one command's options (--command NAME)";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.withDefault("command", "", "the command to describe"));
    }

    @Override
    public int run(Args args, PrintStream out) {
        Map<String, Command> all = commands.get();
        String name = args.string("command");
        if (!name.isEmpty()) {
            describe(all.get(args.oneOf("command", all.keySet())), out);
            return 0;
        }
        out.println("usage: ops/tributary <command> [--option value ...]");
        out.println("commands:");
        for (Command c : all.values()) out.printf("  %-10s %s%n", c.name(), c.summary());
        out.println("ops/tributary <command> --help shows a command's options.");
        return 0;
    }

    static void describe(Command c, PrintStream out) {
        out.println("usage: ops/tributary " + c.name() + (c.options().isEmpty() ? "" : " [options]"));
        out.println(c.summary());
        for (Option o : c.options()) out.println(o.describe());
    }
}
