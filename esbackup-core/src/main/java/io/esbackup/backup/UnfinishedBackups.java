package io.esbackup.backup;

import java.util.stream.Stream;

/**
 * An optional capability of a {@link BackupProvider} that writes a backup's archive and its manifest (the
 * commit) apart, so that a crash or a failure between them leaves an unfinished backup. Clean-up finds them
 * here and removes those older than its grace period. A provider that commits both at once has none.
 */
public interface UnfinishedBackups {

    /** Archives (and id reservations) without a manifest, lazily. Close the stream. */
    Stream<UnfinishedBackup> listUnfinished();

    /**
     * Removes what {@code unfinished} found (an archive and its id, or an id alone) if it is still unfinished,
     * checked again now: never a manifest, never an archive of a backup that has meanwhile committed.
     *
     * @return whether anything was removed
     */
    boolean discardUnfinished(UnfinishedBackup unfinished);
}
