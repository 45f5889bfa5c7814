package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.backup.AbandonedRestore;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.CleanupReport;
import io.esbackup.backup.PackSweep;
import io.esbackup.backup.Shard;
import io.esbackup.backup.UnfinishedBackup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code esbackup cleanup [--dry-run]}: {@code BackupRestoreService.cleanupExpiredBackups(dryRun)}. */
@Command(name = "cleanup",
        header = "Remove expired backups and what failed runs left.",
        description = {"", "Removes backups whose retention (backup --retention) ran out, and unfinished backups "
            + "(an archive without its manifest, left by a crash or a failed backup) older than "
            + "an hour, the time a backup may still be running. It also deletes the streams of restores "
            + "killed before they switched the object over, silent for as long (no object document names "
            + "them), and in folders (--store and --backups) the temporary files of writes a killed process "
            + "abandoned over an hour ago. Prints what was removed; with --dry-run, what would be, removing "
            + "nothing.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class CleanupCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Option(names = "--dry-run", description = "Only print what would be removed.")
    private boolean dryRun;

    @Option(names = "--shard", paramLabel = "K/N", converter = ShardConverter.class,
            description = {"Only what belongs to the aggregates of shard K of N (0 <= K < N <= 65536), by object "
                + "id; temporary files are shard 0's. N runs given K = 0..N-1 clean up everything (docs/SCALE.md)."})
    private Shard shard;

    @Override
    public Integer call() {
        BackupRestoreService service = root.service();
        CleanupReport report = service.cleanupExpiredBackups(dryRun, shard == null ? Shard.ALL : shard);
        Output out = root.output();
        if (report.isEmpty()) {
            out.line("Nothing to clean up: no expired backups, and no unfinished backups, abandoned restores or "
                    + "temporary files older than an hour.");
        } else if (report.deletedCount() > 0) {
            out.line("%s %s and %s:", dryRun ? "Would remove" : "Removed",
                    Views.plural(report.expired().size(), "expired backup"),
                    Views.plural(report.unfinished().size(), "unfinished backup"));
        }
        ObjectNode json = Output.object().put("dryRun", dryRun).put("removedCount", report.deletedCount())
                .put("temporaryFilesRemoved", report.temporaryFiles());
        if (shard != null) {
            json.put("shard", shard.toString());
        }
        ArrayNode expired = json.putArray("expired");
        for (BackupHandle h : report.expired()) {
            out.line("  expired     %s  %s/%s  expired at %s", h.backupId(), h.objectName(), h.objectId(),
                    h.expiresAt());
            expired.add(Views.backup(h));
        }
        ArrayNode unfinished = json.putArray("unfinished");
        for (UnfinishedBackup u : report.unfinished()) {
            out.line("  unfinished  %s  %s/%s  %s, last written %s", u.location().backupId(),
                    u.location().objectName(), u.location().objectId(), u.key(), u.lastModified());
            unfinished.add(Views.unfinished(u));
        }
        ArrayNode kept = json.putArray("keptForChains");
        for (BackupHandle h : report.keptForChains()) {
            out.line("  kept        %s  %s/%s  expired at %s, kept: a live incremental backup continues it",
                    h.backupId(), h.objectName(), h.objectId(), h.expiresAt());
            kept.add(Views.backup(h));
        }
        ArrayNode restores = json.putArray("abandonedRestores");
        json.put("orphanStreamsRemoved", report.orphanStreamsDeleted());
        if (!report.abandonedRestores().isEmpty()) {
            out.line("%s %s of %s that stopped before switching the object over:", dryRun ? "Would delete" : "Deleted",
                    Views.plural(report.orphanStreamsDeleted(), "stream"),
                    Views.plural(report.abandonedRestores().size(), "restore"));
        }
        for (AbandonedRestore r : report.abandonedRestores()) {
            out.line("  restore     %s/%s  started %s, streams %s", r.objectName(), r.objectId(), r.startedAt(),
                    r.streamsDeleted().isEmpty() ? "(none: all are live)" : String.join(", ", r.streamsDeleted()));
            ObjectNode n = restores.addObject().put("runId", r.runId().toString()).put("objectName", r.objectName())
                    .put("objectId", r.objectId()).put("startedAt", r.startedAt().toString())
                    .put("lastWritten", r.lastWritten().toString());
            ArrayNode streams = n.putArray("streamsDeleted");
            r.streamsDeleted().forEach(streams::add);
        }
        if (report.temporaryFiles() > 0) {
            out.line("%s %s of writes abandoned over an hour ago.", dryRun ? "Would remove" : "Removed",
                    Views.plural(report.temporaryFiles(), "temporary file"));
        }
        PackSweep packs = report.packs();
        json.putObject("packs").put("unfinishedRunsRemoved", packs.unfinishedRuns())
                .put("packsReclaimed", packs.packsReclaimed()).put("bytesReclaimed", packs.bytesReclaimed());
        if (!packs.equals(PackSweep.NONE)) {
            out.line("%s %s that never committed and %s with no backup left (%s).",
                    dryRun ? "Would remove" : "Removed", Views.plural(packs.unfinishedRuns(), "packed run"),
                    Views.plural(packs.packsReclaimed(), "pack"), Sizes.human(packs.bytesReclaimed()));
        }
        out.result(json);
        return ExitCodes.OK;
    }
}
