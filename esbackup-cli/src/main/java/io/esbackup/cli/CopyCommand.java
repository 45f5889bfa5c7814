package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.CopyFailure;
import io.esbackup.backup.CopyOptions;
import io.esbackup.backup.CopyReport;
import io.esbackup.locations.AzureAccount;
import io.esbackup.locations.Location;
import io.esbackup.locations.StoreLocations;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code esbackup copy --to URI [--object-name N [--object-id I]] [--since TIME] [--ids FILE|-] [--dry-run]}:
 * {@code BackupRestoreService.copyTo} from {@code --backups} to another location (docs/ARCHITECTURE.md section 7c).
 */
@Command(name = "copy",
        header = "Copy backups to another backups location, for disaster recovery.",
        description = {"", "Copies the committed backups of --backups (all of them, those of --object-name "
            + "and --object-id, those made since --since, or those whose ids are listed one per line in --ids "
            + "FILE or on standard input with --ids -) to the location --to, of any kind (a folder, azure://, "
            + "s3://). Each archive is checked against its manifest's size and SHA-256 while it is copied; a "
            + "backup that fails the check is reported and not copied. Writes are create-only and in a backup's "
            + "own order (archive, then manifest), so a copy that was stopped can be run again: it skips what "
            + "the destination holds already (same size and SHA-256) and finishes the rest. A delta's parents are "
            + "copied with it, an encrypted backup's data key with it, and a shred made at the source since an "
            + "earlier copy is carried to the destination. Expired backups stay behind, unless --ids names them. "
            + "Prints what was copied, skipped and failed, and exits with 1 if any failed.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class CopyCommand implements Callable<Integer> {
    /** The variable an {@code azure:} destination in another account reads its connection string from. */
    static final String TO_AZURE_VARIABLE = "ESBACKUP_TO_AZURE_STORAGE_CONNECTION_STRING";
    private static final int KEPT = 10_000;

    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private EsBackupCommand root;

    @Option(names = "--to", required = true, paramLabel = "URI",
            description = "Where to copy to: a backups location as --backups takes (not --backups itself).")
    private String to;

    @Mixin
    private AggregateOptions aggregates;

    @Option(names = "--since", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Only backups made at or after TIME: an instant, or a date (from its start, UTC).")
    private Instant since;

    @Option(names = "--ids", paramLabel = "FILE",
            description = {"Only the backups whose ids are listed, one per line, in FILE, or on standard input if "
                + "FILE is -.", "Read as the copy goes; a line that is not a backup id is a failure of its own."})
    private String ids;

    @Option(names = "--dry-run", description = "Only print what would be copied; write nothing.")
    private boolean dryRun;

    @Option(names = "--to-azure-connection-string", paramLabel = "STRING",
            description = "The Azure Storage account of an azure: --to in another account than --backups' (else "
                + "the environment's " + TO_AZURE_VARIABLE + ", else --backups' account). Never printed.")
    private String toAzureConnectionString;

    @Mixin
    private BulkFlags bulk;

    /** The ids read from --ids, with the lines that were not ids; {@code null} without --ids. */
    private BackupIdInput input;

    @Override
    public Integer call() {
        check();
        StoreLocations table = destinationTable();
        String toDisplay = root.backupsDisplay("--to", to, table);
        if (toDisplay.equals(root.backupsDisplay()) && !inAnotherAccount()) {
            throw Usage.error(spec, "--to is --backups itself (" + toDisplay + "); copy to another location");
        }
        BackupProvider destination = root.openBackups("--to", to, table);
        BackupRestoreService service = root.service();
        ProgressListener progress = root.progress();
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Runnable report = () -> {
            long malformed = input == null ? 0 : input.malformedCount();
            progress.progress(done.get() + malformed, failed.get() + malformed);
        };
        CopyOptions options = CopyOptions.builder().maxConcurrency(bulk.concurrency())
                .continueOnError(!bulk.failFast()).dryRun(dryRun).maxFailuresKept(KEPT)
                .onProgress(p -> {
                    done.set(p.processed());
                    failed.set(p.failed());
                    report.run();
                }).build();
        CopyReport result;
        try (IdLines lines = ids == null ? null : IdLines.open("--ids", ids, root.environment())) {
            long total = -1;
            if (lines != null) {
                total = progress == ProgressListener.NONE ? -1 : lines.count();
                input = new BackupIdInput(lines.lines(), bulk.failFast(), KEPT, report);
            }
            progress.start(dryRun ? "copy (dry run)" : "copy", total);
            try {
                result = input != null ? service.copyTo(destination, input, options)
                        : service.copyTo(destination, aggregates.query()
                                .createdAfter(since).build(), options);
                progress.end();
            } catch (RuntimeException e) {
                progress.failed();
                throw e;
            }
        }
        long malformed = input == null ? 0 : input.malformedCount();
        print(result, toDisplay, malformed);
        if (result.failed() + malformed > 0 || result.stoppedEarly() || input != null && input.stopped()) {
            throw new BulkFailedException(failureSummary(result, malformed));
        }
        return ExitCodes.OK;
    }

    private void check() {
        aggregates.check();
        if (ids != null && (aggregates.given() || since != null)) {
            throw Usage.error(spec, "--ids names the backups itself; give it without --object-name, --object-id "
                    + "and --since");
        }
    }

    /** The destination's own Azure account's connection string, or {@code null} when it has none. */
    private String ownAccount() {
        String own = toAzureConnectionString != null ? toAzureConnectionString : root.variable(TO_AZURE_VARIABLE);
        return own == null || own.isBlank() ? null : own;
    }

    /**
     * Whether an azure: {@code --to} is in another account than {@code --backups}: an azure: location shows its
     * container and prefix, not its account, so the same names in a separate account (the point of a
     * disaster-recovery copy) look alike.
     */
    private boolean inAnotherAccount() {
        String own = ownAccount();
        return own != null && "azure".equals(Location.parse("--to", to).scheme())
                && !own.equals(root.azureConnectionString().orElse(null));
    }

    /**
     * The scheme table the destination is opened on: the shared one, unless the destination has an Azure account of
     * its own (then a table whose azure: locations use it; the connection string is never shown).
     */
    private StoreLocations destinationTable() {
        String own = ownAccount();
        if (own == null) {
            return root.locations();
        }
        AzureAccount account = new AzureAccount(name -> null,
                toAzureConnectionString != null ? "--to-azure-connection-string" : TO_AZURE_VARIABLE);
        account.give(own);
        return StoreLocations.builder().environment(root::variable).azure(account).build();
    }

    private void print(CopyReport r, String toDisplay, long malformed) {
        Output out = root.output();
        String verb = r.dryRun() ? "Would copy" : "Copied";
        String line = String.format(Locale.ROOT, "%s %s (%s) to %s in %s", verb, Views.plural(r.copied(), "backup"),
                Sizes.human(r.bytesCopied()), toDisplay, BulkReport.human(r.elapsed()));
        if (r.skipped() > 0) {
            line += "; " + r.skipped() + " already there";
        }
        if (r.shredded() > 0) {
            line += "; " + r.shredded() + " not copied, shredded at the source";
        }
        long failed = r.failed() + malformed;
        out.line("%s%s", line, failed == 0 ? "." : "; " + failed + " failed:");
        ObjectNode json = Output.object().put("command", "copy").put("to", toDisplay).put("dryRun", r.dryRun())
                .put("processed", r.processed() + malformed).put("copied", r.copied()).put("skipped", r.skipped())
                .put("shredded", r.shredded()).put("failed", failed).put("bytesCopied", r.bytesCopied())
                .put("shredsCarried", r.shredsCarried()).put("elapsed", r.elapsed().toString())
                .put("elapsedMillis", r.elapsed().toMillis()).put("stoppedEarly", r.stoppedEarly());
        ArrayNode failures = json.putArray("failures");
        for (CopyFailure f : r.failures()) {
            String message = ExitCodes.describe(f.exception());
            out.line("  %s%s: %s", f.backupId() == null ? "input" : f.backupId(),
                    f.objectName() == null ? "" : " (" + f.objectName() + "/" + f.objectId() + ")", message);
            failures.add(Output.object().put("backupId", f.backupId() == null ? null : f.backupId().toString())
                    .put("objectName", f.objectName()).put("objectId", f.objectId()).put("message", message)
                    .put("error", f.exception().getClass().getSimpleName()));
        }
        if (input != null) {
            for (BackupIdInput.Malformed m : input.malformed()) {
                out.line("  %s", m.message());
                failures.add(Output.object().putNull("backupId").put("input", m.text()).put("line", m.line())
                        .put("message", m.message()).put("error", "MalformedBackupId"));
            }
        }
        if (r.shredsCarried() > 0) {
            out.line("%s %s at the destination too: shredded at the source since an earlier copy.",
                    r.dryRun() ? "Would shred" : "Shredded", Views.plural(r.shredsCarried(), "aggregate"));
        }
        if (r.stoppedEarly()) {
            out.line("Stopped early: work in flight was finished, nothing else was started; run it again for "
                    + "the rest.");
        }
        out.result(json);
    }

    private static String failureSummary(CopyReport r, long malformed) {
        long failed = r.failed() + malformed;
        return (r.stoppedEarly() ? "copy stopped early after " + r.copied() + " copied and " + failed + " failed"
                : failed + " of " + Views.plural(r.processed() + malformed, "backup") + " failed")
                + "; see the failures in the output, fix them and run copy again: it finishes what is missing";
    }
}
