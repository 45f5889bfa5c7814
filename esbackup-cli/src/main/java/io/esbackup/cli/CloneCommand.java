package io.esbackup.cli;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.RestoreResult;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code esbackup clone BACKUP_ID NEW_ID}: {@code BackupRestoreService.restoreToNewStream}. */
@Command(name = "clone",
        header = "Restore a backup to a new object id.",
        description = {"", "Writes a new object document with NEW_ID and a new stream identifier; "
            + "events, payloads and versions are copied as they are.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class CloneCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Parameters(index = "0", paramLabel = "BACKUP_ID", description = "The backup's id (a UUID).")
    private UUID backupId;

    @Parameters(index = "1", paramLabel = "NEW_ID", description = "Object id of the clone.")
    private String newObjectId;

    @Mixin
    private RestoreFlags flags;

    @Override
    public Integer call() {
        BackupRestoreService service = root.service();
        BackupHandle handle = service.requireBackup(backupId);
        flags.checkPoint(handle);
        StreamProgress progress = new StreamProgress(root.progress(), "clone " + backupId);
        RestoreResult r = progress.run(() -> service.restoreToNewStream(handle, newObjectId, flags.options(),
                progress.restores()));
        Output out = root.output();
        out.line(Views.restoreLine("Cloned", r));
        out.result(flags.withPoint(Views.restore(r)));
        return ExitCodes.OK;
    }
}
