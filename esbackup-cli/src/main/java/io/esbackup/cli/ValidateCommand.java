package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.ValidationReport;
import io.esbackup.error.BackupCorruptedException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
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
            + "then every event, snapshot and terminated stream. Exits with 3 if any backup is invalid. With --json, "
            + "an array of reports.", ""},
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

        @Option(names = "--all", required = true, description = "Check every unexpired backup.")
        private boolean all;
    }

    @Override
    public Integer call() {
        BackupRestoreService service = root.service();
        List<BackupHandle> handles = new ArrayList<>();
        if (which.all) {
            handles.addAll(service.listBackups(BackupQuery.ALL));
        } else {
            for (UUID id : BackupIdConverter.all(spec, which.backupIds)) {
                handles.add(service.requireBackup(id));
            }
        }
        Output out = root.output();
        ArrayNode reports = Output.array();
        ValidationReport firstInvalid = null;
        ProgressListener progress = handles.size() > 1 ? root.progress() : ProgressListener.NONE;
        progress.start("validate", handles.size());
        // Lines wait while a bar is drawn on the same terminal, so the two do not mix.
        List<String> held = new ArrayList<>();
        long invalid = 0;
        try {
            for (BackupHandle h : handles) {
                ValidationReport r = service.validateBackup(h);
                String line = String.format("%s  %s/%s  %d events  %s", h.backupId(), h.objectName(), h.objectId(),
                        r.eventsRead(), r.valid() ? "valid" : "INVALID: " + String.join("; ", r.problems()));
                if (progress == ProgressListener.NONE) {
                    out.line(line);
                } else {
                    held.add(line);
                }
                reports.add(Views.validation(r));
                if (!r.valid()) {
                    invalid++;
                    firstInvalid = firstInvalid == null ? r : firstInvalid;
                }
                progress.progress(reports.size(), invalid);
            }
        } catch (RuntimeException e) {
            progress.failed();
            throw e;
        }
        progress.end();
        held.forEach(out::line);
        if (handles.isEmpty()) {
            out.line("No backups to check.");
        }
        out.result(reports);
        if (firstInvalid != null) {
            throw new BackupCorruptedException(firstInvalid.backupId().toString(), firstInvalid.problems());
        }
        return ExitCodes.OK;
    }
}
