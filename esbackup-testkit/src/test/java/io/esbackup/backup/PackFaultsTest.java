package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.RetryPolicy;
import io.esbackup.blob.RetryingBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.TransientStorageException;
import io.esbackup.store.InMemoryEventStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packed runs under the faults a review of the pack code found (issue #13): a store that retries a pack's write,
 * a clean-up while a long run is going, an interrupted commit, a commit whose answer was lost, a run commit this
 * version cannot read, and a tombstone that names no backup. Each failure seen is the one injected, and nothing
 * a run reported as made is lost without a failure.
 */
class PackFaultsTest {
    private static final PackLimits ONE_PER_PACK = new PackLimits(64L << 20, 1);
    private static final PackLimits ROOMY = new PackLimits(64L << 20, 100);

    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T00:00:00Z"));
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryBlobStore blobs = new InMemoryBlobStore(clock);

    private List<String> aggregates(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Streams.create(store, "Order", "o-" + i, 5 + i, null);
            ids.add("o-" + i);
        }
        return ids;
    }

    private BackupRestoreService service(BlobStore backups) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(backups)).clock(clock).build();
    }

    private static BulkBackupOptions packed(PackLimits limits) {
        return BulkBackupOptions.builder().pack(true).packLimits(limits).maxConcurrency(1).build();
    }

    private static RetryingBlobStore retrying(BlobStore s) {
        return new RetryingBlobStore(s, new RetryPolicy(3, Duration.ZERO, Duration.ZERO), d -> { }, new Random(1));
    }

    /** The first write of a pack consumes its writer (all of it, or until the first byte), then fails transiently. */
    private static BlobStore failingFirstPackWrite(BlobStore delegate, boolean midStream, RuntimeException injected) {
        AtomicBoolean failed = new AtomicBoolean();
        return new ForwardingBlobStore(delegate) {
            @Override
            public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
                if (key.endsWith(".pack") && failed.compareAndSet(false, true)) {
                    try {
                        writer.writeTo(new OutputStream() {
                            @Override
                            public void write(int b) {
                                if (midStream) {
                                    throw injected;
                                }
                            }
                        });
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    throw injected;
                }
                return super.write(key, condition, writer);
            }
        };
    }

    @Test
    void aStoreThatRetriesAPacksWriteFailsTheRunWithTheInjectedFailureInsteadOfHangingOrPublishingPart() {
        for (boolean midStream : new boolean[] {false, true}) {
            InMemoryBlobStore memory = new InMemoryBlobStore(clock);
            TransientStorageException injected = new TransientStorageException("injected: the pack's upload failed");
            BackupRestoreService service = service(retrying(failingFirstPackWrite(memory, midStream, injected)));
            List<String> ids = midStream ? List.of("o-0", "o-1", "o-2") : aggregates(3);

            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> service.backupMany(ids, "Order", packed(ROOMY)))
                            .isInstanceOf(BulkBackupException.class)
                            .satisfies(e -> {
                                assertThat(((BulkBackupException) e).reason()).isEqualTo(BulkStop.COMMIT_FAILED);
                                assertThat(causesAndSuppressed(e)).as("midStream=%s", midStream).contains(injected);
                            }));

            try (Stream<BlobInfo> left = memory.list("packs/")) {
                assertThat(left.map(BlobInfo::key)).as("no pack published, in part or whole").isEmpty();
            }
        }
    }

    private static List<Throwable> causesAndSuppressed(Throwable t) {
        List<Throwable> all = new ArrayList<>();
        List<Throwable> todo = new ArrayList<>(List.of(t));
        while (!todo.isEmpty()) {
            Throwable x = todo.remove(0);
            if (x != null && !all.contains(x)) {
                all.add(x);
                todo.add(x.getCause());
                todo.addAll(List.of(x.getSuppressed()));
            }
        }
        return all;
    }

    @Test
    void aCleanUpWhileALongRunIsGoingLeavesItsPacksAloneWhileItsLeaseIsRenewed() throws Exception {
        List<String> ids = aggregates(4);
        BlobBackupProvider provider = new BlobBackupProvider(blobs);
        BackupRestoreService service = BackupRestoreService.builder(store, provider).clock(clock).build();
        BackupOperation op = new BackupOperation(store, provider, null, clock, UUID::randomUUID, Duration.ofHours(1),
                "test");
        BlobPackRun run = new BlobPackRun(blobs, 42, ONE_PER_PACK, Duration.ofMillis(20));
        List<BackupHandle> made = new ArrayList<>();
        made.add(op.backupInto(run, "Order", ids.get(0), BackupOptions.DEFAULT)); // pack 0 closed at once
        clock.advance(Duration.ofHours(2)); // the run goes on for longer than the grace period
        Thread.sleep(200); // the heartbeat renews the lease meanwhile

        CleanupReport during = service.cleanupExpiredBackups();

        assertThat(during.packs().unfinishedRuns()).isZero();
        for (String id : ids.subList(1, 4)) {
            made.add(op.backupInto(run, "Order", id, BackupOptions.DEFAULT));
        }
        assertThat(run.commit()).isEqualTo(4);
        run.close();
        assertThat(service.listBackups()).extracting(BackupHandle::backupId)
                .containsExactlyInAnyOrderElementsOf(made.stream().map(BackupHandle::backupId).toList());
        assertThat(blobs.stat(BlobPacks.leaseKey(42))).as("the lease goes with the commit").isEmpty();
    }

    @Test
    void anInterruptedCommitAbandonsEveryUploadAndAnInterruptedBulkRunStillCommitsWhatItFinished() throws Exception {
        BlobPackRun run = new BlobPackRun(blobs, 7, ROOMY);
        PackEntry entry = run.begin("Order", "o-1", null);
        entry.writeArchive(out -> out.write(new byte[100]));
        entry.abandon();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(run::commit).isNotNull();
        } finally {
            Thread.interrupted();
        }
        run.close();
        Thread.sleep(300);
        assertThat(Thread.getAllStackTraces().keySet()).as("uploads left waiting for bytes")
                .noneMatch(t -> t.isAlive() && (t.getName().startsWith("esbackup-pack " + BlobPacks.runPrefix(7))
                        || t.getName().startsWith("esbackup-lease " + BlobPacks.runPrefix(7))));

        List<String> ids = aggregates(3);
        BackupRestoreService service = service(blobs);
        Thread.currentThread().interrupt(); // as a caller interrupted while the last items finished would be
        try {
            BulkBackupResult result = service.backupMany(ids, "Order", packed(ROOMY));
            assertThat(result.successCount()).isEqualTo(3);
        } catch (BulkBackupException e) {
            assertThat(e.reason()).isEqualTo(BulkStop.INTERRUPTED);
            assertThat(service.listBackups()).hasSize((int) e.partialResult().successCount());
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }
    }

    @Test
    void aCommitWhoseAnswerWasLostIsRecognisedAsCommittedOnRetry() {
        List<String> ids = aggregates(3);
        TransientStorageException lost = new TransientStorageException("injected: the answer to run.json was lost");
        AtomicBoolean once = new AtomicBoolean();
        BlobStore losingAnswer = new ForwardingBlobStore(blobs) {
            @Override
            public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
                BlobInfo written = super.write(key, condition, writer);
                if (key.endsWith("/run.json") && once.compareAndSet(false, true)) {
                    throw lost; // written, but the caller never hears so
                }
                return written;
            }
        };
        BackupRestoreService service = service(retrying(losingAnswer));

        BulkBackupResult result = service.backupMany(ids, "Order", packed(ROOMY));

        assertThat(once).isTrue();
        assertThat(result.successCount()).isEqualTo(3);
        assertThat(service.listBackups()).hasSize(3);
    }

    @Test
    void aRunCommitThisVersionCannotReadIsSkippedByListingsAndLeftAloneByCleanUp() {
        List<String> ids = aggregates(3);
        BackupRestoreService service = service(blobs);
        service.backupMany(ids, "Order", packed(ROOMY));
        blobs.write("packs/000000000000001/run.json", WriteCondition.createOnly(),
                "{\"format\":\"esbackup-pack-run\",\"formatVersion\":3}".getBytes(StandardCharsets.UTF_8));

        assertThat(service.listBackups()).hasSize(3);
        clock.advance(Duration.ofDays(1));
        service.cleanupExpiredBackups();
        assertThat(blobs.stat("packs/000000000000001/run.json")).as("left for a person").isPresent();
        assertThat(service.listBackups()).hasSize(3);
    }

    @Test
    void aTombstoneThatNamesNoBackupNeverReclaimsALiveOne() {
        List<String> ids = aggregates(3);
        BackupRestoreService service = service(blobs);
        List<BackupHandle> made = service.backupMany(ids, "Order", packed(ROOMY)).successfulBackups();
        service.deleteBackup(made.get(0).backupId());
        service.deleteBackup(made.get(1).backupId());
        PackedId live = PackedId.of(made.get(2).backupId()).orElseThrow();
        // a stray tombstone of an ordinal that holds no backup brings the count to the pack's live entries
        blobs.write(BlobPacks.tombstoneKey(new PackedId(live.run(), live.pack(), 99)), WriteCondition.createOnly(),
                new byte[0]);
        clock.advance(Duration.ofHours(2));

        CleanupReport report = service.cleanupExpiredBackups();

        assertThat(report.packs().packsReclaimed()).isZero();
        assertThat(service.validateBackup(made.get(2).backupId()).valid()).isTrue();
    }
}
