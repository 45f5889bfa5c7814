package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.Shard;
import io.esbackup.backup.ValidationReport;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.BackupNotFoundException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code esbackup validate BACKUP_ID...}: {@code BackupRestoreService.validateBackup}; exit 3 if any is invalid. */
@Command(name = "validate",
        header = "Check backups in full: checksum, structure, counts.",
        description = {"", "Reads each archive once: the SHA-256 of the stored bytes against the manifest, "
            + "then every event, snapshot and terminated stream. Exits with 3 if any backup is invalid. A warning "
            + "(a backup whose id pointer is missing, as in a copy of backups/ alone) is printed under its backup "
            + "and leaves it valid. With --json, an array of reports, each with its problems and warnings.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private EsBackupCommand root;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Which which;

    static final class Which {
        @Parameters(paramLabel = "BACKUP_ID", arity = "1..*", description = "Backups to check (UUIDs).")
        private List<String> backupIds;

        @Option(names = "--all", required = true,
                description = "Check every backup, expired ones and ones whose manifest is damaged included.")
        private boolean all;
    }

    @Option(names = "--shard", paramLabel = "K/N", converter = ShardConverter.class,
            description = {"With --all: only the backups of shard K of N (0 <= K < N <= 65536), by object id; N "
                + "runs given K = 0..N-1 check every backup once (docs/SCALE.md)."})
    private Shard shard;

    @Override
    public Integer call() {
        if (shard != null && !which.all) {
            throw new UsageException("--shard is only valid with --all: it picks which of all the backups to check");
        }
        BackupRestoreService service = root.service();
        Output out = root.output();
        ArrayNode reports = Output.array();
        boolean several = which.all || which.backupIds.size() > 1;
        ProgressListener progress = several ? root.progress() : ProgressListener.NONE;
        progress.start("validate", which.all ? -1 : which.backupIds.size());
        // Lines wait while a bar is drawn on the same terminal, so the two do not mix.
        List<String> held = new ArrayList<>();
        ValidationReport firstInvalid = null;
        UUID firstMissing = null;
        long invalid = 0;
        long warned = 0;
        try (Stream<ValidationReport> all = which.all ? service.validateAll(shard == null ? Shard.ALL : shard)
                : null) {
            Iterator<ValidationReport> it = which.all ? all.iterator()
                    : BackupIdConverter.all(spec, which.backupIds).stream().map(id -> byId(service, id)).iterator();
            while (it.hasNext()) {
                ValidationReport r = it.next();
                boolean missing = r.problems().equals(List.of(NOT_FOUND));
                String line = String.format("%s  %d events  %s", r.backupId(), r.eventsRead(),
                        r.valid() ? (r.contentChecked() ? "valid" : "stored bytes intact (encrypted: content not "
                                + "checked without its keyset, ESBACKUP_KEYSET or --keyset)") : (missing ? "NOT FOUND" : "INVALID: " + String.join("; ", r.problems())));
                List<String> lines = new ArrayList<>(List.of(line));
                r.warnings().forEach(w -> lines.add("  warning: " + w));
                if (!r.warnings().isEmpty()) {
                    warned++;
                }
                if (progress == ProgressListener.NONE) {
                    lines.forEach(out::line);
                } else {
                    held.addAll(lines);
                }
                reports.add(Views.validation(r).put("found", !missing));
                if (missing) {
                    firstMissing = firstMissing == null ? r.backupId() : firstMissing;
                } else if (!r.valid()) {
                    firstInvalid = firstInvalid == null ? r : firstInvalid;
                }
                if (!r.valid()) {
                    invalid++;
                }
                progress.progress(reports.size(), invalid);
            }
        } catch (RuntimeException e) {
            progress.failed();
            throw e;
        }
        progress.end();
        held.forEach(out::line);
        if (reports.isEmpty()) {
            out.line("No backups to check.");
        }
        if (warned > 0) {
            out.line("%s with warnings; a warning leaves a backup valid (a missing id pointer: esbackup repair "
                    + "recreates it).", Views.plural(warned, "backup"));
        }
        out.result(reports);
        // Every backup was checked before the exit code is chosen: an invalid one (3) outranks a missing one (4).
        if (firstInvalid != null) {
            throw new BackupCorruptedException(firstInvalid.backupId().toString(), firstInvalid.problems());
        }
        if (firstMissing != null) {
            throw new BackupNotFoundException(firstMissing.toString());
        }
        return ExitCodes.OK;
    }

    private static final String NOT_FOUND = "no finished backup has this id";

    /** The report for one id; an id without a finished backup is reported, not thrown, so the rest are checked. */
    private static ValidationReport byId(BackupRestoreService service, UUID id) {
        try {
            return service.validateBackup(id);
        } catch (BackupNotFoundException e) {
            return new ValidationReport(id, List.of(NOT_FOUND), 0, null);
        }
    }
}
