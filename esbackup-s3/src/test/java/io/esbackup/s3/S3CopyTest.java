package io.esbackup.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.CopyOptions;
import io.esbackup.backup.CopyReport;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.InMemoryEventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code copyTo} from a local folder into an S3 bucket (moto) and from there into another folder. */
@ExtendWith(MotoServer.class)
class S3CopyTest {
    static final BackupQuery ALL = BackupQuery.builder().build();
    final EventStore store = new InMemoryEventStore();

    @TempDir
    Path dir;

    void create(String id, int count) {
        StreamInformation info = store.appendEvents("Order", StreamInformation.empty(id.replace("-", "")
                + "-0000000000", "blob"), StreamHeader.of("Order", id), IntStream.range(0, count).mapToObj(v ->
                new Event("LineAdded", v, 1, null, null, Map.of(), "{\"sku\":\"" + id + "/" + v + "\",\"qty\":"
                        + (v % 5 + 1) + ",\"price\":" + (v * 3 + 1) + ".99}", "2024-05-01T08:00:00Z", Map.of()))
                .iterator());
        store.writeDocument(ObjectDocument.create("Order", id, info), null);
    }

    List<String> payloads(String id) {
        ObjectDocument doc = store.readDocument("Order", id).orElseThrow().document();
        List<String> out = new ArrayList<>();
        try (EventCursor c = store.readEvents("Order", doc.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(e -> out.add(e.payload().text()));
        }
        return out;
    }

    @Test
    void aFolderCopiesIntoABucketAndTheBucketIntoAnotherFolderWithEveryBackupIntact() {
        BackupRestoreService local = BackupRestoreService.builder(store,
                new BlobBackupProvider(new LocalBlobStore(dir.resolve("local")))).build();
        List<BackupHandle> made = new ArrayList<>();
        for (String id : List.of("ord-1a", "ord-2b", "ord-3c")) {
            create(id, 4 + id.charAt(4) - '0');
            made.add(local.backupStream("Order", id));
        }
        BackupProvider bucket = new S3BackupProvider(MotoServer.client(),
                MotoServer.newBucket(MotoServer.client(), "dr"), "esbackups");

        CopyReport up = local.copyTo(bucket, ALL, CopyOptions.DEFAULT);
        BackupRestoreService inS3 = BackupRestoreService.builder(store, bucket).build();
        CopyReport down = inS3.copyTo(new BlobBackupProvider(new LocalBlobStore(dir.resolve("back"))), ALL,
                CopyOptions.DEFAULT);

        assertThat(up.failures()).isEmpty();
        assertThat(up.copied()).isEqualTo(3);
        assertThat(down.failures()).isEmpty();
        assertThat(down.copied()).isEqualTo(3);
        assertThat(local.copyTo(bucket, ALL, CopyOptions.DEFAULT).skipped()).isEqualTo(3);
        BackupRestoreService back = BackupRestoreService.builder(store,
                new BlobBackupProvider(new LocalBlobStore(dir.resolve("back")))).build();
        for (BackupHandle h : made) {
            back.restoreToNewStream(back.requireBackup(h.backupId()), h.objectId() + "-copy");
            assertThat(payloads(h.objectId() + "-copy")).isEqualTo(payloads(h.objectId()));
            assertThat(inS3.validateBackup(h.backupId()).problems()).isEmpty();
        }
    }
}
