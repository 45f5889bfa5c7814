package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.TransientStorageException;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a copy asks of the destination for each backup: on a remote store each call is a request, and a copy of
 * many small backups is as fast as its requests (docs/BENCHMARKS.md, "Copies"). A backup not there yet costs one
 * read (is its manifest there?) and its three writes; one that is there, that read alone. An archive left by an
 * earlier import is still found, checked and taken, never copied again.
 */
class CopyRequestsTest {
    static final BackupQuery ALL = BackupQuery.builder().build();
    static final int BACKUPS = 4;

    @TempDir
    Path dir;

    final InMemoryEventStore store = new InMemoryEventStore();

    List<BackupHandle> backUp(BackupRestoreService service) {
        List<BackupHandle> all = new ArrayList<>();
        for (int i = 1; i <= BACKUPS; i++) {
            Streams.create(store, "Order", "o-" + i, 5 + i, null);
            all.add(service.backupStream("Order", "o-" + i));
        }
        return all;
    }

    BackupRestoreService source() {
        return BackupRestoreService.builder(store, new BlobBackupProvider(new LocalBlobStore(dir.resolve("source"))))
                .build();
    }

    @Test
    void aBackupNotThereYetCostsOneReadAndItsThreeWritesAndOneThereTheReadAlone() {
        BackupRestoreService source = source();
        backUp(source);
        FaultyBlobStore dr = new FaultyBlobStore(new LocalBlobStore(dir.resolve("dr")), 1);

        CopyReport first = source.copyTo(new BlobBackupProvider(dr), ALL, CopyOptions.DEFAULT);

        assertThat(first.copied()).isEqualTo(BACKUPS);
        assertThat(dr.calls(BlobOp.READ)).as("its manifest, once").isEqualTo(BACKUPS);
        assertThat(dr.calls(BlobOp.STAT)).isZero();
        assertThat(dr.calls(BlobOp.WRITE)).as("pointer, archive, manifest").isEqualTo(3 * BACKUPS);

        FaultyBlobStore again = new FaultyBlobStore(new LocalBlobStore(dir.resolve("dr")), 2);
        CopyReport second = source.copyTo(new BlobBackupProvider(again), ALL, CopyOptions.DEFAULT);

        assertThat(second.skipped()).isEqualTo(BACKUPS);
        assertThat(again.calls(BlobOp.READ)).isEqualTo(BACKUPS);
        // A folder: how old is each manifest (one just written may be an earlier batch's, not yet durable)?
        assertThat(again.calls(BlobOp.STAT)).isEqualTo(BACKUPS);
        assertThat(again.calls(BlobOp.WRITE)).isZero();
    }

    @Test
    void whereALookIsARequestTheDestinationIsListedOnceAndABackupNotThereCostsItsThreeWritesAlone() {
        BackupRestoreService source = source();
        backUp(source);
        // A store without group commit stands for Azure and S3, where each look is a request.
        InMemoryBlobStore remote = new InMemoryBlobStore();
        FaultyBlobStore dr = new FaultyBlobStore(remote, 4);

        CopyReport first = source.copyTo(new BlobBackupProvider(dr), ALL, CopyOptions.DEFAULT);

        assertThat(first.copied()).isEqualTo(BACKUPS);
        assertThat(dr.calls(BlobOp.LIST)).as("the destination's manifests, once").isEqualTo(1);
        assertThat(dr.calls(BlobOp.READ) + dr.calls(BlobOp.STAT)).isZero();
        assertThat(dr.calls(BlobOp.WRITE)).as("pointer, archive, manifest").isEqualTo(3 * BACKUPS);

        FaultyBlobStore again = new FaultyBlobStore(remote, 5);
        CopyReport second = source.copyTo(new BlobBackupProvider(again), ALL, CopyOptions.DEFAULT);

        assertThat(second.skipped()).isEqualTo(BACKUPS);
        assertThat(again.calls(BlobOp.READ)).as("each manifest there, for its size and SHA-256").isEqualTo(BACKUPS);
        assertThat(again.calls(BlobOp.WRITE)).isZero();
    }

    @Test
    void aCopyByIdsDoesNotListTheDestination() {
        BackupRestoreService source = source();
        List<BackupHandle> all = backUp(source);
        FaultyBlobStore dr = new FaultyBlobStore(new InMemoryBlobStore(), 7);

        CopyReport report = source.copyTo(new BlobBackupProvider(dr), List.of(all.get(0).backupId()),
                CopyOptions.DEFAULT);

        assertThat(report.copied()).isEqualTo(1);
        assertThat(dr.calls(BlobOp.LIST)).as("one backup is not worth a listing of all").isZero();
        assertThat(dr.calls(BlobOp.READ)).as("its manifest, looked for").isEqualTo(1);
    }

    @Test
    void aBackupTheListingMissedIsFoundByItsImportAndNothingIsWrittenTwice() {
        BackupRestoreService source = source();
        List<BackupHandle> all = backUp(source);
        InMemoryBlobStore remote = new InMemoryBlobStore();
        source.copyTo(new BlobBackupProvider(remote), ALL, CopyOptions.DEFAULT);
        Map<String, String> before = contents(remote);
        // A listing that misses every manifest: as one taken before another copy wrote them.
        FaultyBlobStore blind = new FaultyBlobStore(new ForwardingBlobStore(remote) {
            @Override
            public Stream<BlobInfo> list(String prefix) {
                return super.list(prefix).filter(b -> !b.key().endsWith(".meta"));
            }
        }, 6);

        CopyReport report = source.copyTo(new BlobBackupProvider(blind), ALL, CopyOptions.DEFAULT);

        assertThat(report.failures()).isEmpty();
        assertThat(report.skipped()).isEqualTo(all.size());
        assertThat(report.copied()).isZero();
        assertThat(blind.calls(BlobOp.WRITE)).as("each pointer, refused as there already").isEqualTo(BACKUPS);
        assertThat(contents(remote)).as("nothing changed").isEqualTo(before);
    }

    /**
     * A backup at the destination without its id pointer (a clean-up took it: section 7, "Backups without their id
     * pointer") that the listing missed (it came since): its import writes the pointer, finds archive and manifest
     * there and writes neither. It was there already: skipped, not reported copied a second time.
     */
    @Test
    void aBackupTheListingMissedThatIsThereWithoutItsPointerIsReportedSkippedNotCopied() {
        BackupRestoreService source = source();
        List<BackupHandle> all = backUp(source);
        InMemoryBlobStore remote = new InMemoryBlobStore();
        source.copyTo(new BlobBackupProvider(remote), ALL, CopyOptions.DEFAULT);
        BackupHandle pointerless = all.get(0);
        remote.delete(BlobBackupProvider.indexKey(pointerless.backupId()));
        BlobStoreWithoutManifests blind = new BlobStoreWithoutManifests(remote);

        CopyReport report = source.copyTo(new BlobBackupProvider(blind), ALL, CopyOptions.DEFAULT);

        assertThat(report.failures()).isEmpty();
        assertThat(report.copied()).as("every backup was there already").isZero();
        assertThat(report.skipped()).isEqualTo(all.size());
        assertThat(report.bytesCopied()).as("no archive copied").isZero();
    }

    /**
     * The listing is a shortcut: one that fails part-way (a retrying store retries a listing's first page only; a
     * credential that may read and write but not list) must not fail the copy, which then looks at each backup.
     */
    @Test
    void aListingThatFailsPartWayLeavesEachBackupLookedAtAndTheCopyDone() {
        BackupRestoreService source = source();
        List<BackupHandle> all = backUp(source);
        InMemoryBlobStore remote = new InMemoryBlobStore();
        source.copyTo(new BlobBackupProvider(remote), List.of(all.get(0).backupId()), CopyOptions.DEFAULT);
        TransientStorageException cut = new TransientStorageException("injected: the listing's second page failed");
        ForwardingBlobStore failingList = new ForwardingBlobStore(remote) {
            @Override
            public Stream<BlobInfo> list(String prefix) {
                java.util.Iterator<BlobInfo> it = super.list(prefix).iterator();
                return Stream.iterate(it.next(), b -> true, b -> {
                    throw cut;
                });
            }
        };

        CopyReport report = source.copyTo(new BlobBackupProvider(failingList), ALL, CopyOptions.DEFAULT);

        assertThat(report.failures()).isEmpty();
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.copied()).isEqualTo(all.size() - 1);
    }

    /** A listing that misses every manifest: as one taken before another copy wrote them. */
    static final class BlobStoreWithoutManifests extends ForwardingBlobStore {
        BlobStoreWithoutManifests(InMemoryBlobStore remote) {
            super(remote);
        }

        @Override
        public Stream<BlobInfo> list(String prefix) {
            return super.list(prefix).filter(b -> !b.key().endsWith(".meta"));
        }
    }

    /** Each blob's bytes, in hex (arrays compare by identity in a map). */
    private static Map<String, String> contents(InMemoryBlobStore blobs) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<BlobInfo> all = blobs.list("")) {
            all.forEach(b -> out.put(b.key(), java.util.HexFormat.of().formatHex(
                    blobs.readAllBytes(b.key()).orElseThrow())));
        }
        return out;
    }

    @Test
    void anArchiveAnEarlierImportLeftWithoutItsPointerIsCheckedAndTakenNotCopiedAgain() throws IOException {
        BackupRestoreService source = source();
        BackupHandle backup = backUp(source).get(0);
        Path dr = dir.resolve("dr");
        source.copyTo(new BlobBackupProvider(new LocalBlobStore(dr)), List.of(backup.backupId()),
                CopyOptions.DEFAULT);
        // What an import cut off before its manifest leaves, had its pointer been lost: the archive alone.
        BackupLocation at = BackupLocation.of(backup.manifest());
        Files.delete(dr.resolve(BlobBackupProvider.manifestKey(at)));
        Files.delete(dr.resolve(BlobBackupProvider.indexKey(backup.backupId())));
        Path archive = dr.resolve(BlobBackupProvider.archiveKey(at));
        Object file = Files.readAttributes(archive, BasicFileAttributes.class).fileKey();
        FaultyBlobStore faulty = new FaultyBlobStore(new LocalBlobStore(dr), 3);

        CopyReport report = source.copyTo(new BlobBackupProvider(faulty), List.of(backup.backupId()),
                CopyOptions.DEFAULT);

        assertThat(report.failures()).isEmpty();
        assertThat(report.copied()).isEqualTo(1);
        assertThat(Files.readAttributes(archive, BasicFileAttributes.class).fileKey()).as("the same file, kept")
                .isEqualTo(file);
        assertThat(faulty.calls(BlobOp.READ)).as("its manifest, then the archive to check it").isEqualTo(2);
        BackupRestoreService copy = BackupRestoreService.builder(store,
                new BlobBackupProvider(new LocalBlobStore(dr))).build();
        assertThat(copy.validateBackup(backup.backupId()).problems()).isEmpty();
    }
}
