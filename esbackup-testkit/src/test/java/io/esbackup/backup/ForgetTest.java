package io.esbackup.backup;

import static io.esbackup.backup.Streams.create;
import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code forget} over a real provider: dry run, real run, registry, chains, packs, a delete failing midway. */
class ForgetTest {
    static final BackupQuery EVERYTHING = BackupQuery.builder().includeExpired(true).build();
    static final BackupOptions INCREMENTAL = BackupOptions.builder().incremental(true).build();

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T00:00:00Z"));
    final InMemoryEventStore store = new InMemoryEventStore();
    final InMemoryBlobStore blobs = new InMemoryBlobStore(clock);
    final FaultyBlobStore faults = new FaultyBlobStore(blobs);
    final InMemoryBackupRegistry registry = new InMemoryBackupRegistry();

    BackupRestoreService service(boolean withRegistry) {
        BackupRestoreServiceBuilder b = BackupRestoreService.builder(store, new BlobBackupProvider(faults)).clock(clock);
        return (withRegistry ? b.registry(registry) : b).build();
    }

    /** Backs up {@code id} every six hours for {@code days} days; the clock ends six hours after the last. */
    List<BackupHandle> everySixHours(BackupRestoreService service, String id, int days, BackupOptions options) {
        List<BackupHandle> made = new ArrayList<>();
        for (int i = 0; i < days * 4; i++) {
            made.add(service.backupStream("Order", id, options));
            clock.advance(Duration.ofHours(6));
        }
        return made;
    }

    static Set<UUID> ids(List<BackupHandle> handles) {
        return handles.stream().map(BackupHandle::backupId).collect(Collectors.toSet());
    }

    static Set<UUID> ids(BackupRestoreService service) {
        return ids(service.listBackups(EVERYTHING));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDryRunDeletesNothingAndARealRunLeavesExactlyTheKeptOnes(boolean withRegistry) {
        BackupRestoreService service = service(withRegistry);
        create(store, "Order", "o-1", 5, null);
        create(store, "Order", "o-2", 3, null);
        List<BackupHandle> one = everySixHours(service, "o-1", 4, BackupOptions.DEFAULT);
        BackupHandle other = service.backupStream("Order", "o-2", BackupOptions.DEFAULT);
        RetentionPolicy policy = RetentionPolicy.builder().keepLast(1).keepDaily(2).build();
        BackupQuery o1 = BackupQuery.builder().objectName("Order").objectId("o-1").build();
        Set<UUID> before = ids(service);

        ForgetReport dry = service.forget(o1, policy, true);
        assertThat(ids(service)).as("a dry run deletes nothing").isEqualTo(before);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.groups()).hasSize(1);
        // The newest (last and daily) and the newest of the day before (daily); 14 others go.
        BackupHandle newest = one.get(15);
        BackupHandle dayBefore = one.get(11);
        ForgetGroup g = dry.groups().get(0);
        assertThat(g.objectId()).isEqualTo("o-1");
        assertThat(g.kept()).extracting(k -> k.backup().backupId(), KeptBackup::reasons).containsExactly(
                org.assertj.core.groups.Tuple.tuple(newest.backupId(), List.of("last", "daily")),
                org.assertj.core.groups.Tuple.tuple(dayBefore.backupId(), List.of("daily")));
        assertThat(dry.removedCount()).isEqualTo(14);
        assertThat(g.removed().get(0).backupId()).isEqualTo(one.get(14).backupId());

        ForgetReport real = service.forget(o1, policy, false);
        assertThat(real.failures()).isEmpty();
        assertThat(ids(real.groups().get(0).removed())).isEqualTo(ids(g.removed()));
        assertThat(ids(service)).containsExactlyInAnyOrder(newest.backupId(), dayBefore.backupId(), other.backupId());
        // Gone from the provider itself and, with one, from the registry.
        BackupRestoreService plain = service(false);
        assertThat(ids(plain)).isEqualTo(ids(service));
        if (withRegistry) {
            try (Stream<io.esbackup.archive.BackupManifest> entries = registry.query(EVERYTHING)) {
                assertThat(entries.map(m -> UUID.fromString(m.backupId()))).containsExactlyInAnyOrder(
                        newest.backupId(), dayBefore.backupId(), other.backupId());
            }
        }
        assertThat(service.restoreToNewStream(dayBefore, "o-1-copy").eventsRestored()).isEqualTo(5);
        assertThat(service.forget(o1, policy, false).removedCount()).as("nothing left to forget").isZero();
    }

    @Test
    void keptIncrementalBackupsKeepTheirChainsAndStillRestore() {
        BackupRestoreService service = service(false);
        create(store, "Order", "o-1", 10, null);
        BackupHandle oldRoot = service.backupStream("Order", "o-1", INCREMENTAL);
        List<BackupHandle> oldDeltas = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofDays(1));
            append("o-1", 2);
            oldDeltas.add(service.backupStream("Order", "o-1", INCREMENTAL));
        }
        clock.advance(Duration.ofDays(1));
        append("o-1", 20); // a delta would hold more than half the stream: a full backup, a new chain
        BackupHandle newRoot = service.backupStream("Order", "o-1", INCREMENTAL);
        clock.advance(Duration.ofDays(1));
        append("o-1", 3);
        BackupHandle d1 = service.backupStream("Order", "o-1", INCREMENTAL);
        clock.advance(Duration.ofDays(1));
        append("o-1", 3);
        BackupHandle d2 = service.backupStream("Order", "o-1", INCREMENTAL);
        assertThat(oldDeltas.get(1).parentBackupId()).isEqualTo(oldDeltas.get(0).backupId().toString());
        assertThat(d2.parentBackupId()).isEqualTo(d1.backupId().toString());
        assertThat(d1.manifest().isDelta()).isTrue();
        assertThat(newRoot.manifest().isDelta()).isFalse();

        ForgetReport report = service.forget(BackupQuery.builder().objectName("Order").build(),
                RetentionPolicy.builder().keepLast(1).build(), false);

        assertThat(report.failures()).isEmpty();
        ForgetGroup g = report.groups().get(0);
        assertThat(g.kept()).extracting(k -> k.backup().backupId(), KeptBackup::reasons).containsExactly(
                org.assertj.core.groups.Tuple.tuple(d2.backupId(), List.of("last")),
                org.assertj.core.groups.Tuple.tuple(d1.backupId(), List.of("parent of " + d2.backupId())),
                org.assertj.core.groups.Tuple.tuple(newRoot.backupId(), List.of("parent of " + d1.backupId())));
        // The old chain went child first, so deleteBackup's parent check never refused one.
        assertThat(ids(g.removed())).containsExactlyInAnyOrder(oldRoot.backupId(), oldDeltas.get(0).backupId(),
                oldDeltas.get(1).backupId());
        assertThat(ids(service)).containsExactlyInAnyOrder(d2.backupId(), d1.backupId(), newRoot.backupId());
        assertThat(service.validateBackup(d2.backupId()).problems()).isEmpty();
        assertThat(service.restoreToNewStream(d2, "o-1-copy").eventsRestored()).isEqualTo(10 + 4 + 20 + 6);
        try (Stream<ValidationReport> all = service.validateAll()) {
            assertThat(all).allSatisfy(r -> assertThat(r.problems()).isEmpty());
        }
    }

    @Test
    void packedBackupsAreForgottenThroughTheirTombstonesAndTheirPacksReclaimed() {
        BackupRestoreService service = service(true);
        List<String> aggregates = List.of("p-1", "p-2", "p-3");
        aggregates.forEach(id -> create(store, "Order", id, 4, null));
        BulkBackupOptions packed = BulkBackupOptions.builder().pack(true).maxConcurrency(1).build();
        List<BackupHandle> first = service.backupMany(aggregates, "Order", packed).successfulBackups();
        clock.advance(Duration.ofDays(1));
        List<BackupHandle> second = service.backupMany(aggregates, "Order", packed).successfulBackups();

        ForgetReport report = service.forget(BackupQuery.builder().objectName("Order").build(),
                RetentionPolicy.builder().keepLast(1).build(), false);

        assertThat(report.failures()).isEmpty();
        assertThat(report.groups()).extracting(ForgetGroup::objectId).containsExactly("p-1", "p-2", "p-3");
        assertThat(report.removedCount()).isEqualTo(3);
        assertThat(ids(service)).isEqualTo(ids(second));
        assertThat(ids(service(false))).as("the provider's own listing").isEqualTo(ids(second));
        for (BackupHandle gone : first) {
            assertThat(service(false).getBackup(gone.backupId())).isEmpty();
        }
        clock.advance(Duration.ofHours(2));
        assertThat(service.cleanupExpiredBackups().packs().packsReclaimed()).isOne();
        assertThat(service.restoreToNewStream(second.get(1), "p-2-copy").eventsRestored()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDeleteFailingMidwayIsReportedTheOthersGoOnAndASecondRunFinishes(boolean withRegistry) {
        BackupRestoreService service = service(withRegistry);
        create(store, "Order", "o-1", 5, null);
        create(store, "Order", "o-2", 5, null);
        List<BackupHandle> one = everySixHours(service, "o-1", 2, BackupOptions.DEFAULT);
        List<BackupHandle> two = everySixHours(service, "o-2", 2, BackupOptions.DEFAULT);
        RetentionPolicy policy = RetentionPolicy.builder().keepLast(2).build();
        // A backup is deleted manifest, archive, pointer: call 4 is the second removed backup's manifest.
        int deletesSoFar = faults.calls(BlobOp.DELETE);
        faults.failOnCall(BlobOp.DELETE, deletesSoFar + 4);

        ForgetReport first = service.forget(BackupQuery.builder().objectName("Order").build(), policy, false);

        assertThat(first.failures()).hasSize(1);
        ForgetFailure failure = first.failures().get(0);
        Injected.assertInjected(faults, failure.exception(), "the failed deletion");
        assertThat(first.removedCount()).as("the other five of o-1 and all six of o-2").isEqualTo(11);
        assertThat(ids(service)).as("the failed one is still whole and listed")
                .contains(failure.backup().backupId()).hasSize(5);
        assertThat(service.validateBackup(failure.backup().backupId()).problems()).isEmpty();

        faults.heal();
        ForgetReport second = service.forget(BackupQuery.builder().objectName("Order").build(), policy, false);
        assertThat(second.failures()).isEmpty();
        assertThat(ids(second.groups().stream().flatMap(g -> g.removed().stream()).toList()))
                .containsExactly(failure.backup().backupId());
        assertThat(ids(service)).containsExactlyInAnyOrder(one.get(7).backupId(), one.get(6).backupId(),
                two.get(7).backupId(), two.get(6).backupId());
        try (Stream<ValidationReport> all = service.validateAll()) {
            assertThat(all).hasSize(4).allSatisfy(r -> assertThat(r.problems()).isEmpty());
        }
    }

    @Test
    void theSelectionsTagsNarrowWhatIsConsideredAndKeepTagKeepsTagged() {
        BackupRestoreService service = service(false);
        create(store, "Order", "o-1", 2, null);
        BackupHandle release = service.backupStream("Order", "o-1",
                BackupOptions.builder().tag("release", "1.0").build());
        clock.advance(Duration.ofHours(1));
        BackupHandle nightly1 = service.backupStream("Order", "o-1", BackupOptions.builder().tag("run", "nightly").build());
        clock.advance(Duration.ofHours(1));
        BackupHandle nightly2 = service.backupStream("Order", "o-1", BackupOptions.builder().tag("run", "nightly").build());
        clock.advance(Duration.ofHours(1));
        BackupHandle adHoc = service.backupStream("Order", "o-1", BackupOptions.DEFAULT);

        ForgetReport onlyNightly = service.forget(BackupQuery.builder().objectName("Order").tag("run", "nightly")
                .build(), RetentionPolicy.builder().keepLast(1).build(), false);
        assertThat(ids(onlyNightly.groups().get(0).removed())).containsExactly(nightly1.backupId());
        assertThat(ids(service)).containsExactlyInAnyOrder(release.backupId(), nightly2.backupId(), adHoc.backupId());

        ForgetReport keepRelease = service.forget(BackupQuery.builder().objectName("Order").build(),
                RetentionPolicy.builder().keepTag("release", "1.0").build(), true);
        assertThat(keepRelease.groups().get(0).kept()).extracting(KeptBackup::reasons)
                .containsExactly(List.of("tag release=1.0"));
        assertThat(ids(keepRelease.groups().get(0).removed())).containsExactlyInAnyOrder(nightly2.backupId(),
                adHoc.backupId());
    }

    @Test
    void aBackupTheRegistryStillListsButTheProviderLostKeepsNothingInTheStoreOfARealOne() {
        BackupRestoreService service = service(true);
        create(store, "Order", "o-1", 3, null);
        List<BackupHandle> made = everySixHours(service, "o-1", 1, BackupOptions.DEFAULT);
        BackupHandle newest = made.get(3);
        // Another process without the registry (or a registry write that failed) deletes the newest backup: the
        // registry still lists it.
        assertThat(service(false).deleteBackup(newest.backupId())).isTrue();
        assertThat(ids(service)).contains(newest.backupId());

        ForgetReport report = service.forget(BackupQuery.builder().objectName("Order").build(),
                RetentionPolicy.builder().keepLast(1).build(), false);

        assertThat(report.failures()).isEmpty();
        assertThat(report.groups().get(0).kept()).extracting(k -> k.backup().backupId())
                .as("a backup that is gone keeps nothing in its place").containsExactly(made.get(2).backupId());
        assertThat(ids(service(false))).as("keep-last 1 leaves one backup").containsExactly(made.get(2).backupId());
        assertThat(service.restoreToNewStream(made.get(2), "o-1-copy").eventsRestored()).isEqualTo(3);
    }

    void append(String id, int count) {
        ObjectDocument doc = Streams.document(store, "Order", id);
        StreamInformation s = store.appendEvents("Order", doc.active(), StreamHeader.of("Order", id),
                Streams.events(doc.active().currentStreamVersion() + 1, count));
        store.writeDocument(doc.withActive(s), store.readDocument("Order", id).orElseThrow().etag());
    }
}
