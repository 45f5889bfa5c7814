package io.esbackup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.Compression;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.blob.BlobInfo;
import io.esbackup.store.BlobEventStore;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * An encrypted archive of several 1 MiB segments cut short at a segment boundary, with the manifest's size and
 * checksum rewritten to match: every segment left authenticates on its own, so only the streaming AEAD's
 * last-segment flag can tell; the restore must fail and leave no stream.
 */
class TruncatedCiphertextTest {
    static final int SEGMENT = 1 << 20;

    final InMemoryBlobStore events = new InMemoryBlobStore();
    final BlobEventStore store = new BlobEventStore(events);
    final InMemoryBlobStore backups = new InMemoryBlobStore();
    final KeysetHandle keyset = Keysets.parse(Keysets.newKeysetJson(), "test keyset");

    @Test
    void anArchiveCutAtASegmentBoundaryDoesNotAuthenticateAndRestoresNothing() throws Exception {
        Aggregates.create(store, "o-1", 40_000);
        BackupRestoreService service = BackupRestoreService.builder(store, new BlobBackupProvider(backups))
                .encryption(new TinkEncryption(keyset)).build();
        BackupHandle h = service.backupStream("Order", "o-1",
                BackupOptions.builder().encrypt(true).compression(Compression.NONE).build());
        String archiveKey = "backups/Order/o-1/" + h.backupId() + ".json";
        String metaKey = "backups/Order/o-1/" + h.backupId() + ".meta";
        byte[] archive = backups.readAllBytes(archiveKey).orElseThrow();
        assertThat(archive.length).isGreaterThan(2 * SEGMENT);

        byte[] cut = Arrays.copyOf(archive, 2 * SEGMENT);
        backups.write(archiveKey, WriteCondition.overwrite(), cut);
        BackupManifest m = ManifestCodec.fromBytes(backups.readAllBytes(metaKey).orElseThrow());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cut));
        String meta = new String(backups.readAllBytes(metaKey).orElseThrow(), StandardCharsets.UTF_8)
                .replace(m.sha256(), sha).replace("\"storedSize\":" + m.storedSize(), "\"storedSize\":" + cut.length);
        backups.write(metaKey, WriteCondition.overwrite(), meta.getBytes(StandardCharsets.UTF_8));

        BackupRestoreService keyless = BackupRestoreService.builder(store, new BlobBackupProvider(backups)).build();
        assertThat(keyless.validateBackup(h).problems()).isEmpty(); // size and checksum match the cut bytes

        List<String> before = keys(events);
        assertThatThrownBy(() -> service.restoreToNewStream(h, "o-2"))
                .isInstanceOf(BackupCorruptedException.class).hasMessageContaining("does not authenticate");
        assertThat(store.readDocument("Order", "o-2")).isEmpty();
        // Whatever the restore wrote from the authentic first segments, the failure removed.
        assertThat(keys(events)).isEqualTo(before);
        assertThat(String.join(" ", service.validateBackup(h).problems())).contains("does not authenticate");
    }

    static List<String> keys(InMemoryBlobStore blobs) {
        try (var all = blobs.list("")) {
            return all.map(BlobInfo::key).sorted().toList();
        }
    }
}
