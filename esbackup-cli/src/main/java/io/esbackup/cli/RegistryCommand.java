package io.esbackup.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code esbackup registry ...}: what is done to the backup registry given with {@code --registry}. */
@Command(name = "registry",
        header = "Work on the backup registry (--registry).",
        description = {"", "The registry is an index of the backups; the manifests stay the truth. With "
            + "--registry, backups are recorded in it and list, show, delete and cleanup read it.", ""},
        subcommands = {RegistryRebuildCommand.class},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class RegistryCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    EsBackupCommand root;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "registry needs a command; the commands are: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
