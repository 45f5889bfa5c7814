package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.backup.BackupLocation;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.IdPointers;
import io.esbackup.backup.PointerCheck;
import io.esbackup.backup.RepairFailure;
import io.esbackup.backup.RepairReport;
import io.esbackup.error.BackupCorruptedException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code esbackup repair [--dry-run]}: {@code BackupRestoreService.repair(dryRun)}. */
@Command(name = "repair",
        header = "Recreate missing id pointers (backup-index/), as in a copy of backups/ alone.",
        description = {"", "Each backup is found by its id through a small pointer, backup-index/ID, beside "
            + "backups/. A copy of backups/ alone works without them, but then every backup is found by listing "
            + "all of them (slow on a large store; a warning says so). repair lists the manifests, checks each "
            + "backup's pointer, and writes the missing ones, create-only, exactly as a backup writes them. A "
            + "pointer that names another place or cannot be read is reported and left alone: remove the wrong "
            + "one by hand and run repair again. Safe to run at any time, while backups run, and again after it "
            + "was stopped. Exits with 1 if a pointer could not be checked or written (run it again), with 3 if a "
            + "pointer disagrees with its manifest. With --json, the counts and what disagreed or failed.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class RepairCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Option(names = "--dry-run", description = "Only count the missing pointers; write nothing.")
    private boolean dryRun;

    @Override
    public Integer call() {
        BackupRestoreService service = root.service();
        if (service.provider().capability(IdPointers.class).isEmpty()) {
            throw new UsageException("repair: the backups at " + root.backupsDisplay() + " keep no id pointers "
                    + "(the reference library's format), so there is nothing to repair");
        }
        ProgressListener progress = root.progress();
        progress.start(dryRun ? "repair (dry run)" : "repair", -1);
        RepairReport report;
        try {
            report = service.repair(dryRun, scanned -> progress.progress(scanned, 0));
        } catch (RuntimeException e) {
            progress.failed();
            throw e;
        }
        progress.end();
        print(report, root.output());
        if (report.failed() > 0) {
            RepairFailure first = report.failures().get(0);
            throw new BulkFailedException(Views.plural(report.failed(), "id pointer") + " could not be checked or "
                    + "written (first: backup " + first.location().backupId() + ": " + first.message() + "); run "
                    + "repair again");
        }
        if (report.disagreeing() > 0) {
            PointerCheck first = report.disagreements().get(0);
            throw new BackupCorruptedException(first.manifestAt().backupId().toString(), List.of(first.describe()
                    + "; repair never overwrites a pointer: remove the wrong one by hand and run repair again"
                    + (report.disagreeing() > 1 ? " (" + (report.disagreeing() - 1) + " more pointers disagree, "
                    + "listed in the output)" : "")));
        }
        return ExitCodes.OK;
    }

    private void print(RepairReport r, Output out) {
        if (r.recreated() == 0 && r.complete()) {
            out.line("Nothing to repair: %s.", r.manifestsScanned() == 1 ? "the one backup has its id pointer"
                    : "all " + Views.plural(r.manifestsScanned(), "backup") + " have their id pointers");
        } else {
            out.line("Checked the id pointers of %s:", Views.plural(r.manifestsScanned(), "backup"));
            out.line("  %-14s %,d%s", dryRun ? "missing" : "recreated", r.recreated(),
                    dryRun ? " (dry run: nothing written; repair without --dry-run writes them)" : "");
            out.line("  %-14s %,d", "already right", r.alreadyRight());
            out.line("  %-14s %,d", "disagreeing", r.disagreeing());
            out.line("  %-14s %,d", "failed", r.failed());
        }
        ObjectNode json = Output.object().put("dryRun", r.dryRun()).put("manifestsScanned", r.manifestsScanned())
                .put("recreated", r.recreated()).put("alreadyRight", r.alreadyRight())
                .put("disagreeing", r.disagreeing()).put("failed", r.failed());
        ArrayNode disagreements = json.putArray("disagreements");
        for (PointerCheck c : r.disagreements()) {
            out.line("  disagrees  %s  %s", c.manifestAt().backupId(), c.describe());
            ObjectNode n = location(disagreements.addObject(), c.manifestAt()).put("state", c.state().name())
                    .put("message", c.describe());
            if (c.named() != null) {
                location(n.putObject("pointerNames"), c.named());
            }
        }
        ArrayNode failures = json.putArray("failures");
        for (RepairFailure f : r.failures()) {
            out.line("  failed     %s  %s", f.location().backupId(), f.message());
            location(failures.addObject(), f.location()).put("message", f.message());
        }
        if (r.disagreeing() > r.disagreements().size() || r.failed() > r.failures().size()) {
            out.line("  (the first %,d of each are listed)", RepairReport.LISTED_AT_MOST);
        }
        out.result(json);
    }

    private static ObjectNode location(ObjectNode n, BackupLocation l) {
        return n.put("backupId", l.backupId().toString()).put("objectName", l.objectName())
                .put("objectId", l.objectId()).put("location", l.subfolder());
    }
}
