package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.backup.BackupHandle;
import io.esbackup.model.json.Json;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code esbackup show BACKUP_ID}: {@code BackupRestoreService.getBackup} and the manifest. */
@Command(name = "show",
        header = "Show what a backup's manifest says.",
        description = {"", "Reads only the manifest; use validate to check the archive itself.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class ShowCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Parameters(index = "0", paramLabel = "BACKUP_ID", description = "The backup's id (a UUID).")
    private UUID backupId;

    @Override
    public Integer call() {
        BackupHandle h = root.service().requireBackup(backupId);
        ObjectNode details = Views.backupDetails(h);
        Output out = root.output();
        details.fields().forEachRemaining(f -> {
            if (!f.getValue().isNull() && !(f.getValue().isContainerNode() && f.getValue().isEmpty())) {
                out.line("%-26s %s", f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : Json.text(f.getValue()));
            }
        });
        out.result(details);
        return ExitCodes.OK;
    }
}
