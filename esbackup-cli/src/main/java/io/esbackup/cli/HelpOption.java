package io.esbackup.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} for a command; mixed into every command ({@code --version} is on the top only). */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
}
