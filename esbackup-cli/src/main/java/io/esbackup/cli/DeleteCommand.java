package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.error.BackupNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code esbackup delete BACKUP_ID...}: {@code BackupRestoreService.deleteBackup(UUID)} for each. */
@Command(name = "delete",
        header = "Delete backups.",
        description = {"", "Deletes each backup given: its manifest first, so it vanishes at once, then its "
            + "archive. A backup whose manifest is damaged can be deleted too. If some are not found, the others "
            + "are still deleted and the exit code is 4. With --json, an array with one entry per id.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class DeleteCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private EsBackupCommand root;

    @Parameters(paramLabel = "BACKUP_ID", arity = "1..*", description = "Backups to delete (UUIDs).")
    private List<String> backupIds;

    @Override
    public Integer call() {
        List<UUID> ids = BackupIdConverter.all(spec, backupIds);
        BackupRestoreService service = root.service();
        Output out = root.output();
        ArrayNode json = Output.array();
        List<RuntimeException> failures = new ArrayList<>();
        for (UUID id : ids) {
            RuntimeException failure = null;
            try {
                if (service.deleteBackup(id)) {
                    out.line("Deleted backup %s.", id);
                } else {
                    failure = new BackupNotFoundException(id.toString());
                }
            } catch (RuntimeException e) {
                failure = e;
            }
            if (failure == null) {
                json.add(Output.object().put("backupId", id.toString()).put("deleted", true));
            } else {
                failures.add(failure);
                if (ids.size() > 1) { // a single id's failure is the error message itself
                    out.line("Not deleted %s: %s", id, ExitCodes.describe(failure));
                }
                json.add(Output.object().put("backupId", id.toString()).put("deleted", false)
                        .put("message", ExitCodes.describe(failure)));
            }
        }
        out.result(json);
        if (failures.size() == 1 && ids.size() == 1) {
            throw failures.get(0);
        }
        if (!failures.isEmpty()) {
            int deleted = ids.size() - failures.size();
            throw new SomeFailedException(failures.size() + " of " + ids.size() + " backups were not deleted: "
                    + ExitCodes.describe(failures.get(0))
                    + (failures.size() > 1 ? " and " + (failures.size() - 1) + " more, listed in the output" : "")
                    + (deleted > 0 ? "; the other " + deleted + " were deleted" : ""), failures.get(0));
        }
        return ExitCodes.OK;
    }
}
