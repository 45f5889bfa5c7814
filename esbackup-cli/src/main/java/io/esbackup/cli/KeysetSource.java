package io.esbackup.cli;

import io.esbackup.backup.ArchiveEncryption;
import io.esbackup.crypto.Keysets;
import io.esbackup.crypto.TinkEncryption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The keyset of encrypted backups: {@code --keyset FILE}, else the {@code ESBACKUP_KEYSET} variable (the keyset's
 * JSON), else none. A keyset that cannot be read is an {@link IllegalArgumentException} naming where it came from,
 * never quoting it.
 */
final class KeysetSource {
    private KeysetSource() {}

    static Optional<ArchiveEncryption> encryption(Path file, Function<String, String> variables) {
        if (file != null) {
            return Optional.of(new TinkEncryption(Keysets.read(file)));
        }
        String json = variables.apply(Keysets.ENVIRONMENT);
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new TinkEncryption(Keysets.parse(json, "the environment's " + Keysets.ENVIRONMENT)));
    }
}
