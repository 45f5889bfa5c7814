package io.esbackup.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code esbackup shred NAME ID --yes}: {@code BackupRestoreService.shred}. */
@Command(name = "shred",
        header = "Destroy an aggregate's data key: its encrypted backups become unreadable.",
        description = {"", "Crypto-shredding: deletes the data key that every encrypted backup of the aggregate "
            + "was encrypted under, after writing a tombstone beside it, so restore and validate of those backups "
            + "fail with 'shredded' (exit 3) whatever keyset is given; other aggregates' backups are untouched. "
            + "It cannot be undone, so it asks for --yes. Needs no keyset. The backups stay listed until deleted. "
            + "Not covered: backups taken without --encrypt, copies of the backups' store (or of its key objects) "
            + "made before, and old versions a store that keeps versions or soft-deleted blobs still holds "
            + "(docs/ARCHITECTURE.md section 5b). A new encrypted backup of the aggregate gets a new key.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class ShredCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Object name (aggregate type), e.g. order.")
    private String objectName;

    @Parameters(index = "1", paramLabel = "ID", description = "Object id of the aggregate.")
    private String objectId;

    @Option(names = "--yes", description = "Confirm: the aggregate's encrypted backups can never be read again.")
    private boolean yes;

    @Override
    public Integer call() {
        if (!yes) {
            throw new UsageException("shred destroys the data key of " + objectName + "/" + objectId
                    + " for good: none of its encrypted backups can be read again. Add --yes to do it");
        }
        boolean destroyed = root.service().shred(objectName, objectId);
        Output out = root.output();
        out.line(destroyed ? "Shredded %s/%s: its data key is destroyed; its encrypted backups cannot be read again."
                : "Shredded %s/%s: it had no data key (no encrypted backup, or shredded before); marked shredded.",
                objectName, objectId);
        out.result(Output.object().put("objectName", objectName).put("objectId", objectId)
                .put("shredded", true).put("keyDestroyed", destroyed));
        return ExitCodes.OK;
    }
}
