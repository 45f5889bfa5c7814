package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.ArchiveReader;
import io.esbackup.archive.BackupManifest;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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

    /** The warning of a backup found without its id pointer. */
    static final String POINTER_MISSING = "its id pointer is missing, so a lookup by id lists every backup to find "
            + "it; `esbackup repair` recreates the pointer";

    /**
     * Every backup the provider holds, unreadable manifests included, lazily: the ids it lists (its id pointers
     * and packed backups), then, where it keeps pointers ({@link IdPointers}), the backups whose pointer is
     * missing or names another place, found by one more listing of the manifests' keys and a read of each
     * backup's pointer. Each stored backup is reported once. Close the stream.
     */
    Stream<ValidationReport> validateAll() {
        return validateAll(Shard.ALL);
    }

    /** As {@link #validateAll()}, only the backups of aggregates in {@code shard}. */
    Stream<ValidationReport> validateAll(Shard shard) {
        Stream<ValidationReport> pointed = shard.isAll()
                ? provider.listBackupIds().map(this::listed).flatMap(Optional::stream)
                : provider.listBackupIds().map(id -> validate(id, shard)).flatMap(Optional::stream);
        // Listed only once the pointers' reports are read: flatMap opens (and closes) the second listing then.
        return Stream.concat(pointed, Stream.of(shard).flatMap(this::withoutPointers));
    }

    /**
     * The backups of {@code shard} whose id pointer is missing (valid or not, with a warning) or names another
     * place (a problem: a lookup by id does not find them). Pointers that match or cannot be read are the other
     * listing's: a damaged one is reported there, by its id.
     */
    private Stream<ValidationReport> withoutPointers(Shard shard) {
        Optional<IdPointers> pointers = provider.capability(IdPointers.class);
        if (pointers.isEmpty()) {
            return Stream.empty();
        }
        // The key names the aggregate, so other shards' backups cost no read at all.
        return pointers.get().listManifestLocations().filter(at -> shard.contains(at.objectId()))
                .map(at -> withoutPointer(pointers.get().check(at))).flatMap(Optional::stream);
    }

    private Optional<ValidationReport> withoutPointer(PointerCheck check) {
        if (check.state() == PointerCheck.State.MATCHES || check.state() == PointerCheck.State.DAMAGED) {
            return Optional.empty();
        }
        BackupLocation at = check.manifestAt();
        boolean missing = check.state() == PointerCheck.State.MISSING;
        List<String> pointerProblem = missing ? List.of() : List.of(check.describe() + ", so a lookup by id does not "
                + "find this backup; `esbackup repair` never overwrites a pointer: remove the wrong one by hand");
        Optional<BackupManifest> manifest;
        try {
            manifest = provider.readManifest(at);
        } catch (ArchiveFormatException e) {
            List<String> problems = new ArrayList<>(List.of("manifest: " + e.getMessage()));
            problems.addAll(pointerProblem);
            return Optional.of(new ValidationReport(at.backupId(), problems, 0, null, true,
                    missing ? List.of(POINTER_MISSING) : List.of()));
        }
        // Gone since it was listed (deleted): nothing to report.
        return manifest.map(m -> validate(new BackupCatalog.Located(at, m, missing)).withProblems(pointerProblem));
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
            return shard.index() == 0 ? listed(backupId) : Optional.empty();
        }
        return location.isPresent() && shard.contains(location.get().objectId()) ? listed(backupId)
                : Optional.empty();
    }

    /**
     * The report for a backup whose id the provider listed; empty when it is gone. Its pointer was just listed, so
     * a missing one means a backup deleted meanwhile: no listing looks for it (the pass over the manifests' keys
     * reports the backups without a pointer).
     */
    private Optional<ValidationReport> listed(UUID backupId) {
        return report(backupId, null, false);
    }

    /** The report for a backup, or empty when no finished backup has this id. */
    Optional<ValidationReport> validate(UUID backupId) {
        return validate(backupId, (BackupLocation) null);
    }

    /**
     * The report for a backup, or empty when no finished backup has this id; {@code guess} is where to look if its
     * id pointer is missing (a handle's manifest), or {@code null}.
     */
    Optional<ValidationReport> validate(UUID backupId, BackupLocation guess) {
        return report(backupId, guess, true);
    }

    private Optional<ValidationReport> report(UUID backupId, BackupLocation guess, boolean mayList) {
        Optional<BackupCatalog.Located> found;
        try {
            found = catalog.located(backupId, guess, mayList);
        } catch (BackupCorruptedException e) {
            return Optional.of(new ValidationReport(backupId, e.problems(), 0, null));
        }
        return found.map(this::validate);
    }

    /** The report of a found backup, with the warning of a missing id pointer where it was found without one. */
    private ValidationReport validate(BackupCatalog.Located found) {
        ValidationReport report = check(found);
        return found.pointerMissing() ? report.withWarning(POINTER_MISSING) : report;
    }

    private ValidationReport check(BackupCatalog.Located found) {
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
