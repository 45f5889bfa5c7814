package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.ArchiveReader;
import io.esbackup.archive.BackupManifest;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Validation: reads a whole backup once through the checks a restore also runs ({@link ArchiveCheck}) and
 * reports every problem found, never just the first.
 */
final class BackupValidation {
    private final BackupProvider provider;
    private final BackupCatalog catalog;
    private final ArchiveCiphers ciphers;

    /** Without a keyset: encrypted backups are checked for integrity only. */
    BackupValidation(BackupProvider provider, BackupCatalog catalog) {
        this(provider, catalog, new ArchiveCiphers(provider, null));
    }

    BackupValidation(BackupProvider provider, BackupCatalog catalog, ArchiveCiphers ciphers) {
        this.provider = provider;
        this.catalog = catalog;
        this.ciphers = ciphers;
    }

    /** Every backup the provider holds, unreadable manifests included, lazily. Close the stream. */
    Stream<ValidationReport> validateAll() {
        return provider.listBackupIds().map(this::validate).flatMap(Optional::stream);
    }

    /** As {@link #validateAll()}, only the backups of aggregates in {@code shard}. */
    Stream<ValidationReport> validateAll(Shard shard) {
        if (shard.isAll()) {
            return validateAll();
        }
        return provider.listBackupIds().map(id -> validate(id, shard)).flatMap(Optional::stream);
    }

    /**
     * The report for a backup of the shard: its id pointer names the aggregate, so other shards' backups cost
     * that one read and no manifest read. A pointer that cannot be read names no aggregate: shard 0 reports it.
     */
    private Optional<ValidationReport> validate(UUID backupId, Shard shard) {
        Optional<BackupLocation> location;
        try {
            location = provider.locate(backupId);
        } catch (ArchiveFormatException e) {
            return shard.index() == 0 ? validate(backupId) : Optional.empty();
        }
        return location.isPresent() && shard.contains(location.get().objectId()) ? validate(backupId)
                : Optional.empty();
    }

    /** The report for a backup, or empty when no finished backup has this id. */
    Optional<ValidationReport> validate(UUID backupId) {
        Optional<BackupCatalog.Located> found;
        try {
            found = catalog.located(backupId);
        } catch (BackupCorruptedException e) {
            return Optional.of(new ValidationReport(backupId, e.problems(), 0, null));
        }
        return found.map(this::validate);
    }

    private ValidationReport validate(BackupCatalog.Located found) {
        UUID backupId = found.location().backupId();
        BackupManifest manifest = found.manifest();
        if (!ciphers.hasKeyset()) {
            Optional<ValidationReport> integrity = EncryptedIntegrity.ifEncrypted(provider, catalog, found);
            if (integrity.isPresent()) {
                return integrity.get();
            }
        }
        if (manifest.isDelta()) {
            return validateChain(found);
        }
        ArchiveCheck check = new ArchiveCheck(manifest);
        check.location(found.location());
        String sha = null;
        try (InputStream in = provider.openArchive(found.location());
             ArchiveReader reader = ciphers.reader(in, manifest)) {
            sha = check.readThrough(ArchiveInput.of(reader)).sha256();
            ciphers.chainOf(manifest); // a sealed chain that does not open is a changed manifest
        } catch (BackupCorruptedException e) {
            // shredded, a data key that does not unwrap, or a missing data key
            check.problem(String.join("; ", e.problems()));
        } catch (NotFoundException e) {
            check.problem("archive is missing: " + e.getMessage());
        } catch (ArchiveFormatException e) {
            check.problem(e.getMessage());
        } catch (IOException e) {
            check.problem("archive cannot be read: " + e.getMessage());
        }
        return new ValidationReport(backupId, check.problems(), check.eventsRead(), sha);
    }

    /**
     * A delta with its whole chain, read as one backup: every link's checks and the links' continuity; a parent
     * that is missing or unreadable makes it invalid, naming that parent.
     */
    private ValidationReport validateChain(BackupCatalog.Located found) {
        UUID backupId = found.location().backupId();
        List<BackupCatalog.Located> chain;
        try {
            chain = BackupChain.resolve(catalog, found);
        } catch (BackupCorruptedException e) {
            return new ValidationReport(backupId, e.problems(), 0, null);
        }
        ArchiveCheck check = new ArchiveCheck(BackupChain.flattened(found.manifest()));
        check.location(found.location());
        String sha = null;
        try (ChainInput input = new ChainInput(provider, ciphers, chain, check)) {
            sha = check.readThrough(input).sha256();
        } catch (BackupCorruptedException e) {
            check.problem(String.join("; ", e.problems()));
        } catch (NotFoundException e) {
            check.problem("archive is missing: " + e.getMessage());
        } catch (ArchiveFormatException e) {
            check.problem(e.getMessage());
        }
        return new ValidationReport(backupId, check.problems(), check.eventsRead(), sha);
    }
}
