package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormatException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a backup whose id pointer is missing (a copy of {@code backups/} alone; docs/ARCHITECTURE.md section 7):
 * first where its caller's handle or the registry says it is, confirmed by its manifest being stored there (a
 * read, no listing), else by one listing of every manifest's key ({@link IdPointers#listManifestLocations}). Only
 * providers with {@link IdPointers} are looked through: for any other, its own {@code locate} is the answer.
 * The location found is always where a manifest is stored, never what a manifest says, so an edited manifest
 * cannot send a restore or a delete elsewhere.
 */
final class PointerLookup {
    private static final Logger LOG = LoggerFactory.getLogger(PointerLookup.class);

    private final BackupProvider provider;
    private final BackupRegistry registry; // null: there is none
    private final AtomicBoolean warned = new AtomicBoolean();

    PointerLookup(BackupProvider provider, BackupRegistry registry) {
        this.provider = provider;
        this.registry = registry;
    }

    /**
     * Where the backup with this id is stored although {@code provider.locate} did not find it, or empty.
     *
     * @param guess   where the caller expects it (a handle's manifest, a child's folder), or {@code null}
     * @param mayList whether to list every manifest's key when no guess holds: a lookup of a backup that is not
     *                there lists them all, so callers that ask about many ids that may be gone pass {@code false}
     */
    Optional<BackupLocation> find(UUID backupId, BackupLocation guess, boolean mayList) {
        Optional<IdPointers> pointers = provider.capability(IdPointers.class);
        if (pointers.isEmpty()) {
            return Optional.empty();
        }
        if (guess != null && guess.backupId().equals(backupId) && stored(guess)) {
            warn(backupId, guess, "where its handle, or the backup continuing it, said");
            return Optional.of(guess);
        }
        Optional<BackupLocation> registered = registry == null ? Optional.empty()
                : registry.find(backupId).map(BackupLocation::of);
        if (registered.isPresent()) {
            // The registry's entry says where the writer put it: no listing, whatever the answer.
            Optional<BackupLocation> there = registered.filter(this::stored);
            there.ifPresent(at -> warn(backupId, at, "where the backup registry said"));
            return there;
        }
        if (!mayList) {
            return Optional.empty();
        }
        LOG.debug("Backup {} has no id pointer: listing every manifest's key to look for it", backupId);
        try (Stream<BackupLocation> all = pointers.get().listManifestLocations()) {
            Optional<BackupLocation> found = all.filter(at -> at.backupId().equals(backupId)).findFirst();
            found.ifPresent(at -> LOG.warn("Backup {} has no id pointer: it was found ({}) by listing every backup's "
                    + "key, which on a large store takes minutes and is repeated at each lookup of a backup without its "
                    + "pointer. Run `esbackup repair` (BackupRestoreService.repair) to recreate the missing pointers.",
                    backupId, provider.describe(at)));
            return found;
        }
    }

    /** Whether a manifest is stored at {@code location}; one that cannot be read is there all the same. */
    private boolean stored(BackupLocation location) {
        try {
            return provider.readManifest(location).isPresent();
        } catch (ArchiveFormatException e) {
            return true;
        }
    }

    /**
     * A backup found without a listing: warned of once per service (then logged at debug), since a restore of a chain
     * finds each link this way, and the warning would otherwise repeat for every link.
     */
    private void warn(UUID backupId, BackupLocation at, String how) {
        String text = "Backup {} has no id pointer: it was found ({}) {}. Run `esbackup repair` "
                + "(BackupRestoreService.repair) to recreate the missing pointers.";
        if (warned.compareAndSet(false, true)) {
            LOG.warn(text, backupId, provider.describe(at), how);
        } else {
            LOG.debug(text, backupId, provider.describe(at), how);
        }
    }
}
