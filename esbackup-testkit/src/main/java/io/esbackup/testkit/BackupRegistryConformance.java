package io.esbackup.testkit;

import static io.esbackup.testkit.SampleManifests.id;
import static io.esbackup.testkit.SampleManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.Compression;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BackupRegistry} must have, as its Javadoc states it. An implementation's test
 * extends this class and only supplies a {@link BackupRegistryFixture}; every test runs against a new,
 * empty registry.
 *
 * <p>The registry filters queries exactly by the manifest's own fields (object name and id, location,
 * created range, tags) and leaves expiry and {@code maxResults} to the service, which has the clock and
 * sorts; the query tests assert exactly that split.
 */
public abstract class BackupRegistryConformance {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final BackupQuery EVERYTHING = BackupQuery.builder().includeExpired(true).build();
    private static final int THREADS = 16;
    private static final int PER_THREAD = 50;

    private BackupRegistryFixture fixture;
    /** The registry under test; a new one for every test. */
    protected BackupRegistry registry;

    /** The implementation under test. */
    protected abstract BackupRegistryFixture fixture();

    @BeforeEach
    void createRegistry() {
        fixture = fixture();
        registry = fixture.create();
    }

    @AfterEach
    void cleanUpRegistry() throws Exception {
        if (fixture != null) {
            fixture.cleanup();
        }
    }

    // ---- record, find, remove

    @Test
    void aRecordedManifestIsFoundWithEveryFieldAsItWas() {
        // Nanoseconds, non-ASCII text, several tags, a nested location: a registry that stores columns must
        // still give back exactly what was recorded.
        BackupManifest rich = new BackupManifest(ArchiveFormat.VERSION, id(1).toString(), "Commande", "cmd-ü-1",
                "cmdü1-0000000003", 41, 42, T0.plusNanos(123_456_789), T0.plus(Duration.ofDays(30)),
                "sauvegarde « complète » ☕", Map.of("env", "prod", "équipe", "north", "empty", ""), true, true,
                true, 3, 2, Compression.GZIP, 987_654_321L, SampleManifests.sha256(1), "archive/2026",
                "1.2.3");
        BackupManifest bare = new BackupManifest(ArchiveFormat.VERSION, id(2).toString(), "Order", "o-1",
                "o1-0000000000", -1, 0, T0, null, null, Map.of(), false, false, false, 0, 0, Compression.NONE, 17,
                SampleManifests.sha256(2), null, null);
        registry.record(rich);
        registry.record(bare);

        assertThat(registry.find(id(1))).hasValue(rich);
        assertThat(registry.find(id(2))).hasValue(bare);
        assertThat(registry.find(id(3))).isEmpty();
        assertThat(query(EVERYTHING)).containsExactlyInAnyOrder(rich, bare);
    }

    @Test
    void recordingTheSameManifestTwiceKeepsOneEntry() {
        BackupManifest m = manifest(1, "Order", "o-1", T0);
        registry.record(m);
        registry.record(m);

        assertThat(query(EVERYTHING)).containsExactly(m);
        assertThat(registry.find(id(1))).hasValue(m);
    }

    @Test
    void recordingAManifestWithARecordedIdReplacesThatEntry() {
        BackupManifest first = manifest(1, "Order", "o-1", null, T0, null, Map.of("env", "test"));
        BackupManifest second = manifest(1, "Order", "o-1", null, T0, T0.plusSeconds(60), Map.of("env", "prod"));
        registry.record(first);
        registry.record(second);

        assertThat(registry.find(id(1))).hasValue(second);
        assertThat(query(EVERYTHING)).containsExactly(second);
        assertThat(query(BackupQuery.builder().tag("env", "test").build())).isEmpty();
    }

    @Test
    void removeDeletesOnlyThatEntryAndSaysWhetherThereWasOne() {
        BackupManifest a = manifest(1, "Order", "o-1", T0);
        BackupManifest b = manifest(2, "Order", "o-1", T0.plusSeconds(1));
        registry.record(a);
        registry.record(b);

        assertThat(registry.remove(id(1))).isTrue();
        assertThat(registry.remove(id(1))).isFalse();
        assertThat(registry.remove(id(3))).isFalse();
        assertThat(registry.find(id(1))).isEmpty();
        assertThat(registry.find(id(2))).hasValue(b);
        assertThat(query(EVERYTHING)).containsExactly(b);

        registry.record(a); // a removed id can be recorded again
        assertThat(registry.find(id(1))).hasValue(a);
    }

    // ---- query

    @Test
    void queryByObjectNameAndIdMatchesExactly() {
        Sample s = recordSample();
        assertThat(query(BackupQuery.builder().objectName("Order").build())).containsExactlyInAnyOrder(s.a, s.b, s.c);
        assertThat(query(BackupQuery.builder().objectName("Order").objectId("o-1").build()))
                .containsExactlyInAnyOrder(s.a, s.b);
        // The same object id under another name is another aggregate.
        assertThat(query(BackupQuery.builder().objectName("Invoice").objectId("o-1").build())).containsExactly(s.d);
        assertThat(query(BackupQuery.builder().objectName("Order").objectId("o-9").build())).isEmpty();
        assertThat(query(BackupQuery.builder().objectName("order").build())).isEmpty();
    }

    @Test
    void queryByLocationMatchesItExactlyAndNoLocationMatchesEveryLocation() {
        Sample s = recordSample();
        assertThat(query(BackupQuery.builder().location("archive/2026").build())).containsExactly(s.b);
        // A location is not a prefix of the locations under it.
        assertThat(query(BackupQuery.builder().location("archive").build())).containsExactly(s.d);
        assertThat(query(BackupQuery.builder().location("elsewhere").build())).isEmpty();
        assertThat(query(EVERYTHING)).containsExactlyInAnyOrder(s.all());
    }

    @Test
    void queryByCreatedRangeIsInclusiveBelowAndExclusiveAbove() {
        Sample s = recordSample();
        assertThat(query(BackupQuery.builder().createdAfter(T0.plusSeconds(60)).build()))
                .containsExactlyInAnyOrder(s.b, s.c, s.d, s.e);
        assertThat(query(BackupQuery.builder().createdBefore(T0.plusSeconds(180)).build()))
                .containsExactlyInAnyOrder(s.a, s.b, s.c);
        assertThat(query(BackupQuery.builder().createdAfter(T0.plusSeconds(60)).createdBefore(T0.plusSeconds(180))
                .build())).containsExactlyInAnyOrder(s.b, s.c);
        // One nanosecond either side of an instant decides, so a registry may not round timestamps.
        assertThat(query(BackupQuery.builder().createdAfter(T0.plusSeconds(60).plusNanos(1)).build()))
                .containsExactlyInAnyOrder(s.c, s.d, s.e);
        assertThat(query(BackupQuery.builder().createdBefore(T0.plusSeconds(60).plusNanos(1)).build()))
                .containsExactlyInAnyOrder(s.a, s.b);
    }

    @Test
    void queryByTagsNeedsEveryGivenTagWithItsValue() {
        Sample s = recordSample();
        assertThat(query(BackupQuery.builder().tag("env", "prod").build())).containsExactlyInAnyOrder(s.a, s.c, s.e);
        assertThat(query(BackupQuery.builder().tag("env", "prod").tag("tier", "gold").build())).containsExactly(s.a);
        assertThat(query(BackupQuery.builder().tag("tier", "gold").build())).containsExactly(s.a);
        assertThat(query(BackupQuery.builder().tag("env", "staging").build())).isEmpty();
        assertThat(query(BackupQuery.builder().tag("env", "PROD").build())).isEmpty();
    }

    @Test
    void queryAppliesEveryFilterAtOnce() {
        Sample s = recordSample();
        assertThat(query(BackupQuery.builder().objectName("Order").tag("env", "prod")
                .createdAfter(T0.plusNanos(1)).build())).containsExactly(s.c);
        assertThat(query(BackupQuery.builder().objectName("Order").objectId("o-1").location("archive/2026")
                .tag("env", "test").createdBefore(T0.plusSeconds(61)).build())).containsExactly(s.b);
    }

    @Test
    void queryReturnsExpiredEntriesAndIgnoresMaxResults() {
        Sample s = recordSample();
        // Expiry needs the caller's clock and the caller sorts before it limits: the registry returns all.
        assertThat(query(BackupQuery.builder().includeExpired(false).maxResults(1).build()))
                .containsExactlyInAnyOrder(s.all());
        assertThat(query(BackupQuery.builder().objectName("Invoice").objectId("i-9").build())).containsExactly(s.e);
    }

    @Test
    void entriesCanBeRecordedAndRemovedWhileAQueryIsOpen() {
        List<BackupManifest> orders = LongStream.range(0, 30).mapToObj(n -> manifest(n, "Order", "o-" + n, T0))
                .toList();
        orders.forEach(registry::record);
        BackupManifest late = manifest(100, "Late", "l-1", T0);
        int removed = 0;
        try (Stream<BackupManifest> open = registry.query(EVERYTHING)) {
            for (Iterator<BackupManifest> it = open.iterator(); it.hasNext(); ) {
                BackupManifest m = it.next();
                registry.record(late);
                if (m.objectName().equals("Order") && registry.remove(UUID.fromString(m.backupId()))) {
                    removed++;
                }
            }
        }
        assertThat(removed).isEqualTo(orders.size());
        assertThat(query(EVERYTHING)).containsExactly(late);
    }

    // ---- concurrency

    @Test
    void concurrentRecordsFromManyThreadsAreAllKept() {
        List<Race.Outcome<Void>> outcomes = Race.run(THREADS, t -> {
            for (int i = 0; i < PER_THREAD; i++) {
                long n = (long) t * PER_THREAD + i;
                registry.record(manifest(n, "Order", "o-" + (n % 7), T0.plusMillis(n)));
            }
            return null;
        });
        assertAllSucceeded(outcomes);
        Set<UUID> expected = LongStream.range(0, THREADS * PER_THREAD).mapToObj(SampleManifests::id)
                .collect(Collectors.toSet());
        assertThat(ids(query(EVERYTHING))).isEqualTo(expected);
    }

    @Test
    void concurrentRecordsAndRemovalsOfDifferentIdsAreAllApplied() {
        int half = THREADS / 2;
        long old = (long) half * PER_THREAD;
        LongStream.range(0, old).forEach(n -> registry.record(manifest(n, "Order", "o-1", T0.plusMillis(n))));
        // Even threads remove the old entries, odd threads record new ones, all at once.
        List<Race.Outcome<Integer>> outcomes = Race.run(THREADS, t -> {
            int removed = 0;
            for (int i = 0; i < PER_THREAD; i++) {
                long n = (long) (t / 2) * PER_THREAD + i;
                if (t % 2 == 0) {
                    removed += registry.remove(id(n)) ? 1 : 0;
                } else {
                    registry.record(manifest(old + n, "Order", "o-1", T0.plusMillis(old + n)));
                }
            }
            return removed;
        });
        assertAllSucceeded(outcomes);
        assertThat(outcomes.stream().mapToInt(Race.Outcome::value).sum()).as("removals that found their entry")
                .isEqualTo(old);
        Set<UUID> recorded = LongStream.range(old, 2 * old).mapToObj(SampleManifests::id).collect(Collectors.toSet());
        assertThat(ids(query(EVERYTHING))).isEqualTo(recorded);
    }

    // ---- bad input

    @Test
    void invalidArgumentsAreRejectedWithIllegalArgumentExceptionAndRecordNothing() {
        BackupManifest good = manifest(1, "Order", "o-1", T0);
        rejects("null manifest", r -> r.record(null));
        rejects("a backup id that is no UUID", r -> r.record(withId(good, "not-a-uuid")));
        rejects("a short-form UUID", r -> r.record(withId(good, "1-2-3-4-5")));
        rejects("an upper-case UUID", r -> r.record(withId(good, good.backupId().toUpperCase())));
        rejects("path traversal in the object name", r -> r.record(manifest(2, "../Order", "o-1", T0)));
        rejects("a blank object id", r -> r.record(manifest(3, "Order", " ", T0)));
        rejects("a bad location segment", r -> r.record(manifest(4, "Order", "o-1", "a//b", T0, null, Map.of())));
        rejects("no createdAt", r -> r.record(manifest(5, "Order", "o-1", null)));
        rejects("null id to remove", r -> r.remove(null));
        rejects("null id to find", r -> r.find(null));
        rejects("null query", r -> r.query(null));

        registry.record(good);
        assertThat(query(EVERYTHING)).as("entries after the rejected calls and one good record").containsExactly(good);
    }

    // ---- helpers

    /** Five manifests that the query tests slice in every direction. */
    private record Sample(BackupManifest a, BackupManifest b, BackupManifest c, BackupManifest d,
                          BackupManifest e) {
        BackupManifest[] all() {
            return new BackupManifest[] {a, b, c, d, e};
        }
    }

    private Sample recordSample() {
        Sample s = new Sample(
                manifest(1, "Order", "o-1", null, T0, null, Map.of("env", "prod", "tier", "gold")),
                manifest(2, "Order", "o-1", "archive/2026", T0.plusSeconds(60), null, Map.of("env", "test")),
                manifest(3, "Order", "o-2", null, T0.plusSeconds(120), T0.plus(Duration.ofDays(365)),
                        Map.of("env", "prod")),
                manifest(4, "Invoice", "o-1", "archive", T0.plusSeconds(180), null, Map.of()),
                // Expired long before any clock a test runs with.
                manifest(5, "Invoice", "i-9", null, T0.plusSeconds(240), T0.plusSeconds(241), Map.of("env", "prod")));
        for (BackupManifest m : s.all()) {
            registry.record(m);
        }
        return s;
    }

    private List<BackupManifest> query(BackupQuery q) {
        try (Stream<BackupManifest> found = registry.query(q)) {
            return new ArrayList<>(found.toList());
        }
    }

    private void rejects(String what, Consumer<BackupRegistry> call) {
        assertThatThrownBy(() -> call.accept(registry)).as(what).isInstanceOf(IllegalArgumentException.class);
    }

    private static BackupManifest withId(BackupManifest m, String backupId) {
        return new BackupManifest(m.formatVersion(), backupId, m.objectName(), m.objectId(), m.streamIdentifier(),
                m.streamVersion(), m.eventCount(), m.createdAt(), m.expiresAt(), m.description(), m.tags(),
                m.includesSnapshots(), m.includesObjectDocument(), m.includesTerminatedStreams(), m.snapshotCount(),
                m.terminatedStreamCount(), m.compression(), m.storedSize(), m.sha256(), m.location(),
                m.toolVersion());
    }

    private static Set<UUID> ids(List<BackupManifest> manifests) {
        return manifests.stream().map(m -> UUID.fromString(m.backupId())).collect(Collectors.toSet());
    }

    private static void assertAllSucceeded(List<? extends Race.Outcome<?>> outcomes) {
        assertThat(outcomes).as("racing threads").allSatisfy(o -> {
            if (!o.succeeded()) {
                throw new AssertionError("a racing thread failed", o.error());
            }
        });
    }
}
