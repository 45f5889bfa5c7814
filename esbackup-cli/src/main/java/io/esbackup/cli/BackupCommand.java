package io.esbackup.cli;

import io.esbackup.backup.BackupHandle;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code esbackup backup NAME ID}: {@code BackupRestoreService.backupStream}. */
@Command(name = "backup",
        header = "Back up one aggregate.",
        description = {"", "Backs up the aggregate's active stream as it is now (events appended meanwhile are "
            + "not included) and, by default, its object document. Prints the new backup's id.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class BackupCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Object name (aggregate type), e.g. order.")
    private String objectName;

    @Parameters(index = "1", paramLabel = "ID", description = "Object id of the aggregate.")
    private String objectId;

    @Mixin
    private BackupFlags flags;

    @Override
    public Integer call() {
        StreamProgress progress = new StreamProgress(root.progress(), "backup " + objectName + "/" + objectId);
        BackupHandle h = progress.run(() -> root.service().backupStream(objectName, objectId, flags.options(),
                progress.backups()));
        Output out = root.output();
        if (h.unchanged()) {
            out.line("Nothing changed in %s/%s since backup %s (version %d); nothing was written.", h.objectName(),
                    h.objectId(), h.backupId(), h.streamVersion());
            out.result(Views.backup(h));
            return ExitCodes.OK;
        }
        out.line("Backed up %s/%s: backup %s, %d events (up to version %d), %s.", h.objectName(), h.objectId(),
                h.backupId(), h.eventCount(), h.streamVersion(), Sizes.human(h.sizeBytes()));
        out.result(Views.backup(h));
        return ExitCodes.OK;
    }
}
