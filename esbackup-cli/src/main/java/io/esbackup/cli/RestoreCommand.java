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

/** {@code esbackup restore BACKUP_ID}: {@code BackupRestoreService.restoreStream}. */
@Command(name = "restore",
        header = "Restore a backup to the aggregate it was taken from.",
        description = {"", "Fails, writing nothing, if the aggregate is live, unless --overwrite is given. "
            + "With --overwrite the events go to a fresh stream first, and the object document is switched "
            + "to it only when the backup has been read and checked in full.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Parameters(index = "0", paramLabel = "BACKUP_ID", description = "The backup's id (a UUID).")
    private UUID backupId;

    @Mixin
    private RestoreFlags flags;

    @Override
    public Integer call() {
        BackupRestoreService service = root.service();
        BackupHandle handle = service.requireBackup(backupId);
        flags.checkPoint(handle);
        StreamProgress progress = new StreamProgress(root.progress(), "restore " + backupId);
        RestoreResult r = progress.run(() -> service.restoreStream(handle, flags.options(), progress.restores()));
        Output out = root.output();
        out.line(Views.restoreLine("Restored", r));
        out.result(flags.withPoint(Views.restore(r)));
        return ExitCodes.OK;
    }
}
