package io.esbackup.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.archive.BackupManifest;
import io.esbackup.backup.BackupLocation;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.IdPointers;
import io.esbackup.backup.JobLease;
import io.esbackup.backup.JobLocks;
import io.esbackup.backup.PointerCheck;
import io.esbackup.backup.UnfinishedBackup;
import io.esbackup.backup.UnfinishedBackups;
import io.esbackup.blob.AbandonedWrites;
import io.esbackup.blob.BlobInfo;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupIdTakenException;
import io.esbackup.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BackupProvider} must have, as its Javadoc states it: an archive and then its
 * manifest (the commit) written create-only, found by id, listed, read back byte for byte and deleted. An
 * implementation's test extends this class and only supplies a {@link BackupProviderFixture}; every test runs
 * against a new, empty provider. The provider stores archive bytes as they are, so the archives here are any
 * bytes, not real archives.
 */
public abstract class BackupProviderConformance {
    /** The optional capabilities of a provider that the suite knows, checks and tests. */
    public static final Set<Class<?>> CAPABILITIES = Set.of(UnfinishedBackups.class, AbandonedWrites.class,
            JobLocks.class, IdPointers.class);
    private static final BackupQuery EVERYTHING = BackupQuery.builder().includeExpired(true).build();
    private static final Instant T0 = Instant.parse("2024-09-17T08:30:00Z");

    private BackupProviderFixture fixture;
    /** The provider under test; a new one for every test. */
    protected BackupProvider provider;

    /** The implementation under test. */
    protected abstract BackupProviderFixture fixture();

    /** A new provider, checked to have exactly the capabilities its fixture declares. */
    @BeforeEach
    void createProvider() {
        fixture = fixture();
        provider = fixture.create();
        DeclaredCapabilities.assertExactly(provider, CAPABILITIES, fixture.capabilities());
    }

    @AfterEach
    void cleanUpProvider() throws Exception {
        if (fixture != null) {
            fixture.cleanup();
        }
    }

    // ---- the commit

    @Test
    void aCommittedBackupIsFoundByIdReadBackExactlyAndListed() {
        BackupManifest m = manifest(1, "Order", "o-1", null);
        byte[] archive = archive("the archive of o-1, ü and all");

        BlobInfo stored = provider.writeArchive(location(m), out -> out.write(archive));
        provider.writeManifest(location(m), m);

        assertThat(stored.size()).isEqualTo(archive.length);
        assertThat(provider.locate(id(m))).hasValue(location(m));
        assertThat(provider.readManifest(location(m))).hasValue(m);
        assertThat(provider.findManifest(id(m))).hasValue(m);
        assertThat(read(location(m))).isEqualTo(archive);
        assertThat(listed(EVERYTHING)).containsExactly(m);
        assertThat(ids()).containsExactly(id(m));
        assertThat(provider.describe(location(m))).isNotBlank();
    }

    @Test
    void anArchiveWithoutItsManifestIsNotABackupYet() {
        BackupManifest m = manifest(2, "Order", "o-2", null);
        provider.writeArchive(location(m), out -> out.write(archive("unfinished")));

        assertThat(provider.readManifest(location(m))).isEmpty();
        assertThat(provider.findManifest(id(m))).isEmpty();
        assertThat(listed(EVERYTHING)).isEmpty();

        provider.writeManifest(location(m), m);
        assertThat(provider.findManifest(id(m))).hasValue(m);
    }

    @Test
    void aBackupIdIsTakenByTheFirstArchiveAndTheSecondWritesNothing() {
        BackupManifest first = manifest(3, "Order", "o-3", null);
        BackupLocation elsewhere = new BackupLocation(id(first), "Order", "o-other", null);
        provider.writeArchive(location(first), out -> out.write(archive("first")));
        provider.writeManifest(location(first), first);

        assertThatThrownBy(() -> provider.writeArchive(elsewhere, out -> out.write(archive("second"))))
                .isInstanceOf(BackupIdTakenException.class)
                .satisfies(e -> assertThat(((BackupIdTakenException) e).backupId()).isEqualTo(id(first)));
        assertThat(provider.locate(id(first))).hasValue(location(first));
        assertThat(read(location(first))).isEqualTo(archive("first"));
        assertThatThrownBy(() -> provider.openArchive(elsewhere)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aManifestIsWrittenOnceAndTheSameManifestAgainIsNoChange() {
        BackupManifest m = manifest(4, "Order", "o-4", null);
        provider.writeArchive(location(m), out -> out.write(archive("four")));
        provider.writeManifest(location(m), m);

        // A retried commit whose first attempt went through finds its own manifest: committed.
        provider.writeManifest(location(m), m);
        BackupManifest other = SampleManifests.manifest(4, "Order", "o-4", null, T0.plusSeconds(999), null,
                Map.of("a", "different manifest"));
        assertThatThrownBy(() -> provider.writeManifest(location(m), other))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(provider.readManifest(location(m))).hasValue(m);
    }

    @Test
    void aManifestIsNotCommittedWithoutItsArchive() {
        BackupManifest m = manifest(5, "Order", "o-5", null);
        provider.writeArchive(location(m), out -> out.write(archive("five")));
        provider.delete(location(m));

        assertThatThrownBy(() -> provider.writeManifest(location(m), m)).isInstanceOf(NotFoundException.class);
        assertThat(provider.readManifest(location(m))).isEmpty();
        assertThat(listed(EVERYTHING)).isEmpty();
        // The id is free again, and a backup under it goes through.
        provider.writeArchive(location(m), out -> out.write(archive("five again")));
        provider.writeManifest(location(m), m);
        assertThat(read(location(m))).isEqualTo(archive("five again"));
    }

    @Test
    void anArchiveWhoseWriterFailsIsNotStoredAndTheBackupCanBeWrittenAfterItsDelete() {
        BackupManifest m = manifest(6, "Order", "o-6", null);
        IllegalStateException failure = new IllegalStateException("the event store went away");

        assertThatThrownBy(() -> provider.writeArchive(location(m), out -> {
            out.write(archive("half an archi"));
            throw failure;
        })).isSameAs(failure);

        assertThatThrownBy(() -> provider.openArchive(location(m))).isInstanceOf(NotFoundException.class);
        assertThat(listed(EVERYTHING)).isEmpty();
        provider.delete(location(m));
        assertThat(provider.locate(id(m))).isEmpty();
        provider.writeArchive(location(m), out -> out.write(archive("whole")));
        provider.writeManifest(location(m), m);
        assertThat(read(location(m))).isEqualTo(archive("whole"));
    }

    // ---- finding and listing

    @Test
    void listingFindsEveryManifestThatMatchesTheQueryInEveryLocation() {
        BackupManifest a = manifest(7, "Order", "o-7", null);
        BackupManifest b = manifest(8, "Order", "o-8", null);
        BackupManifest c = manifest(9, "Invoice", "i-9", null);
        BackupManifest d = manifest(10, "Order", "o-7", "nightly");
        for (BackupManifest m : List.of(a, b, c, d)) {
            commit(m, "archive " + m.backupId());
        }

        assertThat(listed(EVERYTHING)).containsExactlyInAnyOrder(a, b, c, d);
        // The provider may return more than matches (the caller filters exactly), never less.
        BackupQuery orders = BackupQuery.builder().objectName("Order").includeExpired(true).build();
        assertThat(listed(orders)).contains(a, b, d);
        BackupQuery nightly = BackupQuery.builder().location("nightly").objectName("Order").objectId("o-7")
                .includeExpired(true).build();
        assertThat(listed(nightly)).contains(d);
        assertThat(ids()).containsExactlyInAnyOrder(id(a), id(b), id(c), id(d));
        assertThat(provider.locate(id(d))).hasValue(location(d));
        assertThat(read(location(d))).isEqualTo(archive("archive " + d.backupId()));
    }

    @Test
    void anUnknownIdIsNotFoundWhileAKnownOneIs() {
        BackupManifest m = manifest(11, "Order", "o-11", null);
        commit(m, "eleven");
        UUID unknown = SampleManifests.id(999);

        assertThat(provider.locate(unknown)).isEmpty();
        assertThat(provider.findManifest(unknown)).isEmpty();
        assertThatThrownBy(() -> provider.openArchive(new BackupLocation(unknown, "Order", "o-11", null)))
                .isInstanceOf(NotFoundException.class);
        assertThat(provider.findManifest(id(m))).hasValue(m);
    }

    // ---- deleting

    @Test
    void deleteRemovesTheBackupAndFreesItsId() {
        BackupManifest keep = manifest(12, "Order", "o-12", null);
        BackupManifest gone = manifest(13, "Order", "o-12", null);
        commit(keep, "keep");
        commit(gone, "gone");

        provider.delete(location(gone));

        assertThat(provider.findManifest(id(gone))).isEmpty();
        assertThat(provider.locate(id(gone))).isEmpty();
        assertThatThrownBy(() -> provider.openArchive(location(gone))).isInstanceOf(NotFoundException.class);
        assertThat(listed(EVERYTHING)).containsExactly(keep);
        assertThat(ids()).containsExactly(id(keep));
        assertThat(read(location(keep))).isEqualTo(archive("keep"));
        provider.delete(location(gone)); // again: nothing there, no error
        commit(gone, "gone, then back");
        assertThat(read(location(gone))).isEqualTo(archive("gone, then back"));
    }

    // ---- concurrency

    @Test
    void writersRacingForOneIdHaveExactlyOneWinner() {
        UUID id = SampleManifests.id(14);
        List<Race.Outcome<BlobInfo>> outcomes = Race.run(8, i -> provider.writeArchive(
                new BackupLocation(id, "Order", "o-race-" + i, null), out -> out.write(archive("writer " + i))));

        assertThat(outcomes).filteredOn(Race.Outcome::succeeded).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.succeeded())
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(BackupIdTakenException.class));
        BackupLocation winner = provider.locate(id).orElseThrow();
        assertThat(read(winner)).isEqualTo(archive("writer " + winner.objectId().substring("o-race-".length())));
    }

    // ---- unfinished backups (optional capability)

    /**
     * Where archive and manifest are written apart ({@link UnfinishedBackups}), an archive left without its
     * manifest is listed as unfinished and removed by {@code discardUnfinished}, and a committed backup never
     * is; declared absent otherwise.
     */
    @Test
    void anUnfinishedBackupIsListedAndDiscardedButACommittedOneIsNot() {
        BackupManifest done = manifest(15, "Order", "o-15", null);
        BackupManifest left = manifest(16, "Order", "o-16", null);
        commit(done, "done");
        provider.writeArchive(location(left), out -> out.write(archive("left")));
        assertThat(listed(EVERYTHING)).containsExactly(done);
        Optional<UnfinishedBackups> unfinished = provider.capability(UnfinishedBackups.class);
        if (unfinished.isEmpty()) {
            return;
        }

        List<UnfinishedBackup> found;
        try (Stream<UnfinishedBackup> all = unfinished.get().listUnfinished()) {
            found = all.toList();
        }
        assertThat(found).extracting(UnfinishedBackup::location).containsExactly(location(left));
        // A backup committed since it was listed is left alone.
        provider.writeManifest(location(left), left);
        assertThat(unfinished.get().discardUnfinished(found.get(0))).isFalse();
        assertThat(provider.findManifest(id(left))).hasValue(left);

        BackupManifest crashed = manifest(17, "Order", "o-17", null);
        provider.writeArchive(location(crashed), out -> out.write(archive("crashed")));
        UnfinishedBackup stale;
        try (Stream<UnfinishedBackup> all = unfinished.get().listUnfinished()) {
            stale = all.filter(u -> u.location().equals(location(crashed))).findFirst().orElseThrow();
        }
        assertThat(unfinished.get().discardUnfinished(stale)).isTrue();
        assertThatThrownBy(() -> provider.openArchive(location(crashed))).isInstanceOf(NotFoundException.class);
        try (Stream<UnfinishedBackup> all = unfinished.get().listUnfinished()) {
            assertThat(all).isEmpty();
        }
        assertThat(provider.findManifest(id(done))).hasValue(done);
    }

    // ---- job locks (optional capability)

    /**
     * Where the provider keeps leases of scheduled jobs ({@link JobLocks}; {@link JobLocksConformance} tests them
     * in depth), a held lease shuts out another owner and is no backup: listings, ids and unfinished backups
     * stay exactly the committed backups; declared absent otherwise.
     */
    @Test
    void aJobLeaseKeptBesideTheBackupsIsExclusiveAndNoBackup() {
        BackupManifest m = manifest(19, "Order", "o-19", null);
        commit(m, "nineteen");
        Optional<JobLocks> locks = provider.capability(JobLocks.class);
        assertThat(listed(EVERYTHING)).containsExactly(m);
        if (locks.isEmpty()) {
            return;
        }

        JobLease lease = locks.get().tryAcquire("nightly", "instance-a", java.time.Duration.ofMinutes(5))
                .orElseThrow(() -> new AssertionError("a free lease was not taken"));
        assertThat(locks.get().tryAcquire("nightly", "instance-b", java.time.Duration.ofMinutes(5))).isEmpty();
        assertThat(listed(EVERYTHING)).containsExactly(m);
        assertThat(ids()).containsExactly(id(m));
        try (Stream<UnfinishedBackup> all = provider.capability(UnfinishedBackups.class)
                .map(UnfinishedBackups::listUnfinished).orElseGet(Stream::empty)) {
            assertThat(all).isEmpty();
        }
        lease.release();
        assertThat(locks.get().tryAcquire("nightly", "instance-b", java.time.Duration.ofMinutes(5))).isPresent();
    }

    // ---- id pointers (optional capability)

    /**
     * Where the provider keeps an id pointer beside each manifest ({@link IdPointers}), the manifests' keys list
     * every committed backup in every location (not an unfinished one), each pointer is checked against where its
     * manifest is, a missing one is recreated so that the backup is found by id there, and an existing one is never
     * overwritten; declared absent otherwise.
     */
    @Test
    void idPointersAreCheckedAgainstTheManifestsKeysAndAMissingOneIsRecreatedCreateOnly() {
        BackupManifest plain = manifest(20, "Order", "o-20", null);
        BackupManifest deep = manifest(21, "Order", "o-21", "archive/2024");
        BackupManifest left = manifest(22, "Order", "o-22", null);
        commit(plain, "twenty");
        commit(deep, "twenty-one");
        provider.writeArchive(location(left), out -> out.write(archive("left")));
        Optional<IdPointers> pointers = provider.capability(IdPointers.class);
        assertThat(listed(EVERYTHING)).containsExactlyInAnyOrder(plain, deep);
        if (pointers.isEmpty()) {
            return;
        }

        assertThat(manifestLocations(pointers.get())).containsExactlyInAnyOrder(location(plain), location(deep));
        assertThat(pointers.get().check(location(plain))).isEqualTo(PointerCheck.matches(location(plain)));
        assertThat(pointers.get().check(location(deep))).isEqualTo(PointerCheck.matches(location(deep)));
        assertThat(pointers.get().recreate(location(plain))).isFalse();
        BackupLocation elsewhere = new BackupLocation(id(plain), "Order", "o-elsewhere", "other");
        assertThat(pointers.get().check(elsewhere)).isEqualTo(PointerCheck.differs(elsewhere, location(plain)));
        assertThat(pointers.get().recreate(elsewhere)).isFalse();
        assertThat(provider.locate(id(plain))).hasValue(location(plain));

        BackupLocation unpointed = new BackupLocation(UUID.fromString("00000000-0000-4000-8000-000000000023"),
                "Order", "o-23", "archive/2024");
        assertThat(provider.locate(unpointed.backupId())).isEmpty();
        assertThat(pointers.get().check(unpointed)).isEqualTo(PointerCheck.missing(unpointed));
        assertThat(pointers.get().recreate(unpointed)).isTrue();
        assertThat(provider.locate(unpointed.backupId())).hasValue(unpointed);
        assertThat(pointers.get().check(unpointed)).isEqualTo(PointerCheck.matches(unpointed));
        assertThat(pointers.get().recreate(unpointed)).isFalse();
        // A pointer alone is no backup, and a deleted backup's manifest is no longer listed.
        provider.delete(location(deep));
        assertThat(manifestLocations(pointers.get())).containsExactly(location(plain));
        provider.delete(unpointed);
        assertThat(provider.locate(unpointed.backupId())).isEmpty();
    }

    // ---- bad input

    @Test
    void aLocationTheProviderCannotHoldIsRefusedBeforeAnythingIsWritten() {
        BackupManifest m = manifest(18, "Order", "o-18", null);
        BackupLocation tooDeep = new BackupLocation(id(m), "Order", "o-18", "x".repeat(1100));

        assertThatThrownBy(() -> provider.writeArchive(tooDeep, out -> out.write(archive("never"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(provider.locate(id(m))).isEmpty();
        // The id was not reserved by the refused write: it still serves a backup.
        commit(m, "eighteen");
        assertThat(provider.findManifest(id(m))).hasValue(m);
    }

    // ---- helpers

    private void commit(BackupManifest m, String archive) {
        provider.writeArchive(location(m), out -> out.write(archive(archive)));
        provider.writeManifest(location(m), m);
    }

    private static BackupManifest manifest(long n, String objectName, String objectId, String location) {
        return SampleManifests.manifest(n, objectName, objectId, location, T0.plusSeconds(n), null, Map.of());
    }

    private static BackupLocation location(BackupManifest m) {
        return BackupLocation.of(m);
    }

    private static UUID id(BackupManifest m) {
        return UUID.fromString(m.backupId());
    }

    private static byte[] archive(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] read(BackupLocation location) {
        try (InputStream in = provider.openArchive(location)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<BackupManifest> listed(BackupQuery query) {
        try (Stream<BackupManifest> all = provider.listManifests(query)) {
            return all.toList();
        }
    }

    private static List<BackupLocation> manifestLocations(IdPointers pointers) {
        try (Stream<BackupLocation> all = pointers.listManifestLocations()) {
            return all.toList();
        }
    }

    private List<UUID> ids() {
        try (Stream<UUID> all = provider.listBackupIds()) {
            return all.toList();
        }
    }
}
