package io.esbackup.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The user's keyset, a Tink AEAD keyset in Tink's JSON format (as {@code tinkey create-keyset --key-template
 * AES256_GCM --out-format json} writes it). Messages never quote the keyset: a parse failure says only where it
 * came from.
 */
public final class Keysets {
    /** The environment variable that holds the keyset's JSON. */
    public static final String ENVIRONMENT = "ESBACKUP_KEYSET";

    static {
        TinkEncryption.register();
    }

    private Keysets() {}

    /** Parses {@code json}; {@code source} names where it came from in the message of a failure. */
    public static KeysetHandle parse(String json, String source) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException(source + " is empty; it must hold a Tink keyset in JSON");
        }
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // Not e's message: a JSON parser may quote the text it failed on, which is key material.
            throw new IllegalArgumentException(source + " is not a Tink keyset in JSON (" + e.getClass()
                    .getSimpleName() + ")");
        }
    }

    /** The keyset in {@code file}. */
    public static KeysetHandle read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("keyset file " + file + " cannot be read: " + e, e);
        }
        return parse(json, "keyset file " + file);
    }

    /** A new AEAD keyset (AES256_GCM) as JSON: for tests and for a user without tinkey. */
    public static String newKeysetJson() {
        try {
            KeysetHandle k = KeysetHandle.generateNew(
                    com.google.crypto.tink.aead.PredefinedAeadParameters.AES256_GCM);
            return TinkJsonProtoKeysetFormat.serializeKeyset(k, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a keyset: " + e.getMessage(), e);
        }
    }
}
