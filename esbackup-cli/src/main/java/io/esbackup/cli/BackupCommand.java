package io.esbackup.cli;

import io.esbackup.archive.Compression;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code esbackup backup OBJECT_NAME OBJECT_ID}: {@code BackupRestoreService.backupStream}. */
@Command(name = "backup",
        header = "Back up one aggregate.",
        description = {"", "Backs up the aggregate's active stream as it is now (events appended meanwhile are "
            + "not included) and, by default, its object document. Prints the new backup's id.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class BackupCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Parameters(index = "0", paramLabel = "OBJECT_NAME", description = "Object name (aggregate type), e.g. order.")
    private String objectName;

    @Parameters(index = "1", paramLabel = "OBJECT_ID", description = "Object id of the aggregate.")
    private String objectId;

    @Option(names = "--full", description = "Everything: also snapshots and terminated streams.")
    private boolean full;

    @Option(names = "--snapshots", description = "Include snapshots.")
    private boolean snapshots;

    @Option(names = "--terminated-streams", description = "Include terminated streams with their events.")
    private boolean terminatedStreams;

    @Option(names = "--no-object-document", description = "Leave the object document out.")
    private boolean noObjectDocument;

    @Option(names = "--compression", paramLabel = "KIND", defaultValue = "zstd",
            description = {"zstd, gzip or none.", "Default: ${DEFAULT-VALUE}"})
    private Compression compression;

    @Option(names = "--retention", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Keep the backup this long (30d, 12h, 90m, P30D); clean-up removes it after.")
    private Duration retention;

    @Option(names = "--description", paramLabel = "TEXT", description = "Why the backup was taken.")
    private String description;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag to find the backup by; repeatable.")
    private Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--subfolder", paramLabel = "PATH",
            description = "Keep the backup under backups/PATH/ instead of backups/.")
    private String subfolder;

    @Override
    public Integer call() {
        BackupOptions.Builder b = (full ? BackupOptions.FULL : BackupOptions.DEFAULT).toBuilder();
        if (snapshots) {
            b.includeSnapshots(true);
        }
        if (terminatedStreams) {
            b.includeTerminatedStreams(true);
        }
        BackupOptions options = b.includeObjectDocument(!noObjectDocument).compression(compression)
                .retention(retention).description(description).tags(tags).location(subfolder).build();
        BackupHandle h = root.service().backupStream(objectName, objectId, options);
        Output out = root.output();
        out.line("Backed up %s/%s: backup %s, %d events (up to version %d), %s.", h.objectName(), h.objectId(),
                h.backupId(), h.eventCount(), h.streamVersion(), Sizes.human(h.sizeBytes()));
        out.result(Views.backup(h));
        return ExitCodes.OK;
    }
}
