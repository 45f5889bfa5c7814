package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code esbackup validate BACKUP_ID...}: {@code BackupRestoreService.validateBackup}; exit 3 if any is invalid. */
@Command(name = "validate",
        header = "Check backups in full: checksum, structure, counts.",
        description = {"", "Reads each archive once: the SHA-256 of the stored bytes against the manifest, "
            + "then every event, snapshot and terminated stream. Exits with 3 if any backup is invalid.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Which which;

    static final class Which {
        @Parameters(paramLabel = "BACKUP_ID", arity = "1..*", description = "Backups to check (UUIDs).")
        private List<UUID> backupIds;

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
            for (UUID id : which.backupIds) {
                handles.add(service.requireBackup(id));
            }
        }
        Output out = root.output();
        ObjectNode json = Output.object();
        ArrayNode reports = json.putArray("reports");
        ValidationReport firstInvalid = null;
        for (BackupHandle h : handles) {
            ValidationReport r = service.validateBackup(h);
            out.line("%s  %s/%s  %d events  %s", h.backupId(), h.objectName(), h.objectId(), r.eventsRead(),
                    r.valid() ? "valid" : "INVALID: " + String.join("; ", r.problems()));
            reports.add(Views.validation(r));
            if (!r.valid() && firstInvalid == null) {
                firstInvalid = r;
            }
        }
        json.put("valid", firstInvalid == null).put("checked", handles.size());
        out.result(json);
        if (firstInvalid != null) {
            throw new BackupCorruptedException(firstInvalid.backupId().toString(), firstInvalid.problems());
        }
        return ExitCodes.OK;
    }
}
