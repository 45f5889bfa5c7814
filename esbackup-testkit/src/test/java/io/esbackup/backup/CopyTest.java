package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.error.ConflictException;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code copyTo} between two local folders: everything a store holds (full, incremental chains, packed, a
 * sub-folder) arrives and restores event for event, a second copy skips all, a delta brings its parents, a corrupt
 * source archive is reported and not copied, a copy cut off at any write is finished by the next, and nothing at
 * the destination is ever overwritten.
 */
class CopyTest extends FolderCopyFixture {
    static final BackupQuery ALL = BackupQuery.builder().build();

    /** What the source holds: three full backups, a chain of a root and two deltas, three packed, one elsewhere. */
    record Source(BackupRestoreService service, List<BackupHandle> all, BackupHandle root, BackupHandle delta1,
                  BackupHandle delta2, BackupHandle expired) {}

    Source source() {
        BackupRestoreService service = service(dir.resolve("source"));
        List<BackupHandle> all = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Streams.create(store, "Order", "o-" + i, 3 + i, null, 2);
            clock.advance(Duration.ofMinutes(1));
            all.add(service.backupStream("Order", "o-" + i));
        }
        BackupOptions incremental = BackupOptions.builder().incremental(true).build();
        Streams.create(store, "Order", "c-1", 20, null);
        clock.advance(Duration.ofMinutes(1));
        BackupHandle root = service.backupStream("Order", "c-1", incremental);
        append("c-1", 3);
        clock.advance(Duration.ofMinutes(1));
        BackupHandle delta1 = service.backupStream("Order", "c-1", incremental);
        append("c-1", 2);
        clock.advance(Duration.ofMinutes(1));
        BackupHandle delta2 = service.backupStream("Order", "c-1", incremental);
        assertThat(delta2.parentBackupId()).isEqualTo(delta1.backupId().toString());
        all.addAll(List.of(root, delta1, delta2));
        List<String> packedIds = List.of("p-1", "p-2", "p-3");
        packedIds.forEach(id -> Streams.create(store, "Invoice", id, 2, null));
        clock.advance(Duration.ofMinutes(1));
        BulkBackupResult packed = service.backupMany(packedIds, "Invoice",
                BulkBackupOptions.builder().pack(true).maxConcurrency(1).build());
        all.addAll(packed.successfulBackups());
        all.add(service.backupStream("Order", "o-1", BackupOptions.builder().location("eu/west").build()));
        BackupHandle expired = service.backupStream("Order", "o-2",
                BackupOptions.builder().retention(Duration.ofMinutes(5)).build());
        clock.advance(Duration.ofMinutes(10));
        return new Source(service, all, root, delta1, delta2, expired);
    }

    void append(String id, int count) {
        ObjectDocument doc = Streams.document(store, "Order", id);
        StreamInformation s = store.appendEvents("Order", doc.active(), StreamHeader.of("Order", id),
                Streams.events(doc.active().currentStreamVersion() + 1, count));
        store.writeDocument(doc.withActive(s), store.readDocument("Order", id).orElseThrow().etag());
    }

    static Set<UUID> ids(List<BackupHandle> handles) {
        return handles.stream().map(BackupHandle::backupId).collect(Collectors.toSet());
    }

    /** Each backup's id with its manifest's size and SHA-256, as the service lists them. */
    static Map<UUID, String> listed(BackupRestoreService service) {
        Map<UUID, String> out = new HashMap<>();
        service.listBackups(BackupQuery.builder().includeExpired(true).build())
                .forEach(h -> out.put(h.backupId(), h.sizeBytes() + " " + h.manifest().sha256()));
        return out;
    }

    static long files(Path root, String suffix) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }

    @Test
    void everyCommittedBackupArrivesRestoresEventForEventAndASecondCopySkipsThemAll() {
        Source src = source();
        List<CopyProgress> progress = new ArrayList<>();

        CopyReport report = src.service().copyTo(provider(dir.resolve("dr")), ALL,
                CopyOptions.builder().onProgress(progress::add).build());

        assertThat(report.failures()).isEmpty();
        assertThat(report.copied()).isEqualTo(src.all().size());
        assertThat(report.processed()).isEqualTo(src.all().size());
        assertThat(report.skipped()).isZero();
        assertThat(report.bytesCopied()).isEqualTo(src.all().stream().mapToLong(BackupHandle::sizeBytes).sum());
        assertThat(report.isComplete()).isTrue();
        assertThat(progress).last().satisfies(p -> assertThat(p.processed()).isEqualTo(src.all().size()));

        BackupRestoreService dr = service(dir.resolve("dr"));
        Map<UUID, String> source = listed(src.service());
        source.remove(src.expired().backupId());
        assertThat(listed(dr)).as("same ids, sizes and checksums; the expired backup stays behind")
                .isEqualTo(source);
        try (Stream<ValidationReport> reports = dr.validateAll()) {
            assertThat(reports.toList()).hasSize(src.all().size()).allSatisfy(r ->
                    assertThat(r.problems()).as(r.backupId().toString()).isEmpty());
        }
        for (BackupHandle h : src.all()) {
            String copy = "copy-" + h.backupId();
            dr.restoreToNewStream(dr.requireBackup(h.backupId()), copy);
            assertThat(payloads(h.objectName(), copy)).as(h.backupId().toString())
                    .isEqualTo(payloads(h.objectName(), h.objectId()).subList(0, h.streamVersion() + 1));
        }

        CopyReport again = src.service().copyTo(provider(dir.resolve("dr")), ALL, CopyOptions.DEFAULT);
        assertThat(again.copied()).isZero();
        assertThat(again.skipped()).isEqualTo(src.all().size());
        assertThat(again.failed()).isZero();
    }

    private List<String> payloads(String name, String id) {
        ObjectDocument doc = Streams.document(store, name, id);
        return Streams.readAll(store, name, doc.active()).stream().map(e -> e.payload().text()).toList();
    }

    @Test
    void aDeltaAloneBringsItsWholeChainAndTwoDeltasSharingAParentCopyItOnce() {
        Source src = source();

        CopyReport report = src.service().copyTo(provider(dir.resolve("dr")),
                List.of(src.delta2().backupId(), src.delta1().backupId()),
                CopyOptions.builder().maxConcurrency(2).build());

        assertThat(report.failures()).isEmpty();
        assertThat(report.processed()).isEqualTo(2);
        assertThat(report.copied()).as("the root once, and the two deltas").isEqualTo(3);
        assertThat(listed(service(dir.resolve("dr"))).keySet())
                .containsExactlyInAnyOrder(src.root().backupId(), src.delta1().backupId(), src.delta2().backupId());
        BackupRestoreService dr = service(dir.resolve("dr"));
        dr.restoreToNewStream(dr.requireBackup(src.delta2().backupId()), "c-copy");
        assertThat(payloads("Order", "c-copy")).isEqualTo(payloads("Order", "c-1"));
    }

    @Test
    void aDryRunWritesNothingAndSaysWhatWouldBeCopied() throws IOException {
        Source src = source();

        CopyReport report = src.service().copyTo(provider(dir.resolve("dr")), ALL,
                CopyOptions.builder().dryRun(true).build());

        assertThat(report.dryRun()).isTrue();
        assertThat(report.copied()).isEqualTo(src.all().size());
        assertThat(report.bytesCopied()).isEqualTo(src.all().stream().mapToLong(BackupHandle::sizeBytes).sum());
        assertThat(files(dir.resolve("dr"), "")).as("not even the folder's files").isZero();
    }

    @Test
    void aSourceArchiveThatFailsItsChecksumIsReportedAndNotCopiedWhileTheOthersAre() throws IOException {
        Source src = source();
        BackupHandle bad = src.all().get(1);
        Path archive = dir.resolve("source").resolve(BlobBackupProvider.archiveKey(BackupLocation.of(bad.manifest())));
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(archive, bytes);

        CopyReport report = src.service().copyTo(provider(dir.resolve("dr")), ALL, CopyOptions.DEFAULT);

        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.copied()).isEqualTo(src.all().size() - 1);
        CopyFailure failure = report.failures().get(0);
        assertThat(failure.backupId()).isEqualTo(bad.backupId());
        assertThat(failure.exception()).isInstanceOf(BackupCorruptedException.class)
                .hasMessageContaining(bad.backupId().toString()).hasMessageContaining("SHA-256");
        Path dr = dir.resolve("dr");
        BackupLocation at = BackupLocation.of(bad.manifest());
        assertThat(dr.resolve(BlobBackupProvider.archiveKey(at))).doesNotExist();
        assertThat(dr.resolve(BlobBackupProvider.manifestKey(at))).doesNotExist();
        assertThat(dr.resolve(BlobBackupProvider.indexKey(bad.backupId()))).as("its reservation taken back")
                .doesNotExist();
        assertThat(report.isComplete()).isFalse();
    }

    @Test
    void anIdWithNoBackupIsAFailureOfItsOwn() {
        Source src = source();
        UUID unknown = UUID.fromString("00000000-0000-4000-8000-000000000042");

        CopyReport report = src.service().copyTo(provider(dir.resolve("dr")),
                List.of(unknown, src.root().backupId()), CopyOptions.DEFAULT);

        assertThat(report.copied()).isEqualTo(1);
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.backupId()).isEqualTo(unknown);
            assertThat(f.exception()).isInstanceOf(BackupNotFoundException.class);
        });
    }

    @Test
    void aCopyCutOffAtEachWriteIsFinishedByTheNextWithNothingTwiceAndEverythingValid() throws IOException {
        Source src = source();
        // How many writes a whole copy makes: pointer, archive and manifest of each backup.
        FaultyBlobStore probe = new FaultyBlobStore(new LocalBlobStore(dir.resolve("probe")));
        src.service().copyTo(new BlobBackupProvider(probe), ALL, CopyOptions.builder().maxConcurrency(1).build());
        int writes = probe.calls(BlobOp.WRITE);
        assertThat(writes).isEqualTo(3 * src.all().size());

        for (int k = 1; k <= writes; k++) {
            Path dr = dir.resolve("dr-" + k);
            FaultyBlobStore dying = new FaultyBlobStore(new LocalBlobStore(dr));
            KilledRuns.kill(dying, k);
            CopyReport cut = src.service().copyTo(new BlobBackupProvider(dying), ALL,
                    CopyOptions.builder().maxConcurrency(1).continueOnError(false).build());
            // Into a folder the copy goes in batches: a cut at a manifest fails the manifests after it too.
            assertThat(cut.failed()).as("cut at write %d", k).isPositive();
            assertThat(cut.stoppedEarly()).isTrue();
            for (CopyFailure f : cut.failures()) {
                Injected.assertInjected(dying, f.exception(), "copy cut at write " + k);
            }

            CopyReport rerun = service(dir.resolve("source")).copyTo(provider(dr), ALL, CopyOptions.DEFAULT);

            assertThat(rerun.failures()).as("rerun after write %d", k).isEmpty();
            assertThat(rerun.copied() + rerun.skipped()).isEqualTo(src.all().size());
            BackupRestoreService copy = service(dr);
            Map<UUID, String> expected = listed(src.service());
            expected.remove(src.expired().backupId());
            assertThat(listed(copy)).as("after write %d", k).isEqualTo(expected);
            assertThat(files(dr.resolve("backups"), ".meta")).as("one manifest each").isEqualTo(src.all().size());
            try (Stream<Path> ps = Files.list(dr.resolve("backup-index"))) {
                assertThat(ps.map(p -> UUID.fromString(p.getFileName().toString())).collect(Collectors.toSet()))
                        .as("one pointer each, after write %d", k).isEqualTo(expected.keySet());
            }
            try (Stream<ValidationReport> reports = copy.validateAll()) {
                assertThat(reports.toList()).allSatisfy(r -> assertThat(r.problems()).isEmpty());
            }
        }
    }

    @Test
    void nothingAtTheDestinationIsOverwritten() throws IOException {
        Source src = source();
        BackupHandle target = src.all().get(0);
        // The destination already holds another backup under that id: a hand-made one of another size.
        LocalBlobStore dr = new LocalBlobStore(dir.resolve("dr"));
        BackupLocation at = BackupLocation.of(target.manifest());
        byte[] foreign = "{\"foreign\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        dr.write(BlobBackupProvider.indexKey(target.backupId()), WriteCondition.createOnly(),
                BlobIdPointers.bytes(at));
        dr.write(BlobBackupProvider.archiveKey(at), WriteCondition.createOnly(), foreign);

        CopyReport report = src.service().copyTo(new BlobBackupProvider(dr), ALL, CopyOptions.DEFAULT);

        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.backupId()).isEqualTo(target.backupId());
            assertThat(f.exception()).isInstanceOf(ConflictException.class).hasMessageContaining("unfinished archive");
        });
        assertThat(dr.readAllBytes(BlobBackupProvider.archiveKey(at)).orElseThrow()).isEqualTo(foreign);
        assertThat(dr.stat(BlobBackupProvider.manifestKey(at))).isEmpty();
        assertThat(report.copied()).isEqualTo(src.all().size() - 1);
    }

    @Test
    void theServicesOwnLocationAndTheReferenceLayoutAreRefusedByName() {
        BackupProvider own = provider(dir.resolve("source"));
        BackupRestoreService service = BackupRestoreService.builder(store, own).build();
        assertThatThrownBy(() -> service.copyTo(own, ALL, CopyOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("destination");
        assertThatThrownBy(() -> service.copyTo(new ReferenceBackupProvider(new LocalBlobStore(dir.resolve("ref")), new LocalBlobStore(dir.resolve("ref-registry"))),
                ALL, CopyOptions.DEFAULT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination").hasMessageContaining("esbackup's own layout");
        assertThatThrownBy(() -> service.copyTo(null, ALL, CopyOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("destination");
        assertThatThrownBy(() -> CopyOptions.builder().maxConcurrency(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency");
    }
}
