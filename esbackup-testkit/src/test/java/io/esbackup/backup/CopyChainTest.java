package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code copyTo} over damaged chains: a delta whose parents lead back to itself (a manifest edited by hand, or
 * damaged) is reported as corrupt, once per selected backup, and never hangs the copy.
 */
class CopyChainTest extends FolderCopyFixture {
    /** A root and two deltas of one aggregate, in the source folder: root, delta1 (of root), delta2 (of delta1). */
    List<BackupHandle> chain(BackupRestoreService service) {
        BackupOptions incremental = BackupOptions.builder().incremental(true).build();
        Streams.create(store, "Order", "c-1", 20, null);
        clock.advance(Duration.ofMinutes(1));
        BackupHandle root = service.backupStream("Order", "c-1", incremental);
        append(3);
        clock.advance(Duration.ofMinutes(1));
        BackupHandle delta1 = service.backupStream("Order", "c-1", incremental);
        append(2);
        clock.advance(Duration.ofMinutes(1));
        BackupHandle delta2 = service.backupStream("Order", "c-1", incremental);
        assertThat(delta1.parentBackupId()).isEqualTo(root.backupId().toString());
        assertThat(delta2.parentBackupId()).isEqualTo(delta1.backupId().toString());
        return List.of(root, delta1, delta2);
    }

    void append(int count) {
        ObjectDocument doc = Streams.document(store, "Order", "c-1");
        StreamInformation s = store.appendEvents("Order", doc.active(), StreamHeader.of("Order", "c-1"),
                Streams.events(doc.active().currentStreamVersion() + 1, count));
        store.writeDocument(doc.withActive(s), store.readDocument("Order", "c-1").orElseThrow().etag());
    }

    /** Rewrites {@code backup}'s manifest in the source folder so that it names {@code parent} as its parent. */
    void reparent(BackupHandle backup, String oldParent, UUID parent) throws IOException {
        Path meta = dir.resolve("source").resolve(BlobBackupProvider.manifestKey(BackupLocation.of(backup.manifest())));
        String text = Files.readString(meta, StandardCharsets.UTF_8);
        assertThat(text).contains("\"parentBackupId\":\"" + oldParent + "\"");
        Files.writeString(meta, text.replace(oldParent, parent.toString()), StandardCharsets.UTF_8);
    }

    @Test
    void aDeltaNamingItselfAsItsParentIsReportedAsCorruptAndDoesNotHangTheCopy() throws IOException {
        BackupRestoreService source = service(dir.resolve("source"));
        List<BackupHandle> c = chain(source);
        reparent(c.get(1), c.get(0).backupId().toString(), c.get(1).backupId());

        CopyReport report = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> source.copyTo(
                new BlobBackupProvider(new LocalBlobStore(dir.resolve("dr"))),
                List.of(c.get(1).backupId(), c.get(0).backupId()), CopyOptions.builder().maxConcurrency(1).build()),
                "a copy of a delta that is its own parent hung");

        assertThat(report.copied()).as("the root alone").isEqualTo(1);
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.backupId()).isEqualTo(c.get(1).backupId());
            assertThat(f.exception()).isInstanceOf(BackupCorruptedException.class)
                    .hasMessageContaining("already in its chain");
        });
        assertThat(service(dir.resolve("dr")).getBackup(c.get(1).backupId())).isEmpty();
    }

    @Test
    void twoDeltasNamingEachOtherAsParentsAreReportedAsCorruptAndDoNotHangConcurrentCopies() throws IOException {
        BackupRestoreService source = service(dir.resolve("source"));
        List<BackupHandle> c = chain(source);
        // delta1 -> delta2 -> delta1: a loop that two workers can enter from either end at once.
        reparent(c.get(1), c.get(0).backupId().toString(), c.get(2).backupId());

        for (int round = 0; round < 20; round++) {
            Path dr = dir.resolve("dr-" + round);
            CopyReport report = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> source.copyTo(
                    new BlobBackupProvider(new LocalBlobStore(dr)),
                    List.of(c.get(2).backupId(), c.get(1).backupId()), CopyOptions.builder().maxConcurrency(2).build()),
                    "a copy of two deltas whose parents loop hung");

            assertThat(report.processed()).isEqualTo(2);
            assertThat(report.copied()).isZero();
            assertThat(report.failed()).isEqualTo(2);
            assertThat(report.failures()).allSatisfy(f -> assertThat(f.exception())
                    .isInstanceOf(BackupCorruptedException.class).hasMessageContaining("already in its chain"));
            assertThat(service(dr).listBackups(CopyTest.ALL)).isEmpty();
        }
    }
}
