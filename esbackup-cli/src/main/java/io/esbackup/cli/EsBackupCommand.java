package io.esbackup.cli;

import ch.qos.logback.classic.Level;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BackupRestoreServiceBuilder;
import io.esbackup.locations.AzureAccount;
import io.esbackup.locations.Location;
import io.esbackup.locations.StoreLocations;
import io.esbackup.store.EventStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code esbackup}: the options every command shares (where the store and the backups are, how to
 * print) and the list of commands. Each command is its own class and reaches these through
 * {@code @ParentCommand}; the options are inherited, so they may be given before or after the command.
 */
@Command(name = "esbackup",
        mixinStandardHelpOptions = true,
        versionProvider = EsBackupCommand.Version.class,
        subcommands = {BackupCommand.class, BackupManyCommand.class, RestoreCommand.class, CloneCommand.class,
            RestoreManyCommand.class, ListCommand.class, ShowCommand.class, ValidateCommand.class,
            DeleteCommand.class, ForgetCommand.class, ShredCommand.class, CopyCommand.class, CleanupCommand.class,
            RepairCommand.class, RegistryCommand.class, DemoCommand.class, BenchCommand.class,
            HelpCommand.class},
        description = {"Back up and restore event-sourced streams, one or many at a time; list, validate, clone, "
            + "delete and clean up the backups.", ""},
        footerHeading = "%nLocations:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:failed (storage or I/O error; a bulk run with any failure)",
            "2:usage error (unknown command or option, bad value, location or id; an encrypted backup and no keyset)",
            "3:backup is invalid or corrupt (also: shredded, or does not decrypt with the keyset)",
            "4:not found (stream, backup)",
            "5:conflict (the stream exists and --overwrite was not given, or it changed concurrently)"},
        sortOptions = false,
        usageHelpAutoWidth = false)
public final class EsBackupCommand implements Callable<Integer> {
    private final CliEnvironment environment;
    private final StoreLocations locations;

    @Spec
    private CommandSpec spec;

    @Option(names = "--store", paramLabel = "URI", defaultValue = "file:./esdata", scope = ScopeType.INHERIT,
            description = {"Event store with the live streams.", "Default: ${DEFAULT-VALUE}"})
    private String store;

    @Option(names = "--backups", paramLabel = "URI", defaultValue = "file:./esbackups", scope = ScopeType.INHERIT,
            description = {"Where backups are kept.", "Default: ${DEFAULT-VALUE}"})
    private String backups;

    @Option(names = "--registry", paramLabel = "URI", scope = ScopeType.INHERIT,
            description = {"A backup registry that list, show, delete and clean-up use instead of reading every",
                    "manifest, and that backups are recorded in (none by default)."})
    private String registry;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the result as one JSON document (an object, or an array for lists).")
    private boolean json;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print nothing but errors (and the --json document); no progress bars.")
    private boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log what happens and show stack traces of errors.")
    private boolean verbose;

    @Option(names = "--azure-connection-string", scope = ScopeType.INHERIT, paramLabel = "STRING",
            description = {"Azure Storage account for azure: locations (else the environment's "
                    + "AZURE_STORAGE_CONNECTION_STRING). Never printed."})
    private String azureConnectionString;

    @Option(names = "--keyset", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "A Tink AEAD keyset in JSON that wraps encrypted backups' data keys (else the "
                    + "environment's ESBACKUP_KEYSET, the keyset's JSON itself). Never printed.")
    private Path keyset;

    private Function<String, String> variables = System::getenv;

    private final AzureAccount azure;

    public EsBackupCommand(CliEnvironment environment, StoreLocations locations) {
        this(environment, locations, null);
    }

    EsBackupCommand(CliEnvironment environment, StoreLocations locations, AzureAccount azure) {
        this.environment = environment;
        this.locations = locations;
        this.azure = azure;
    }

    /** The help footer, listing the schemes {@code locations} knows. */
    static String[] locationsFooter(StoreLocations locations) {
        return new String[] {
            "  --store and --backups take a URI; a value without a scheme is a folder.",
            "  Event stores: " + String.join(", ", locations.storeSchemes()) + "   Backups: "
                    + String.join(", ", locations.backupSchemes()) + "   Registries: "
                    + String.join(", ", locations.registrySchemes()),
            "  Relative folders resolve against the current directory, for example",
            "  file:./esdata, esdata, file:/srv/esbackups, file:///srv/esbackups.",
            "  Azure: --backups azure://CONTAINER[/PREFIX], --store azure:// or",
            "  azure://?documentContainer=NAME; the account from",
            "  AZURE_STORAGE_CONNECTION_STRING or --azure-connection-string.",
            "  Azure Table Storage (the reference's table layout): --store azure-table://",
            "  or azure-table://?tablePrefix=PREFIX, same account (its TableEndpoint).",
            "  S3: --backups and --store s3://BUCKET[/PREFIX][?endpoint=URL]; credentials",
            "  and region as the AWS tools read them (AWS_ACCESS_KEY_ID, AWS_PROFILE,",
            "  AWS_REGION, AWS_ENDPOINT_URL_S3); path-style with an endpoint of one's own."};
    }

    /** {@code esbackup} without a command: say which commands there are. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given; the commands are: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public CliEnvironment environment() {
        return environment;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean quiet() {
        return quiet;
    }

    /** The Azure account's connection string, if one was given or is in the environment; never to be shown. */
    java.util.Optional<String> azureConnectionString() {
        if (azure == null) {
            return java.util.Optional.ofNullable(azureConnectionString).filter(s -> !s.isBlank());
        }
        return azure.connectionString();
    }

    /** The output of the command being run (picocli's stdout, which tests capture). */
    public Output output() {
        return new Output(spec.commandLine().getOut(), json, quiet);
    }

    /**
     * Where long work reports progress: a bar on stderr when the environment says it is a terminal, and
     * neither {@code --json} nor {@code --quiet} was given; otherwise {@link ProgressListener#NONE}.
     */
    ProgressListener progress() {
        if (json || quiet || !environment.stderrIsTerminal()) {
            return ProgressListener.NONE;
        }
        return new ProgressBarListener(spec.commandLine().getErr(), environment.terminalWidth().getAsInt());
    }

    public Location storeLocation() {
        return usage(() -> Location.parse("--store", store));
    }

    public Location backupsLocation() {
        return usage(() -> Location.parse("--backups", backups));
    }

    public EventStore openStore() {
        return usage(() -> locations.openStore(storeLocation(), environment.workingDirectory()));
    }

    public BackupProvider openBackups() {
        return usage(() -> locations.openBackups(backupsLocation(), environment.workingDirectory()));
    }

    /** Another backups location, given as {@code option} (copy's {@code --to}), opened on {@code table}. */
    BackupProvider openBackups(String option, String uri, StoreLocations table) {
        return usage(() -> table.openBackups(Location.parse(option, uri), environment.workingDirectory()));
    }

    /** Another backups location as it may be shown: resolved, secrets removed. */
    String backupsDisplay(String option, String uri, StoreLocations table) {
        return usage(() -> table.displayBackups(Location.parse(option, uri), environment.workingDirectory()));
    }

    /** The table of schemes every location of this command line is opened on. */
    StoreLocations locations() {
        return locations;
    }

    /** An environment variable, where they are read (the process's, unless a test gives others). */
    String variable(String name) {
        return variables.apply(name);
    }

    /** {@code --registry}, or empty when none was given. */
    public Optional<Location> registryLocation() {
        return registry == null ? Optional.empty() : Optional.of(usage(() -> Location.parse("--registry", registry)));
    }

    /** {@code --store} as it may be shown: resolved, secrets removed. */
    public String storeDisplay() {
        return usage(() -> locations.displayStore(storeLocation(), environment.workingDirectory()));
    }

    /** {@code --backups} as it may be shown: resolved, secrets removed. */
    public String backupsDisplay() {
        return usage(() -> locations.displayBackups(backupsLocation(), environment.workingDirectory()));
    }

    /**
     * {@code action}'s result; a location the shared table refuses ({@link IllegalArgumentException}, its message
     * naming the option) is a usage error, exit code 2.
     */
    static <T> T usage(Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** The service over {@code --store} and {@code --backups}, on the environment's clock. */
    public BackupRestoreService service() {
        BackupRestoreServiceBuilder builder = BackupRestoreService.builder(openStore(), openBackups())
                .clock(environment.clock())
                .ids(environment::randomUuid);
        registryLocation().ifPresent(r -> builder.registry(
                usage(() -> locations.openRegistry(r, environment.workingDirectory()))));
        usage(() -> KeysetSource.encryption(keyset == null ? null : environment.workingDirectory().resolve(keyset),
                variables)).ifPresent(builder::encryption);
        return builder.build();
    }

    /** Where environment variables are read ({@code ESBACKUP_KEYSET}): the process's, unless a test gives others. */
    void variables(Function<String, String> lookup) {
        this.variables = lookup;
    }

    /** Checks the shared options and applies {@code --verbose}; run once before any command. */
    void prepare(CommandLine commandLine) {
        if (quiet && verbose) {
            throw new ParameterException(commandLine, "--quiet and --verbose contradict each other; give one of them");
        }
        if (azureConnectionString != null && azure != null) {
            azure.give(azureConnectionString);
        }
        if (verbose && LoggerFactory.getLogger("io.esbackup") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(Level.DEBUG);
        }
    }

    /** {@code --version}: the tool version written into manifests. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"esbackup " + BackupRestoreService.TOOL_VERSION};
        }
    }
}
