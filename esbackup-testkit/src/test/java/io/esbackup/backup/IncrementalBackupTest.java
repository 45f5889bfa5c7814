package io.esbackup.backup;

import static io.esbackup.backup.Streams.create;
import static io.esbackup.backup.Streams.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.ConflictException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventStore;
import io.esbackup.store.ForwardingEventStore;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.store.RawEventReader;
import io.esbackup.store.StreamFingerprints;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Incremental backups: unchanged, appended (a delta), rewritten; the chain read back; delete and clean-up rules. */
class IncrementalBackupTest {
    static final BackupOptions INCREMENTAL = BackupOptions.builder().incremental(true).build();

    /** The stores an incremental backup meets: with the fingerprint capability, without, without raw events too. */
    enum Kind { FINGERPRINTS, NO_FINGERPRINTS, NO_FINGERPRINTS_NO_RAW }

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final InMemoryEventStore memory = new InMemoryEventStore();
    final InMemoryBlobStore backups = new InMemoryBlobStore();

    EventStore store(Kind kind) {
        if (kind == Kind.FINGERPRINTS) {
            return memory;
        }
        return new ForwardingEventStore(memory) {
            @Override
            public <T> Optional<T> capability(Class<T> type) {
                if (type == StreamFingerprints.class || (kind == Kind.NO_FINGERPRINTS_NO_RAW
                        && type == RawEventReader.class)) {
                    return Optional.empty();
                }
                return super.capability(type);
            }
        };
    }

    BackupRestoreService service(EventStore store) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(backups)).clock(clock).build();
    }

    ObjectDocument append(EventStore store, String id, int count) {
        ObjectDocument doc = Streams.document(store, "Order", id);
        StreamInformation s = store.appendEvents("Order", doc.active(), StreamHeader.of("Order", id),
                events(doc.active().currentStreamVersion() + 1, count));
        ObjectDocument updated = doc.withActive(s);
        store.writeDocument(updated, store.readDocument("Order", id).orElseThrow().etag());
        return updated;
    }

    BackupHandle next(BackupRestoreService service) {
        clock.advance(Duration.ofMinutes(1));
        return service.backupStream("Order", "o-1", INCREMENTAL);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unchangedWritesNothingAndAnswersTheParent(Kind kind) {
        EventStore store = store(kind);
        create(store, "Order", "o-1", 10, null);
        BackupRestoreService service = service(store);
        BackupHandle full = next(service);
        assertThat(full.manifest().isDelta()).isFalse();
        assertThat(full.manifest().formatVersion()).isEqualTo(1);
        assertThat(full.manifest().chain().lastEventSha256()).hasSize(64);
        assertThat(full.manifest().chain().streamFingerprint() != null).isEqualTo(kind == Kind.FINGERPRINTS);
        long blobs = count();

        BackupHandle again = next(service);
        assertThat(again.unchanged()).isTrue();
        assertThat(again.backupId()).isEqualTo(full.backupId());
        assertThat(count()).as("nothing written").isEqualTo(blobs);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void appendedEventsMakeADeltaWhoseChainRestoresLikeAFullBackup(Kind kind) {
        EventStore store = store(kind);
        create(store, "Order", "o-1", 40, null);
        BackupRestoreService service = service(store);
        BackupHandle root = next(service);
        append(store, "o-1", 3);
        BackupHandle d1 = next(service);
        append(store, "o-1", 5);
        BackupHandle d2 = next(service);

        assertThat(d1.unchanged()).isFalse();
        assertThat(d1.parentBackupId()).isEqualTo(root.backupId().toString());
        assertThat(d1.manifest().formatVersion()).isEqualTo(ArchiveFormat.DELTA_VERSION);
        assertThat(d1.manifest().baseVersion()).isEqualTo(40);
        assertThat(d1.eventCount()).isEqualTo(3);
        assertThat(d2.parentBackupId()).isEqualTo(d1.backupId().toString());
        assertThat(d2.manifest().chain().chainLength()).isEqualTo(2);
        assertThat(d2.manifest().baseVersion()).isEqualTo(43);
        assertThat(d2.eventCount()).isEqualTo(5);

        ValidationReport report = service.validateBackup(d2.backupId());
        assertThat(report.problems()).isEmpty();
        assertThat(report.eventsRead()).isEqualTo(48);

        // The same aggregate backed up in full, restored beside the chain: event for event, byte for byte.
        BackupHandle plain = service.backupStream("Order", "o-1", BackupOptions.DEFAULT);
        InMemoryEventStore a = new InMemoryEventStore();
        InMemoryEventStore b = new InMemoryEventStore();
        service(a).restoreStream(d2);
        service(b).restoreStream(plain);
        List<Event> fromChain = Streams.readAll(a, "Order", Streams.document(a, "Order", "o-1").active());
        List<Event> fromFull = Streams.readAll(b, "Order", Streams.document(b, "Order", "o-1").active());
        assertThat(fromChain).hasSize(48).isEqualTo(fromFull)
                .isEqualTo(Streams.readAll(memory, "Order", Streams.document(memory, "Order", "o-1").active()));
        assertThat(Streams.document(a, "Order", "o-1")).isEqualTo(Streams.document(b, "Order", "o-1"));
        assertThat(a.blobs().readAllBytes(a.streamKey("Order", Streams.document(a, "Order", "o-1").active()
                .streamIdentifier())).orElseThrow()).isEqualTo(b.blobs().readAllBytes(b.streamKey("Order",
                Streams.document(b, "Order", "o-1").active().streamIdentifier())).orElseThrow());

        // A clone of the chain too.
        service(a).restoreToNewStream(d2, "o-2");
        assertThat(Streams.readAll(a, "Order", Streams.document(a, "Order", "o-2").active())).isEqualTo(fromFull);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRewrittenStreamGetsAFullBackup(Kind kind) {
        EventStore store = store(kind);
        ObjectDocument doc = create(store, "Order", "o-1", 10, null);
        BackupRestoreService service = service(store);
        next(service);
        // The same stream, its events written again with another last event and more after it.
        memory.deleteStream("Order", doc.active().streamIdentifier());
        List<Event> other = new java.util.ArrayList<>();
        events(0, 12).forEachRemaining(e -> other.add(e.eventVersion() == 9 ? new Event("Other", 9, 1, null, null,
                java.util.Map.of(), "{}", null, java.util.Map.of()) : e));
        StreamInformation s = memory.appendEvents("Order", StreamInformation.empty(doc.active().streamIdentifier(),
                "blob"), StreamHeader.of("Order", "o-1"), other.iterator());
        memory.writeDocument(doc.withActive(s), memory.readDocument("Order", "o-1").orElseThrow().etag());

        BackupHandle after = next(service);
        assertThat(after.unchanged()).isFalse();
        assertThat(after.manifest().isDelta()).isFalse();
        assertThat(after.eventCount()).isEqualTo(12);
    }

    @Test
    void aStreamReplacedByARestoreGetsAFullBackup() {
        create(memory, "Order", "o-1", 10, null);
        BackupRestoreService service = service(memory);
        BackupHandle root = next(service);
        service.restoreStream(root, RestoreOptions.builder().overwrite(true).build());
        BackupHandle after = next(service);
        assertThat(after.unchanged()).isFalse();
        assertThat(after.manifest().isDelta()).isFalse();
    }

    @Test
    void anUnreadableParentGetsAFullBackup() {
        create(memory, "Order", "o-1", 10, null);
        BackupRestoreService service = service(memory);
        BackupHandle root = next(service);
        String meta = "backups/Order/o-1/" + root.backupId() + ".meta";
        backups.write(meta, io.esbackup.blob.WriteCondition.overwrite(), "{not json".getBytes());
        append(memory, "o-1", 2);
        BackupHandle after = next(service);
        assertThat(after.manifest().isDelta()).isFalse();
        assertThat(after.eventCount()).isEqualTo(12);
    }

    @Test
    void aBrokenChainIsAnInvalidBackupNamingTheMissingParent() {
        create(memory, "Order", "o-1", 10, null);
        BackupRestoreService service = service(memory);
        BackupHandle root = next(service);
        append(memory, "o-1", 2);
        BackupHandle delta = next(service);
        new BlobBackupProvider(backups).delete(BackupLocation.of(root.manifest()));

        String missing = "parent backup " + root.backupId() + " of backup " + delta.backupId() + " is missing";
        assertThat(service.validateBackup(delta.backupId()).problems()).containsExactly(missing);
        InMemoryEventStore target = new InMemoryEventStore();
        assertThatThrownBy(() -> service(target).restoreStream(delta)).isInstanceOf(BackupCorruptedException.class)
                .hasMessageContaining(missing);
        assertThat(target.readDocument("Order", "o-1")).isEmpty();
    }

    @Test
    void aDeltaStartingElsewhereThanItsParentEndedIsReported() {
        create(memory, "Order", "o-1", 10, null);
        BackupRestoreService service = service(memory);
        next(service);
        append(memory, "o-1", 2);
        BackupHandle delta = next(service);
        // Its archive swapped for a copy whose parent's last event digest was recorded wrong.
        String meta = "backups/Order/o-1/" + delta.parentBackupId() + ".meta";
        String text = new String(backups.readAllBytes(meta).orElseThrow());
        String recorded = delta.manifest().chain().lastEventSha256();
        backups.write(meta, io.esbackup.blob.WriteCondition.overwrite(),
                text.replaceAll("\"lastEventSha256\":\"[0-9a-f]{64}\"", "\"lastEventSha256\":\"" + "0".repeat(64)
                        + "\"").getBytes());
        assertThat(recorded).isNotNull();
        assertThat(service.validateBackup(delta.backupId()).problems())
                .anyMatch(p -> p.contains("its last event's SHA-256 is") && p.contains(delta.parentBackupId()));
    }

    @Test
    void aParentCannotBeDeletedBeforeItsChild() {
        create(memory, "Order", "o-1", 10, null);
        BackupRestoreService service = service(memory);
        BackupHandle root = next(service);
        append(memory, "o-1", 2);
        BackupHandle delta = next(service);
        assertThatThrownBy(() -> service.deleteBackup(root)).isInstanceOf(ConflictException.class)
                .hasMessageContaining(delta.backupId().toString());
        assertThat(service.getBackup(root.backupId())).isPresent();
        assertThat(service.deleteBackup(delta)).isTrue();
        assertThat(service.deleteBackup(root)).isTrue();
    }

    @Test
    void cleanupKeepsAnExpiredParentWhileALiveChildNeedsIt() {
        create(memory, "Order", "o-1", 10, null);
        BackupRestoreService service = service(memory);
        BackupHandle root = service.backupStream("Order", "o-1", INCREMENTAL.toBuilder()
                .retention(Duration.ofDays(1)).build());
        append(memory, "o-1", 2);
        clock.advance(Duration.ofMinutes(1));
        BackupHandle delta = service.backupStream("Order", "o-1", INCREMENTAL.toBuilder()
                .retention(Duration.ofDays(3)).build());
        clock.advance(Duration.ofDays(2));

        CleanupReport kept = service.cleanupExpiredBackups();
        assertThat(kept.expired()).isEmpty();
        assertThat(kept.keptForChains()).extracting(BackupHandle::backupId).containsExactly(root.backupId());
        assertThat(service.validateBackup(delta.backupId()).problems()).isEmpty();

        clock.advance(Duration.ofDays(2));
        CleanupReport both = service.cleanupExpiredBackups();
        assertThat(both.expired()).extracting(BackupHandle::backupId)
                .containsExactlyInAnyOrder(root.backupId(), delta.backupId());
        assertThat(both.keptForChains()).isEmpty();
    }

    @Test
    void theChainIsBoundedAndABigDeltaIsWrittenInFull() {
        create(memory, "Order", "o-1", 100, null);
        BackupRestoreService service = service(memory);
        next(service);
        for (int i = 1; i <= IncrementalBackup.MAX_CHAIN_LENGTH; i++) {
            append(memory, "o-1", 1);
            assertThat(next(service).manifest().chain().chainLength()).isEqualTo(i);
        }
        append(memory, "o-1", 1);
        BackupHandle afterBound = next(service);
        assertThat(afterBound.manifest().isDelta()).as("the 31st delta is a full backup").isFalse();

        append(memory, "o-1", 200);
        BackupHandle big = next(service);
        assertThat(big.manifest().isDelta()).as("more than half the stream is new").isFalse();
    }

    @Test
    void aBulkRunCountsTheUnchanged() {
        for (int i = 0; i < 5; i++) {
            create(memory, "Order", "o-" + i, 10, null);
        }
        BackupRestoreService service = service(memory);
        BulkBackupOptions options = BulkBackupOptions.builder().incremental(true).build();
        BulkBackupResult first = service.backupAll("Order", options);
        assertThat(first.unchangedCount()).isZero();
        assertThat(first.successCount()).isEqualTo(5);
        append(memory, "o-1", 2);
        clock.advance(Duration.ofMinutes(1));
        BulkBackupResult second = service.backupAll("Order", options);
        assertThat(second.unchangedCount()).isEqualTo(4);
        assertThat(second.successfulBackups()).filteredOn(h -> !h.unchanged()).singleElement()
                .satisfies(h -> assertThat(h.parentBackupId()).isNotNull());
    }

    @Test
    void aReaderOfVersionOneOnlyRefusesVersionTwoNamingBoth() {
        assertThatThrownBy(() -> ArchiveFormat.requireSupported("archive", 2, 1))
                .isInstanceOf(ArchiveFormatException.class)
                .hasMessage("archive has format version 2, this esbackup reads version 1");
        assertThatThrownBy(() -> ArchiveFormat.requireSupported("manifest", 4))
                .hasMessage("manifest has format version 4, this esbackup reads versions 1 to 3");
        // A reader of versions 1 and 2 refuses an encrypted backup's manifest rather than misread its ciphertext.
        assertThatThrownBy(() -> ArchiveFormat.requireSupported("manifest", ArchiveFormat.ENCRYPTED_VERSION,
                ArchiveFormat.DELTA_VERSION))
                .hasMessage("manifest has format version 3, this esbackup reads versions 1 to 2");
    }

    long count() {
        try (var all = backups.list("")) {
            return all.count();
        }
    }
}
