package io.esbackup.archive;

/**
 * What a manifest records of an encrypted archive (docs/FORMAT.md section 20): never key material, only which
 * key decrypts it and where that key is kept.
 *
 * @param algorithm the streaming AEAD's name, e.g. {@code AES256_GCM_HKDF_1MB} (Tink's name)
 * @param dataKey   where the aggregate's wrapped data key is kept, a key in the backups' store
 * @param dataKeyId the id of the data key that encrypted the archive (opaque: the key's implementation says)
 * @param kekKeyId  the id of the key-encryption key that wrapped the data key (opaque, informative)
 */
public record EncryptionInfo(String algorithm, String dataKey, String dataKeyId, String kekKeyId) {
    public EncryptionInfo {
        require("algorithm", algorithm);
        require("dataKey", dataKey);
        require("dataKeyId", dataKeyId);
        require("kekKeyId", kekKeyId);
    }

    private static void require(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("encryption's " + name + " must not be blank");
        }
    }
}
