package io.esbackup.cli;

import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BulkRestoreException;
import io.esbackup.backup.BulkRestoreOptions;
import io.esbackup.backup.BulkRestoreResult;
import io.esbackup.backup.RestoreFailure;
import io.esbackup.error.KeysetRequiredException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code esbackup restore-many (BACKUP_ID... | --ids FILE | --ids - | --as-of TIME [--object-name NAME])}:
 * {@code BackupRestoreService.restoreManyById} over the ids given, or over the lines of the file, read as the run
 * goes; or {@code restoreAsOf}, each aggregate's newest backup at or before TIME.
 */
@Command(name = "restore-many",
        header = "Restore many backups, each to the aggregate it was taken from.",
        description = {"", "Restores the backups given as arguments, or those whose ids are listed one per line "
            + "in FILE or on standard input (--ids -). The list is read as the run goes, so it may be of any "
            + "length; a line that is not a backup id is a failure of that line. Each restore is made as by the "
            + "restore command, with the same options. Prints how many were restored and every failure, and "
            + "exits with 1 if any failed.", "",
            "With --as-of, restores every aggregate (of NAME, with --object-name) that has a backup taken at "
            + "or before TIME, from its newest such backup: into an empty store, this rebuilds the store as it "
            + "was at TIME. Aggregates whose backups are all later are left alone.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class RestoreManyCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private EsBackupCommand root;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    static final class Source {
        @Parameters(paramLabel = "BACKUP_ID", arity = "1..*", description = "Backups to restore (UUIDs).")
        private List<String> backupIds;

        @Option(names = "--ids", required = true, paramLabel = "FILE",
                description = {"The backup ids, one per line, in FILE, or on standard input if FILE is -.",
                    "Blank lines and surrounding whitespace are ignored."})
        private String ids;

        @Option(names = "--as-of", required = true, paramLabel = "TIME", converter = InstantConverter.class,
                description = {"Restore each aggregate's newest backup taken at or before TIME (a date means its "
                    + "start, UTC; a time in the future means the newest backup).",
                    "Expired backups not yet cleaned up count, in every location."})
        private Instant asOf;
    }

    @Option(names = "--object-name", paramLabel = "NAME",
            description = {"With --as-of, only the aggregates of NAME.", "Default: every object name"})
    private String objectName;

    @Mixin
    private RestoreFlags flags;

    @Mixin
    private BulkFlags bulk;

    /** Kept per list (restores, failures), as the service does by default. */
    private static final int KEPT = 10_000;

    @Override
    public Integer call() {
        if (objectName != null && source.asOf == null) {
            throw Usage.error(spec, "--object-name only narrows --as-of; give --as-of TIME too");
        }
        BackupRestoreService service = root.service();
        ProgressListener progress = root.progress();
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        BackupIdInput[] input = new BackupIdInput[1];
        Runnable report = () -> {
            long malformed = input[0] == null ? 0 : input[0].malformedCount();
            progress.progress(done.get() + malformed, failed.get() + malformed);
        };
        BulkRestoreOptions options = BulkRestoreOptions.builder().restoreOptions(flags.options())
                .maxConcurrency(bulk.concurrency()).continueOnError(!bulk.failFast()).maxResultsKept(KEPT)
                .onProgress(p -> {
                    done.set(p.processedBackups());
                    failed.set(p.failedRestores());
                    report.run();
                }).build();
        BulkRestoreResult result;
        BulkReport.End end = BulkReport.End.COMPLETED;
        Throwable stopCause = null;
        try (IdLines lines = source.ids == null ? null : IdLines.open("--ids", source.ids, root.environment())) {
            Iterable<UUID> ids = source.backupIds == null ? null : BackupIdConverter.all(spec, source.backupIds);
            long total = source.backupIds == null ? -1 : source.backupIds.size();
            if (lines != null) {
                total = progress == ProgressListener.NONE ? -1 : lines.count();
                input[0] = new BackupIdInput(lines.lines(), bulk.failFast(), KEPT, report);
                ids = input[0];
            }
            progress.start("restore-many", total);
            try {
                result = source.asOf == null ? service.restoreManyById(ids, options)
                        : service.restoreAsOf(source.asOf, objectName, options);
                progress.end();
            } catch (BulkRestoreException e) {
                progress.failed();
                result = e.partialResult();
                end = BulkReport.End.of(e.reason());
                stopCause = e.getCause();
            } catch (RuntimeException e) {
                progress.failed();
                throw e;
            }
        }
        if (input[0] != null && input[0].stopped()) {
            end = BulkReport.End.FAIL_FAST;
        }
        BulkReport summary = BulkReport.restores(result, input[0], end).point(flags);
        if (source.asOf != null) {
            summary.asOf(source.asOf, objectName);
        }
        if (end == BulkReport.End.INPUT_FAILED) {
            summary.inputError(stopCause);
        }
        summary.print(root.output());
        // A missing keyset is the caller's to fix, not the backups': the usage error's exit code, as for one restore.
        result.failedRestores().stream().map(RestoreFailure::exception)
                .filter(KeysetRequiredException.class::isInstance).map(KeysetRequiredException.class::cast)
                .findFirst().ifPresent(e -> {
                    throw e;
                });
        summary.failIfNotAllDone();
        return ExitCodes.OK;
    }
}
