package io.esbackup.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import io.esbackup.archive.ArchiveCipher;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.EncryptionInfo;
import io.esbackup.backup.ArchiveEncryption;
import io.esbackup.backup.DataKeys;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.DecryptionFailedException;
import io.esbackup.error.ShreddedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

/**
 * {@link ArchiveEncryption} with Google Tink (docs/ARCHITECTURE.md section 5b): each aggregate's data key is a
 * streaming AEAD keyset ({@value #ALGORITHM}), made on its first encrypted backup, kept wrapped by the user's AEAD
 * keyset (the key-encryption key, KEK) with the aggregate's identity as associated data; each archive is
 * encrypted under it with its backup id and aggregate as associated data, so an archive moved under another
 * backup's manifest does not decrypt. The KEK's primary key wraps new data keys; a data key wrapped by an older
 * key of the keyset still unwraps, since Tink picks the key by the ciphertext's key id.
 */
public final class TinkEncryption implements ArchiveEncryption {
    /** The data keys' algorithm, as Tink names its parameters, recorded in each manifest. */
    public static final String ALGORITHM = "AES256_GCM_HKDF_1MB";

    static {
        register();
    }

    private final Aead kek;
    private final int kekKeyId;

    /** Data keys wrapped by {@code keyset}, an AEAD keyset (e.g. AES256_GCM); see {@link Keysets}. */
    public TinkEncryption(KeysetHandle keyset) {
        if (keyset == null) {
            throw new IllegalArgumentException("keyset must not be null");
        }
        try {
            this.kek = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("keyset must be a Tink AEAD keyset (e.g. AES256_GCM): "
                    + e.getMessage(), e);
        }
        this.kekKeyId = keyset.getPrimary().getId();
    }

    @Override
    public EncryptionInfo prepare(DataKeys keys, String objectName, String objectId) {
        Optional<byte[]> stored = keys.read(objectName, objectId);
        if (stored.isEmpty()) {
            byte[] made = newDataKey(objectName, objectId);
            // Create-only: of two first backups at once one key wins, and the other reads and uses it.
            stored = keys.create(objectName, objectId, made) ? Optional.of(made) : keys.read(objectName, objectId);
        }
        WrappedDataKey key = WrappedDataKey.parse(stored.orElseThrow(() -> new IllegalStateException(
                "the data key of " + objectName + "/" + objectId + " vanished while it was being made")));
        // Unwrapping now finds a keyset that does not fit before any archive is written.
        unwrap(key, objectName, objectId, "(new)");
        return new EncryptionInfo(ALGORITHM, keys.describe(objectName, objectId),
                Integer.toUnsignedString(key.dataKeyId()), Integer.toUnsignedString(key.kekKeyId()));
    }

    @Override
    public ArchiveCipher cipher(DataKeys keys, BackupManifest manifest) {
        EncryptionInfo info = manifest.encryption();
        if (info == null) {
            return ArchiveCipher.NONE;
        }
        if (!ALGORITHM.equals(info.algorithm())) {
            throw new BackupCorruptedException(manifest.backupId(), List.of("encrypted with " + info.algorithm()
                    + ", this esbackup decrypts " + ALGORITHM));
        }
        return cipher(keys, info, manifest.objectName(), manifest.objectId(), manifest.backupId());
    }

    @Override
    public ArchiveCipher cipher(DataKeys keys, EncryptionInfo info, String objectName, String objectId,
                                String backupId) {
        Optional<byte[]> stored = keys.read(objectName, objectId);
        WrappedDataKey key = stored.map(WrappedDataKey::parse).orElse(null);
        if (key == null || !Integer.toUnsignedString(key.dataKeyId()).equals(info.dataKeyId())) {
            if (keys.shredded(objectName, objectId)) {
                throw new ShreddedException(backupId, objectName, objectId);
            }
            throw new BackupCorruptedException(backupId, List.of(key == null
                    ? "its data key " + info.dataKey() + " is missing (a copy of these backups needs keys/ as well "
                    + "as backups/)"
                    : "its data key " + info.dataKey() + " is key " + key.dataKeyId() + ", not key "
                    + info.dataKeyId() + " that encrypted it"));
        }
        StreamingAead aead;
        try {
            aead = unwrap(key, objectName, objectId, backupId).getPrimitive(RegistryConfiguration.get(),
                    StreamingAead.class);
        } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException(backupId, "its data key cannot be used: " + e.getMessage(), e);
        }
        byte[] associated = associatedData("esbackup-archive", backupId, objectName, objectId);
        byte[] manifestAssociated = associatedData("esbackup-manifest", backupId, objectName, objectId);
        return new ArchiveCipher() {
            @Override
            public OutputStream encrypting(OutputStream stored) throws IOException {
                try {
                    return aead.newEncryptingStream(stored, associated);
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot encrypt backup " + backupId + ": " + e.getMessage(), e);
                }
            }

            @Override
            public InputStream decrypting(InputStream stored) throws IOException {
                try {
                    return new AuthenticatingInputStream(aead.newDecryptingStream(stored, associated), backupId);
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot decrypt backup " + backupId + ": " + e.getMessage(), e);
                }
            }

            @Override
            public byte[] seal(byte[] plaintext) throws IOException {
                ByteArrayOutputStream sealed = new ByteArrayOutputStream(plaintext.length + 64);
                try (OutputStream out = aead.newEncryptingStream(sealed, manifestAssociated)) {
                    out.write(plaintext);
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot seal the manifest of backup " + backupId + ": " + e.getMessage(), e);
                }
                return sealed.toByteArray();
            }

            @Override
            public byte[] open(byte[] sealed) throws IOException {
                try (InputStream in = aead.newDecryptingStream(new ByteArrayInputStream(sealed),
                        manifestAssociated)) {
                    return in.readAllBytes();
                } catch (GeneralSecurityException | IOException e) {
                    throw new IOException("the sealed members of backup " + backupId + "'s manifest do not "
                            + "authenticate (changed bytes, or another key): " + e.getMessage(), e);
                }
            }
        };
    }

    /** Registers Tink's AEAD and streaming AEAD (idempotent). */
    static void register() {
        try {
            AeadConfig.register();
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's AEAD and streaming AEAD cannot be registered", e);
        }
    }

    private byte[] newDataKey(String objectName, String objectId) {
        try {
            KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
            String wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(dataKey, kek,
                    keyAssociatedData(objectName, objectId));
            return new WrappedDataKey(ALGORITHM, dataKey.getPrimary().getId(), kekKeyId, wrapped).toBytes();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a data key for " + objectName + "/" + objectId + ": "
                    + e.getMessage(), e);
        }
    }

    private KeysetHandle unwrap(WrappedDataKey key, String objectName, String objectId, String backupId) {
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(key.keyset(), kek,
                    keyAssociatedData(objectName, objectId));
        } catch (GeneralSecurityException e) {
            // Tink says no more than that the key did not decrypt: another keyset, or changed bytes.
            throw new DecryptionFailedException(backupId, "the data key of " + objectName + "/" + objectId
                    + " does not decrypt with the given keyset (not the keyset, or one without the key "
                    + key.kekKeyId() + ", that wrapped it; or the key object was changed)", e);
        }
    }

    private static byte[] keyAssociatedData(String objectName, String objectId) {
        return ("esbackup-data-key\0" + objectName + "\0" + objectId).getBytes(StandardCharsets.UTF_8);
    }

    /** What a ciphertext of one backup is bound to: its purpose (archive or manifest), backup and aggregate. */
    private static byte[] associatedData(String purpose, String backupId, String objectName, String objectId) {
        return (purpose + "\0" + backupId + "\0" + objectName + "\0" + objectId).getBytes(StandardCharsets.UTF_8);
    }
}
