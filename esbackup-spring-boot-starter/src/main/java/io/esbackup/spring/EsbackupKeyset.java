package io.esbackup.spring;

import io.esbackup.backup.ArchiveEncryption;
import io.esbackup.crypto.Keysets;
import io.esbackup.crypto.TinkEncryption;
import java.nio.file.Path;

/**
 * The keyset of {@code esbackup.encryption.keyset} or {@code esbackup.encryption.keyset-file} made a
 * {@link TinkEncryption}, as the command line makes its {@code ESBACKUP_KEYSET} or {@code --keyset} one. The only
 * class of the starter that names esbackup-crypto's types: it is loaded only once the module is known to be on the
 * class path. Failures are {@link IllegalArgumentException}s naming the property and never quoting the keyset.
 */
final class EsbackupKeyset {
    private EsbackupKeyset() {}

    /** The encryption of the keyset {@code properties} give; one of them must be set. */
    static ArchiveEncryption encryption(EsbackupProperties.Encryption properties) {
        if (properties.getKeyset() != null) {
            // Keysets.parse names its source, here the property, and leaves the parser's message out.
            return aead(EsbackupProperties.Encryption.KEYSET,
                    () -> new TinkEncryption(Keysets.parse(properties.getKeyset(),
                            EsbackupProperties.Encryption.KEYSET)));
        }
        String file = properties.getKeysetFile();
        if (file == null) {
            throw new IllegalStateException("neither " + EsbackupProperties.Encryption.KEYSET + " nor "
                    + EsbackupProperties.Encryption.KEYSET_FILE + " is set");
        }
        return aead(EsbackupProperties.Encryption.KEYSET_FILE, () -> new TinkEncryption(Keysets.read(Path.of(file))));
    }

    private static ArchiveEncryption aead(String property, java.util.function.Supplier<TinkEncryption> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            // A file's or another kind of keyset's message does not name the property yet; the JSON's does.
            throw message.startsWith(property) ? e : new IllegalArgumentException(property + ": " + message, e);
        }
    }
}
