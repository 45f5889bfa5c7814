package io.esbackup.cli;

import io.esbackup.locations.AzureAccount;
import io.esbackup.locations.StoreLocations;
import java.util.List;
import picocli.CommandLine;

/** The {@code esbackup} command line. Only {@link #main} exits the JVM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(CliEnvironment.system(), args));
    }

    /** Runs one command line and returns its exit code (see {@link ExitCodes}). */
    public static int run(CliEnvironment environment, String... args) {
        return commandLine(environment).execute(args);
    }

    /** The configured command line; tests set its out and err writers and call {@code execute}. */
    public static CommandLine commandLine(CliEnvironment environment) {
        AzureAccount azure = new AzureAccount(System::getenv, "--azure-connection-string");
        return commandLine(environment, StoreLocations.builder().azure(azure).build(), azure);
    }

    /** The command line over {@code locations} (tests register schemes of their own). */
    static CommandLine commandLine(CliEnvironment environment, StoreLocations locations, AzureAccount azure) {
        EsBackupCommand root = new EsBackupCommand(environment, locations, azure);
        ExitCodes errors = new ExitCodes();
        CommandLine cmd = new CommandLine(root);
        cmd.getCommandSpec().usageMessage().footer(EsBackupCommand.locationsFooter(locations));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.registerConverter(java.util.UUID.class, new BackupIdConverter());
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        cmd.setExecutionStrategy(parseResult -> {
            List<CommandLine> parsed = parseResult.asCommandLineList();
            root.prepare(parsed.get(parsed.size() - 1));
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cmd;
    }
}
