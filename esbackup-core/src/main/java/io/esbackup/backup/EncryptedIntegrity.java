package io.esbackup.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.EncryptionInfo;
import io.esbackup.archive.Sha256;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.NotFoundException;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validation of an encrypted backup without its keyset: the stored bytes' size and SHA-256 against the manifest,
 * of the backup and, for a delta, of every link of its chain. They cover every ciphertext byte, so a changed or
 * truncated archive is found; the content is not read, and the report says so. The data key of each encrypted
 * link must still be there, the one the manifest names (its {@code dataKeyId}, docs/FORMAT.md section 20): one
 * shredded or lost makes the backup unrestorable, which needs no keyset to see.
 */
final class EncryptedIntegrity {
    private EncryptedIntegrity() {}

    /** The integrity-only report, if the backup (or a link of its chain) is encrypted; else empty. */
    static Optional<ValidationReport> ifEncrypted(BackupProvider provider, BackupCatalog catalog,
                                                  BackupCatalog.Located found) {
        List<BackupCatalog.Located> links;
        if (!found.manifest().isDelta()) {
            links = List.of(found);
        } else {
            try {
                links = BackupChain.resolve(catalog, found);
            } catch (BackupCorruptedException e) {
                return Optional.empty(); // the chain's own validation reports a broken chain
            }
        }
        if (links.stream().noneMatch(l -> l.manifest().encrypted())) {
            return Optional.empty();
        }
        ArchiveCheck check = new ArchiveCheck(found.manifest());
        check.location(found.location());
        List<String> problems = new ArrayList<>(check.problems());
        String sha = null;
        for (BackupCatalog.Located link : links) {
            String prefix = link == found ? "" : "backup " + link.manifest().backupId() + ": ";
            sha = stored(provider, link, prefix, problems);
            if (link.manifest().encrypted()) {
                provider.capability(DataKeys.class).ifPresent(k -> dataKey(k, link.manifest(), prefix, problems));
            }
        }
        return Optional.of(new ValidationReport(found.location().backupId(), problems, 0, sha, false));
    }

    /** Whether the aggregate still has the data key that encrypted {@code manifest}'s archive. */
    private static void dataKey(DataKeys keys, BackupManifest manifest, String prefix, List<String> problems) {
        EncryptionInfo info = manifest.encryption();
        Optional<byte[]> stored = keys.read(manifest.objectName(), manifest.objectId());
        String id = stored.map(EncryptedIntegrity::dataKeyId).orElse(null);
        if (stored.isPresent() && (id == null || id.equals(info.dataKeyId()))) {
            return; // there; whether it unwraps and decrypts needs the keyset
        }
        if (keys.shredded(manifest.objectName(), manifest.objectId())) {
            problems.add(prefix + "aggregate " + manifest.objectName() + "/" + manifest.objectId()
                    + " was shredded: its data key is destroyed and the backup cannot be decrypted");
        } else {
            problems.add(prefix + (stored.isEmpty() ? "its data key " + info.dataKey() + " is missing"
                    + " (a copy of these backups needs keys/ as well as backups/)"
                    : "its data key " + info.dataKey() + " is key " + id + ", not key " + info.dataKeyId()
                    + " that encrypted it"));
        }
    }

    /** The {@code dataKeyId} member of a stored data key, or {@code null} if it has none readable. */
    static String dataKeyId(byte[] stored) {
        try {
            JsonNode key = Json.readTree(stored);
            return key != null && key.path("dataKeyId").isTextual() ? key.path("dataKeyId").asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Checks one archive's stored bytes; returns their SHA-256, or {@code null} if they could not be read. */
    private static String stored(BackupProvider provider, BackupCatalog.Located link, String prefix,
                                 List<String> problems) {
        BackupManifest manifest = link.manifest();
        try (InputStream in = provider.openArchive(link.location())) {
            Sha256.Sum sum = Sha256.copy(in, OutputStream.nullOutputStream());
            long size = sum.size();
            String sha = sum.sha256();
            if (size != manifest.storedSize()) {
                problems.add(prefix + "stored size is " + size + " bytes, manifest says " + manifest.storedSize());
            }
            if (!sha.equalsIgnoreCase(manifest.sha256())) {
                problems.add(prefix + "SHA-256 of the stored bytes is " + sha + ", manifest says "
                        + manifest.sha256());
            }
            return sha;
        } catch (NotFoundException e) {
            problems.add(prefix + "archive is missing: " + e.getMessage());
        } catch (IOException e) {
            problems.add(prefix + "archive cannot be read: " + e.getMessage());
        }
        return null;
    }
}
