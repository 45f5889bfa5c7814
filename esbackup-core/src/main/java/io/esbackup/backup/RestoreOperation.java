package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.ArchiveHeader;
import io.esbackup.archive.ArchiveReader;
import io.esbackup.archive.BackupManifest;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.error.StorageException;
import io.esbackup.store.EventStore;
import io.esbackup.store.RestoreJournal;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Restores one backup, to the aggregate it was taken from or to a new id (a clone), through a
 * {@link RestoreRun}: where the store keeps a {@link RestoreJournal} (found as a capability, so through any
 * wrapper), the run records its streams there until the swap.
 */
final class RestoreOperation {
    private final EventStore store;
    private final BackupProvider provider;
    private final BackupCatalog catalog;
    private final Clock clock;
    private final ArchiveCiphers ciphers;

    /** Without a keyset: encrypted backups are refused. */
    RestoreOperation(EventStore store, BackupProvider provider, BackupCatalog catalog, Clock clock) {
        this(store, provider, catalog, clock, new ArchiveCiphers(provider, null));
    }

    RestoreOperation(EventStore store, BackupProvider provider, BackupCatalog catalog, Clock clock,
                     ArchiveCiphers ciphers) {
        this.store = store;
        this.provider = provider;
        this.catalog = catalog;
        this.clock = clock;
        this.ciphers = ciphers;
    }

    /**
     * Restores {@code handle}'s backup to {@code targetId}, or, unless {@code clone}, to where its id pointer
     * says it belongs (not what a possibly damaged manifest says).
     */
    RestoreResult restore(BackupHandle handle, String targetId, boolean clone, RestoreOptions options,
                          Consumer<RestoreProgress> progress) {
        Source source = locate(handle, options);
        RestoreRun run = run(source, targetId, clone, options, progress, true);
        return read(source, run.check(), run::execute);
    }

    /**
     * A backup found for a restore: where it is, the manifest to check it against, and, for a delta, its chain
     * (else {@code null}).
     */
    record Source(BackupHandle handle, BackupLocation location, BackupManifest manifest,
                  List<BackupCatalog.Located> chain) {}

    Source locate(BackupHandle handle, RestoreOptions options) {
        requireHandle(handle);
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (use RestoreOptions.DEFAULT)");
        }
        BackupCatalog.Located found = catalog.located(handle.backupId(), guess(handle))
                .orElseThrow(() -> new BackupNotFoundException(handle.backupId().toString()));
        // A delta restores its whole chain, checked as one full backup of the newest link's manifest.
        List<BackupCatalog.Located> chain = found.manifest().isDelta() ? BackupChain.resolve(catalog, found) : null;
        BackupManifest manifest = chain == null ? found.manifest() : BackupChain.flattened(found.manifest());
        return new Source(handle, found.location(), manifest, chain);
    }

    /**
     * A run of {@code source} with its target checked, nothing written yet; {@code journaled}: it records its
     * streams in the store's journal itself (a run of a {@link RestoreGroup} does not: the group does).
     */
    RestoreRun run(Source source, String targetId, boolean clone, RestoreOptions options,
                   Consumer<RestoreProgress> progress, boolean journaled) {
        // Run ids only name journal entries; they are random rather than from the backup-id source, which
        // tests fix, because two runs at once must never share an entry.
        RestoreRun run = new RestoreRun(store, journaled ? store.capability(RestoreJournal.class).orElse(null) : null,
                UUID.randomUUID(), source.manifest(), source.location(),
                clone ? targetId : source.location().objectId(), clone, options, clock,
                progress == null ? p -> { } : progress);
        run.checkTarget();
        return run;
    }

    /** The archive's header alone (for {@link RestoreRun#planStream}), checked on its own. */
    ArchiveHeader header(Source source) {
        return read(source, new ArchiveCheck(source.manifest()), ArchiveInput::readHeader);
    }

    /** Opens {@code source} (the chain, or the one archive) and hands it to {@code reading}. */
    <R> R read(Source source, ArchiveCheck check, Function<ArchiveInput, R> reading) {
        if (source.chain() != null) {
            try (ChainInput input = new ChainInput(provider, ciphers, source.chain(), check)) {
                return reading.apply(input);
            }
        }
        try (InputStream in = provider.openArchive(source.location());
             ArchiveReader reader = openReader(in, source.manifest(), ciphers)) {
            return reading.apply(ArchiveInput.of(reader));
        } catch (IOException e) {
            throw new StorageException("reading backup " + source.handle().backupId(), e);
        }
    }

    private static ArchiveReader openReader(InputStream in, BackupManifest manifest, ArchiveCiphers ciphers) {
        try {
            return ciphers.reader(in, manifest);
        } catch (ArchiveFormatException e) {
            BackupCorruptedException corrupt = new BackupCorruptedException(manifest.backupId(),
                    List.of(e.getMessage()));
            corrupt.initCause(e);
            throw corrupt;
        }
    }

    /** Where the handle's manifest says its backup is: looked at only if the backup's id pointer is missing. */
    static BackupLocation guess(BackupHandle handle) {
        try {
            return handle.manifest() == null ? null : BackupLocation.of(handle.manifest());
        } catch (IllegalArgumentException e) {
            return null; // a handle made by hand with ids no backup can have: no guess
        }
    }

    static void requireHandle(BackupHandle handle) {
        if (handle == null || handle.backupId() == null) {
            throw new IllegalArgumentException("handle must not be null");
        }
    }
}
