package io.esbackup.backup;

import io.esbackup.archive.ArchiveCipher;
import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.ArchiveReader;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ChainLink;
import io.esbackup.archive.EncryptionInfo;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.KeysetRequiredException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * The service's encryption, if it has one, with the provider's data keys: the cipher each archive is written and
 * read through. A backup that is not encrypted passes through {@link ArchiveCipher#NONE}.
 */
final class ArchiveCiphers {
    private final BackupProvider provider;
    private final ArchiveEncryption encryption;

    ArchiveCiphers(BackupProvider provider, ArchiveEncryption encryption) {
        this.provider = provider;
        this.encryption = encryption;
    }

    /** Whether a keyset was given: encrypted archives can be read in full. */
    boolean hasKeyset() {
        return encryption != null;
    }

    /** A reader of the archive of {@code manifest} from its stored bytes {@code in}. */
    ArchiveReader reader(InputStream in, BackupManifest manifest) {
        return new ArchiveReader(in, manifest.compression(), forReading(manifest));
    }

    /** The cipher to read {@code manifest}'s archive; {@link KeysetRequiredException} if it needs a keyset. */
    ArchiveCipher forReading(BackupManifest manifest) {
        if (!manifest.encrypted()) {
            return ArchiveCipher.NONE;
        }
        if (encryption == null) {
            throw new KeysetRequiredException("backup " + manifest.backupId() + " is encrypted; reading it needs "
                    + "the keyset that wrapped its data key (ESBACKUP_KEYSET or --keyset)");
        }
        return encryption.cipher(dataKeys(), manifest);
    }

    /** What a new backup of the aggregate records of its encryption, or {@code null} when it is not encrypted. */
    EncryptionInfo prepare(BackupOptions options, String objectName, String objectId) {
        if (!options.encrypt()) {
            return null;
        }
        if (encryption == null) {
            throw keysetRequired();
        }
        return encryption.prepare(dataKeys(), objectName, objectId);
    }

    /**
     * Throws what every backup with {@code options} would: {@link KeysetRequiredException} without a keyset, an
     * {@link IllegalArgumentException} where the provider keeps no data keys.
     */
    void requireEncryptable(BackupOptions options) {
        if (options.encrypt()) {
            if (encryption == null) {
                throw keysetRequired();
            }
            dataKeys();
        }
    }

    private static KeysetRequiredException keysetRequired() {
        return new KeysetRequiredException("an encrypted backup needs a keyset to wrap its data key "
                + "(ESBACKUP_KEYSET or --keyset)");
    }

    /** The cipher of a new archive, {@link ArchiveCipher#NONE} when {@code info} is {@code null}. */
    ArchiveCipher forWriting(EncryptionInfo info, String objectName, String objectId, String backupId) {
        return info == null ? ArchiveCipher.NONE
                : encryption.cipher(dataKeys(), info, objectName, objectId, backupId);
    }

    /**
     * {@code m}, an encrypted backup's manifest about to be published, with what its chain saw of the stream
     * sealed under its data key (FORMAT.md section 20). The key is read again for it: a {@code ShreddedException}
     * if a shred destroyed it while the archive was written (a {@code BackupCorruptedException} if it vanished
     * otherwise). A manifest that is not encrypted is returned as it is.
     */
    BackupManifest sealed(BackupManifest m) {
        if (!m.encrypted()) {
            return m;
        }
        ArchiveCipher cipher = encryption.cipher(dataKeys(), m);
        ChainLink chain = m.chain();
        if (chain == null || chain.isSealed()) {
            return m;
        }
        try {
            String sealed = Base64.getEncoder().encodeToString(cipher.seal(ManifestCodec.seenBytes(chain)));
            return m.withChain(chain.sealedAs(sealed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code m}'s chain link with what it saw of the stream in the clear: opened with its data key when the
     * manifest keeps it sealed. A {@link BackupCorruptedException} when the seal does not open to what esbackup
     * sealed (changed bytes), a {@link KeysetRequiredException} without a keyset.
     */
    ChainLink chainOf(BackupManifest m) {
        ChainLink chain = m.chain();
        if (chain == null || !chain.isSealed()) {
            return chain;
        }
        try {
            return ManifestCodec.openedWith(chain, forReading(m).open(Base64.getDecoder().decode(chain.sealed())));
        } catch (IOException | ArchiveFormatException e) {
            throw new BackupCorruptedException(m.backupId(), List.of(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new BackupCorruptedException(m.backupId(), List.of("its sealedChain is not base64"));
        }
    }

    /**
     * Reads the data key of {@code info} again: a {@code ShreddedException} if a shred destroyed it since it
     * was read (a {@code BackupCorruptedException} if it vanished otherwise).
     */
    void confirmKey(EncryptionInfo info, String objectName, String objectId, String backupId) {
        if (info != null) {
            encryption.cipher(dataKeys(), info, objectName, objectId, backupId);
        }
    }

    DataKeys dataKeys() {
        return provider.capability(DataKeys.class).orElseThrow(() -> new IllegalArgumentException(
                "encrypt: this backups location (" + provider.getClass().getSimpleName() + ") cannot keep data keys, "
                        + "so it cannot hold encrypted backups (the reference library's format has no encryption)"));
    }
}
