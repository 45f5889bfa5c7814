package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Validation of an encrypted backup without its keyset: the stored bytes' size and SHA-256 against the manifest,
 * which covers every ciphertext byte, so a changed or truncated archive is found; its content is not read.
 */
final class EncryptedIntegrity {
    private EncryptedIntegrity() {}

    static ValidationReport check(BackupProvider provider, BackupCatalog.Located found) {
        BackupManifest manifest = found.manifest();
        ArchiveCheck check = new ArchiveCheck(manifest);
        check.location(found.location());
        List<String> problems = new ArrayList<>();
        String sha = null;
        try (InputStream in = provider.openArchive(found.location())) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size = new DigestInputStream(in, digest).transferTo(OutputStream.nullOutputStream());
            sha = HexFormat.of().formatHex(digest.digest());
            if (size != manifest.storedSize()) {
                problems.add("stored size is " + size + " bytes, manifest says " + manifest.storedSize());
            }
            if (!sha.equalsIgnoreCase(manifest.sha256())) {
                problems.add("SHA-256 of the stored bytes is " + sha + ", manifest says " + manifest.sha256());
            }
        } catch (NotFoundException e) {
            problems.add("archive is missing: " + e.getMessage());
        } catch (IOException e) {
            problems.add("archive cannot be read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        List<String> all = new ArrayList<>(check.problems());
        all.addAll(problems);
        return new ValidationReport(found.location().backupId(), all, 0, sha, false);
    }
}
