package io.esbackup.cli;

import io.esbackup.backup.BackupRestoreService;
import io.esbackup.store.ObjectIdListing;
import io.esbackup.backup.BulkBackupException;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.backup.BulkBackupResult;
import io.esbackup.backup.PackLimits;
import io.esbackup.backup.Shard;
import io.esbackup.model.Ids;
import java.util.concurrent.Callable;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code esbackup backup-many NAME (--all | --ids FILE | --ids -)}: {@code BackupRestoreService.backupAll}
 * or {@code backupMany} over the lines of the file, read as the run goes.
 */
@Command(name = "backup-many",
        header = "Back up many aggregates of one object name.",
        description = {"", "Backs up every aggregate of NAME in the store (--all), or those whose object ids are "
            + "listed one per line in FILE or on standard input (--ids -). The list is read as the run goes, so "
            + "it may be of any length. Each backup is made as by the backup command, with the same options. "
            + "Prints how many were backed up and every failure, and exits with 1 if any failed.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class BackupManyCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Object name (aggregate type), e.g. order.")
    private String objectName;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    static final class Source {
        @Option(names = "--all", required = true, description = "Every aggregate of NAME in the store.")
        private boolean all;

        @Option(names = "--ids", required = true, paramLabel = "FILE",
                description = {"The object ids, one per line, in FILE, or on standard input if FILE is -.",
                    "Blank lines and surrounding whitespace are ignored."})
        private String ids;
    }

    @Option(names = "--shard", paramLabel = "K/N", converter = ShardConverter.class,
            description = ShardConverter.DESCRIPTION)
    private Shard shard;

    @Mixin
    private BulkFlags bulk;

    @Mixin
    private BackupFlags flags;

    @Option(names = "--pack", description = {"Write the backups into a few large pack objects plus an index, "
        + "committed together at the end of the run: far fewer writes than three objects per aggregate. Each "
        + "backup keeps its own id and is listed, shown, validated, restored and deleted on its own. A run that "
        + "is killed or cannot commit makes no backup at all; cleanup removes what it left."})
    private boolean pack;

    @Option(names = "--pack-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "With --pack: start a new pack past SIZE bytes (suffixes KiB, MiB, GiB; default 64MiB).")
    private Long packSize;

    @Override
    public Integer call() {
        Ids.requireValid("NAME", objectName);
        BackupRestoreService service = root.service();
        ProgressListener progress = root.progress();
        if (packSize != null && !pack) {
            throw new UsageException("--pack-size applies only with --pack");
        }
        BulkBackupOptions options = BulkBackupOptions.builder().backupOptions(flags.options())
                .pack(pack).packLimits(packSize == null ? PackLimits.DEFAULT
                        : new PackLimits(packSize, PackLimits.DEFAULT.maxEntriesPerPack()))
                .maxConcurrency(bulk.concurrency()).continueOnError(!bulk.failFast())
                .onProgress(p -> progress.progress(p.processedStreams(), p.failedBackups()))
                .shard(shard == null ? Shard.ALL : shard).build();
        BulkBackupResult result;
        BulkReport.End end = BulkReport.End.COMPLETED;
        Throwable stopCause = null;
        try (IdLines input = source.all ? null : IdLines.open("--ids", source.ids, root.environment())) {
            progress.start("backup-many " + objectName,
                    progress == ProgressListener.NONE ? -1 : total(service, input));
            try {
                result = input == null ? service.backupAll(objectName, options)
                        : service.backupMany(input.ids(), objectName, options);
                progress.end();
            } catch (BulkBackupException e) {
                progress.failed();
                result = e.partialResult();
                end = BulkReport.End.of(e.reason());
                stopCause = e.getCause();
            } catch (RuntimeException e) {
                progress.failed();
                throw e;
            }
        }
        BulkReport report = BulkReport.backups(objectName, result, end);
        if (shard != null) {
            report.shard(shard);
        }
        if (end == BulkReport.End.INPUT_FAILED || end == BulkReport.End.COMMIT_FAILED) {
            report.inputError(stopCause);
        }
        report.print(root.output());
        report.failIfNotAllDone();
        return ExitCodes.OK;
    }

    /** The total for the progress bar: another streaming pass over the ids (a listing, or the file). */
    private long total(BackupRestoreService service, IdLines input) {
        Shard of = shard == null ? Shard.ALL : shard;
        if (input != null) {
            return input.count(of::contains);
        }
        // A store that cannot list its aggregates has no total; backupAll then says so.
        Optional<ObjectIdListing> listing = service.store().capability(ObjectIdListing.class);
        if (listing.isEmpty()) {
            return -1;
        }
        try (Stream<String> ids = listing.get().listObjectIds(objectName)) {
            return ids.filter(of::contains).count();
        }
    }
}
