package io.esbackup.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.backup.BulkBackupResult;
import io.esbackup.backup.CleanupReport;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.blob.AbandonedWriteSweep;
import io.esbackup.blob.AbandonedWrites;
import io.esbackup.blob.RetryPolicy;
import io.esbackup.blob.RetryingBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventCursor;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The reliability suites' cases on S3: the service over {@code RetryingBlobStore(FaultyBlobStore(S3BlobStore))}
 * with 20% transient faults on every operation round-trips every backup and restore; a write cut off part-way
 * leaves nothing visible; and a write killed mid-upload leaves a multipart upload that the clean-up's sweep of
 * abandoned writes finds and aborts.
 */
@ExtendWith(MotoServer.class)
class S3ReliabilityTest {
    private static final String NAME = "Order";
    private static final RetryPolicy PATIENT = new RetryPolicy(12, Duration.ofMillis(1), Duration.ofMillis(10));

    private final S3Client client = MotoServer.client();

    private static List<Event> events(int count, int seed) {
        Random random = new Random(seed);
        return IntStream.range(0, count).mapToObj(v -> Event.of("OrderLineAdded", v,
                "{\"sku\":\"S-" + random.nextInt(1000) + "\",\"amount\":" + random.nextInt(10000) / 100.0
                        + ",\"note\":\"naïve ✓ " + v + "\"}", null)).toList();
    }

    private static List<Event> read(BlobEventStore store, String id) {
        ObjectDocument doc = store.readDocument(NAME, id).orElseThrow().document();
        List<Event> out = new ArrayList<>();
        try (EventCursor c = store.readEvents(NAME, doc.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void withTwentyPercentTransientFaultsBackupsAndRestoresRoundTrip() {
        FaultyBlobStore storeFaults = new FaultyBlobStore(S3BlobStore.forBucket(client,
                MotoServer.newBucket(client, "rel-store"), ""), 11);
        FaultyBlobStore backupFaults = new FaultyBlobStore(S3BlobStore.forBucket(client,
                MotoServer.newBucket(client, "rel-backups"), "b"), 12);
        BlobEventStore store = new BlobEventStore(new RetryingBlobStore(storeFaults, PATIENT, d -> { }, new Random(1)));
        RetryingBlobStore backupBlobs = new RetryingBlobStore(backupFaults, PATIENT, d -> { }, new Random(2));
        BackupRestoreService service = new BackupRestoreService(store, new BlobBackupProvider(backupBlobs));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "o-" + i;
            String sid = "o" + i + "-0000000000";
            StreamInformation info = store.appendEvents(NAME, StreamInformation.empty(sid, "blob"),
                    StreamHeader.of(NAME, id), events(5 + 40 * i, i).iterator());
            store.writeDocument(ObjectDocument.create(NAME, id, info), null);
            ids.add(id);
        }
        for (BlobOp op : BlobOp.values()) {
            storeFaults.failWithProbability(op, 0.2);
            backupFaults.failWithProbability(op, 0.2);
        }

        BulkBackupResult backups = service.backupMany(ids, NAME, BulkBackupOptions.builder().maxConcurrency(2).build());
        assertThat(backups.successCount()).isEqualTo(ids.size());
        for (BackupHandle h : backups.successfulBackups()) {
            assertThat(service.validateBackup(h).problems()).isEmpty();
            service.restoreToNewStream(h, h.objectId() + "-copy", RestoreOptions.DEFAULT);
            assertThat(read(store, h.objectId() + "-copy")).isEqualTo(read(store, h.objectId()));
        }
        assertThat(storeFaults.calls(BlobOp.WRITE) + backupFaults.calls(BlobOp.WRITE)).isGreaterThan(30);
        assertThat(backupBlobs.retries()).as("faults were injected and retried").isPositive();
    }

    @Test
    void aWriteCutOffPartWayLeavesNothingVisible() {
        String bucket = MotoServer.newBucket(client, "cut");
        FaultyBlobStore faults = new FaultyBlobStore(S3BlobStore.forBucket(client, bucket, ""), 13)
                .cutOffWritesAfter(S3BlobStore.PART_SIZE + 1000);
        byte[] big = new byte[2 * S3BlobStore.PART_SIZE];
        new Random(3).nextBytes(big);
        for (WriteCondition condition : List.of(WriteCondition.createOnly(), WriteCondition.overwrite())) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> faults.write("big", condition, big));
            assertThat(faults.injected(thrown)).as("%s: the cut-off it injected, got %s", condition, thrown).isTrue();
            assertThat(faults.stat("big")).as("%s", condition).isEmpty();
        }
        assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void aWriteKilledMidUploadLeavesAnUploadTheSweepAborts() {
        String bucket = MotoServer.newBucket(client, "killed");
        S3BlobStore store = S3BlobStore.forBucket(client, bucket, "p");
        // What a process killed after its first part leaves: an upload begun, one part, never completed.
        String upload = client.createMultipartUpload(b -> b.bucket(bucket).key("p/backups/a.json")).uploadId();
        client.uploadPart(b -> b.bucket(bucket).key("p/backups/a.json").uploadId(upload).partNumber(1),
                RequestBody.fromBytes(new byte[1234]));
        AbandonedWrites sweep = store.capability(AbandonedWrites.class).orElseThrow();
        // The cut-off is compared with the server's own date of the upload's last part (moto dates the upload itself
        // 2010-11-10).
        Instant initiated = client.listParts(b -> b.bucket(bucket).key("p/backups/a.json").uploadId(upload)).parts()
                .get(0).lastModified();

        assertThat(sweep.sweepAbandonedWrites(initiated, false).count())
                .as("an upload that sent a part since the cut-off may still be running").isZero();
        AbandonedWriteSweep dry = sweep.sweepAbandonedWrites(initiated.plusSeconds(1), true);
        assertThat(dry.files()).containsExactly("backups/a.json (multipart upload)");
        assertThat(dry.bytes()).isEqualTo(1234);
        assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("a dry run aborts nothing")
                .hasSize(1);

        // The service's clean-up sweeps it as it sweeps a folder's temporary files, once its grace period (an hour)
        // has passed since the upload began.
        BackupRestoreService service = BackupRestoreService.builder(new BlobEventStore(S3BlobStore.forBucket(client,
                MotoServer.newBucket(client, "killed-store"), "")), new BlobBackupProvider(store))
                .clock(java.time.Clock.fixed(initiated.plus(Duration.ofHours(2)), java.time.ZoneOffset.UTC)).build();
        CleanupReport report = service.cleanupExpiredBackups(false);
        assertThat(report.temporaryFiles()).isEqualTo(1);
        assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }
}
