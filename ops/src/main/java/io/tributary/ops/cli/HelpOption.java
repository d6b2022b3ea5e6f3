package io.tributary.ops.cli;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} on every command: prints the command's options and their defaults, exit code 0. */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this command's options")
    boolean help;
}
