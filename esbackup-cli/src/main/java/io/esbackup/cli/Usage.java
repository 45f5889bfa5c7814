package io.esbackup.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Usage errors found after parsing (options that contradict each other); printed with the command's help hint. */
final class Usage {
    private Usage() {}

    static ParameterException error(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
