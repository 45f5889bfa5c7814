package io.esbackup.backup;

import io.esbackup.archive.ArchiveCipher;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.EncryptionInfo;

/**
 * Encrypts archives under a data key per aggregate, wrapped by a key-encryption key the implementation holds
 * (docs/ARCHITECTURE.md section 5b). esbackup-crypto implements it with Google Tink; core only layers the
 * archive through it. Given to the service with {@link BackupRestoreServiceBuilder#encryption}.
 */
public interface ArchiveEncryption {

    /**
     * The aggregate's data key, made and stored create-only in {@code keys} if it has none (of two racing first
     * backups, the loser uses the winner's key): what the manifest of a backup sealed with it records.
     */
    EncryptionInfo prepare(DataKeys keys, String objectName, String objectId);

    /**
     * The cipher of one archive: {@code manifest}'s backup id, aggregate and {@link BackupManifest#encryption()}
     * say which key and bind the ciphertext to that backup.
     *
     * @throws io.esbackup.error.ShreddedException the aggregate's data key was shredded
     * @throws io.esbackup.error.DecryptionFailedException the data key does not unwrap with this keyset
     * @throws io.esbackup.error.BackupCorruptedException the data key is missing (and no shred says why)
     */
    ArchiveCipher cipher(DataKeys keys, BackupManifest manifest);

    /** The cipher for a new archive of {@code backupId}, sealed as {@code info} says (from {@link #prepare}). */
    ArchiveCipher cipher(DataKeys keys, EncryptionInfo info, String objectName, String objectId, String backupId);
}
