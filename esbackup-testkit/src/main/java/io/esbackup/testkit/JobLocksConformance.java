package io.esbackup.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.archive.BackupManifest;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupLocation;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BlobJobLocks;
import io.esbackup.backup.CleanupReport;
import io.esbackup.backup.ForwardingBackupProvider;
import io.esbackup.backup.JobLease;
import io.esbackup.backup.JobLocks;
import io.esbackup.backup.JobRun;
import io.esbackup.backup.UnfinishedBackup;
import io.esbackup.backup.ValidationReport;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.RetryPolicy;
import io.esbackup.blob.RetryingBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.LeaseLostException;
import io.esbackup.error.TransientStorageException;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.json.Json;
import io.esbackup.store.InMemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link JobLocks} as its Javadoc states it, for the leases a {@link BlobBackupProvider} keeps in
 * its blob storage ({@link BlobJobLocks}): a lease is exclusive while held, taken over only once expired or
 * released, by exactly one of many racers; its former holder learns that at its next renewal; the lease object is
 * never seen as a backup by listing, validation or clean-up; bad names are refused before any I/O; and a failed
 * write leaves no lease behind. An implementation's test extends this class and supplies a new, empty blob store
 * per test; the suite's clock is moved by hand from {@link #T0}, far in the future, so the stores' own (real)
 * modification times are long past the clean-up's grace period.
 */
public abstract class JobLocksConformance {
    /** Where the suite's clock starts. */
    protected static final Instant T0 = Instant.parse("2100-01-01T00:00:00Z");
    private static final String JOB = "nightly-backup";
    private static final Duration TTL = Duration.ofMinutes(1);

    private BlobStoreFixture fixture;
    /** The blob store under test; a new, empty one for every test. */
    protected BlobStore blobs;
    /** The suite's clock, moved by hand. */
    protected final HandClock clock = new HandClock(T0);
    private BackupProvider provider;
    private JobLocks locks;

    /** The blob store the leases are kept in. */
    protected abstract BlobStoreFixture fixture();

    @BeforeEach
    void createStore() {
        fixture = fixture();
        blobs = fixture.create();
        provider = new BlobBackupProvider(blobs, clock);
        locks = provider.capability(JobLocks.class).orElseThrow(() -> new AssertionError("no JobLocks capability"));
    }

    @AfterEach
    void cleanUpStore() throws Exception {
        if (fixture != null) {
            fixture.cleanup();
        }
    }

    // ---- holding

    @Test
    void aFreeLeaseIsTakenAndThenHeldAgainstEveryoneElse() {
        JobLease a = acquire("instance-a");

        assertThat(a.job()).isEqualTo(JOB);
        assertThat(a.owner()).isEqualTo("instance-a");
        assertThat(a.expiresAt()).isEqualTo(T0.plus(TTL));
        assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).as("another owner, while it is held").isEmpty();
        assertThat(locks.tryAcquire(JOB, "instance-a", TTL)).as("the same owner again: not reentrant").isEmpty();
        clock.advance(TTL.minusMillis(1));
        assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).as("a millisecond before it expires").isEmpty();
        assertThat(locks.tryAcquire("cleanup", "instance-b", TTL)).as("another job's lease is its own").isPresent();
    }

    @Test
    void theLeaseObjectIsCompactJsonAtItsDocumentedKey() throws Exception {
        JobLease a = acquire("instance-a");

        assertThat(BlobJobLocks.key(JOB)).isEqualTo("locks/" + JOB + ".lease");
        JsonNode held = leaseObject();
        assertThat(held.get("job").textValue()).isEqualTo(JOB);
        assertThat(held.get("owner").textValue()).isEqualTo("instance-a");
        assertThat(Instant.parse(held.get("acquiredAt").textValue())).isEqualTo(T0);
        assertThat(Instant.parse(held.get("expiresAt").textValue())).isEqualTo(T0.plus(TTL));
        assertThat(held.get("released").booleanValue()).isFalse();

        clock.advance(Duration.ofSeconds(20));
        a.renew();
        assertThat(Instant.parse(leaseObject().get("expiresAt").textValue())).isEqualTo(T0.plusSeconds(20).plus(TTL));
        assertThat(Instant.parse(leaseObject().get("acquiredAt").textValue())).isEqualTo(T0);
        a.release();
        assertThat(leaseObject().get("released").booleanValue()).as("released, not deleted").isTrue();
    }

    // ---- expiry, renewal, takeover

    @Test
    void aLeaseRenewedInTimeIsNotTakenOver() {
        JobLease a = acquire("instance-a");
        clock.advance(Duration.ofSeconds(50));
        a.renew();
        assertThat(a.expiresAt()).isEqualTo(T0.plusSeconds(50).plus(TTL));
        clock.advance(Duration.ofSeconds(50));

        assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).as("past the first expiry, within the renewed one")
                .isEmpty();
        a.renew();
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsFormerHolderLosesItAtItsNextRenewal() {
        JobLease a = acquire("instance-a");
        clock.advance(TTL);

        JobLease b = locks.tryAcquire(JOB, "instance-b", TTL).orElseThrow(() -> new AssertionError(
                "an expired lease was not taken over"));
        assertThat(b.expiresAt()).isEqualTo(T0.plus(TTL).plus(TTL));
        assertThatThrownBy(a::renew).isInstanceOf(LeaseLostException.class)
                .satisfies(e -> assertThat(((LeaseLostException) e).job()).isEqualTo(JOB))
                .hasMessageContaining(JOB).hasMessageContaining("instance-a");
        assertThatThrownBy(a::renew).as("lost stays lost").isInstanceOf(LeaseLostException.class);
        a.release();
        assertThat(locks.tryAcquire(JOB, "instance-c", TTL)).as("the former holder's release gives up nothing")
                .isEmpty();
        b.renew();
        assertThat(owner()).isEqualTo("instance-b");
    }

    @Test
    void anExpiredButUntakenLeaseIsStillItsHoldersToRenew() {
        JobLease a = acquire("instance-a");
        clock.advance(TTL.multipliedBy(3));

        a.renew();
        assertThat(a.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).isEmpty();
    }

    // ---- release

    @Test
    void aReleasedLeaseIsTakenAtOnceAndReleasingAgainDoesNothing() {
        JobLease a = acquire("instance-a");
        a.release();

        JobLease b = locks.tryAcquire(JOB, "instance-b", TTL).orElseThrow(() -> new AssertionError(
                "a released lease was not free at once"));
        a.release();
        a.close();
        assertThat(locks.tryAcquire(JOB, "instance-c", TTL)).as("a second release of a lease now another's").isEmpty();
        assertThatThrownBy(a::renew).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
        assertThat(owner()).isEqualTo("instance-b");
        b.close();
        assertThat(locks.tryAcquire(JOB, "instance-c", TTL)).isPresent();
    }

    @Test
    void closingTheLeaseReleasesIt() {
        try (JobLease a = acquire("instance-a")) {
            assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).isEmpty();
        }
        assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).as("after close").isPresent();
    }

    // ---- races

    @Test
    void ofManyInstancesRacingForAFreeLeaseExactlyOneGetsIt() {
        List<Race.Outcome<Optional<JobLease>>> outcomes = Race.run(8, i -> locks.tryAcquire(JOB, "instance-" + i,
                TTL));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("a racer failed").isNull());
        List<JobLease> winners = outcomes.stream().flatMap(o -> o.value().stream()).toList();
        assertThat(winners).hasSize(1);
        assertThat(owner()).isEqualTo(winners.get(0).owner());
    }

    @Test
    void ofManyInstancesRacingForAnExpiredLeaseExactlyOneTakesItOver() {
        JobLease a = acquire("instance-a");
        clock.advance(TTL.plusSeconds(1));

        List<Race.Outcome<Optional<JobLease>>> outcomes = Race.run(8, i -> locks.tryAcquire(JOB, "instance-" + i,
                TTL));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("a racer failed").isNull());
        List<JobLease> winners = outcomes.stream().flatMap(o -> o.value().stream()).toList();
        assertThat(winners).hasSize(1);
        assertThat(owner()).isEqualTo(winners.get(0).owner());
        winners.get(0).renew();
        assertThatThrownBy(a::renew).isInstanceOf(LeaseLostException.class);
    }

    // ---- the lease beside the backups

    @Test
    void theLeaseIsNeitherListedNorValidatedNorCleanedUpAsABackup() {
        InMemoryEventStore store = new InMemoryEventStore();
        StreamInformation active = store.appendEvents("Order", StreamInformation.empty("olocked-0000000000", "blob"),
                StreamHeader.of("Order", "o-locked"), SampleEvents.range(0, 4).iterator());
        store.writeDocument(ObjectDocument.create("Order", "o-locked", active), null);
        BackupRestoreService service = BackupRestoreService.builder(store, provider).clock(clock).build();
        BackupHandle backup = service.backupStream("Order", "o-locked", BackupOptions.DEFAULT);
        JobLease a = locks.tryAcquire(JOB, "instance-a", Duration.ofDays(7)).orElseThrow();
        locks.recordRun(JOB, new JobRun("instance-a", T0, T0, true, "done", T0));
        String etag = blobs.stat(BlobJobLocks.key(JOB)).orElseThrow().etag();
        String runEtag = blobs.stat(BlobJobLocks.runKey(JOB)).orElseThrow().etag();

        try (Stream<BackupManifest> manifests = provider.listManifests(BackupQuery.builder().includeExpired(true)
                .build())) {
            assertThat(manifests.map(BackupManifest::backupId)).containsExactly(backup.backupId().toString());
        }
        try (Stream<UUID> ids = provider.listBackupIds()) {
            assertThat(ids).containsExactly(backup.backupId());
        }
        List<ValidationReport> reports;
        try (Stream<ValidationReport> all = service.validateAll()) {
            reports = all.toList();
        }
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.backupId()).isEqualTo(backup.backupId());
            assertThat(r.problems()).isEmpty();
        });

        // An unfinished backup beside it, so the clean-up below demonstrably sweeps what is unfinished.
        BackupLocation unfinished = new BackupLocation(UUID.fromString("00000000-0000-4000-8000-00000000000b"),
                "Order", "o-unfinished", null);
        provider.writeArchive(unfinished, out -> out.write("never committed".getBytes(StandardCharsets.UTF_8)));
        clock.advance(Duration.ofDays(2));
        CleanupReport cleanup = service.cleanupExpiredBackups();

        assertThat(cleanup.unfinished()).extracting(UnfinishedBackup::location).containsOnly(unfinished);
        assertThat(cleanup.expired()).isEmpty();
        assertThat(blobs.stat(BlobJobLocks.runKey(JOB)).orElseThrow().etag()).as("the run record, untouched")
                .isEqualTo(runEtag);
        assertThat(blobs.stat(BlobJobLocks.key(JOB))).as("the lease object after the clean-up").isPresent()
                .get().extracting(BlobInfo::etag).isEqualTo(etag);
        assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).as("still held after the clean-up").isEmpty();
        a.renew();
        assertThat(service.getBackup(backup.backupId())).isPresent();
    }

    @Test
    void wrappersOfTheProviderHandOutTheSameLeases() {
        JobLocks wrapped = new ForwardingBackupProvider(provider) { }.capability(JobLocks.class)
                .orElseThrow(() -> new AssertionError("a forwarding wrapper hid JobLocks"));
        JobLease a = wrapped.tryAcquire(JOB, "instance-a", TTL).orElseThrow();

        assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).isEmpty();
        a.release();
        assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).isPresent();
    }

    @Test
    void overARetryingStoreATransientFailureIsRetriedAndTheLeaseTaken() {
        FaultyBlobStore faulty = new FaultyBlobStore(blobs, 4).failOnCall(BlobOp.WRITE, 1);
        BlobStore retrying = new RetryingBlobStore(faulty, RetryPolicy.DEFAULT, d -> { }, new SplittableRandom(4));
        JobLocks over = new BlobBackupProvider(retrying, clock).capability(JobLocks.class)
                .orElseThrow(() -> new AssertionError("no JobLocks over a retrying store"));

        JobLease a = over.tryAcquire(JOB, "instance-a", TTL).orElseThrow();
        assertThat(faulty.calls(BlobOp.WRITE)).as("the failed create and its retry").isEqualTo(2);
        assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).isEmpty();
        a.release();
        assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).isPresent();
    }

    // ---- bad input and bad objects

    // ---- run records

    @Test
    void aRunRecordIsReadByEveryInstanceAndReplacedByTheNext() {
        JobLocks other = new BlobBackupProvider(blobs, clock).capability(JobLocks.class).orElseThrow();
        assertThat(other.lastRun(JOB)).as("before any run").isEmpty();
        JobRun failed = new JobRun("instance-a", T0, T0.plusSeconds(5), false, "order: 1 failed", null);

        locks.recordRun(JOB, failed);

        assertThat(BlobJobLocks.runKey(JOB)).isEqualTo("locks/" + JOB + ".run");
        assertThat(other.lastRun(JOB)).contains(failed);
        JobRun succeeded = new JobRun("instance-b", T0.plusSeconds(60), T0.plusSeconds(70), true,
                "order: 2 backed up", T0.plusSeconds(70));
        other.recordRun(JOB, succeeded);
        assertThat(locks.lastRun(JOB)).contains(succeeded);
        assertThat(locks.lastRun("cleanup")).as("another job's record is its own").isEmpty();
        assertThat(new JobRun("a", T0, T0, true, "x".repeat(5000), null).message()).hasSize(JobRun.MAX_MESSAGE);
    }

    @Test
    void aRunRecordThatCannotBeReadIsIgnored() {
        JobRun run = new JobRun("instance-a", T0, T0, true, "done", T0);
        locks.recordRun(JOB, run);
        assertThat(locks.lastRun(JOB)).contains(run);

        blobs.write(BlobJobLocks.runKey(JOB), WriteCondition.overwrite(), "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(locks.lastRun(JOB)).isEmpty();
        assertThatThrownBy(() -> locks.recordRun("../" + JOB, new JobRun("a", T0, T0, true, "", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job");
        assertThatThrownBy(() -> locks.recordRun(JOB, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run");
    }

    @Test
    void badJobOwnerAndTtlAreRefusedBeforeAnyIo() {
        FaultyBlobStore counted = new FaultyBlobStore(blobs, 17);
        JobLocks over = new BlobBackupProvider(counted, clock).capability(JobLocks.class).orElseThrow();
        List<String> bad = Arrays.asList(null, "", "   ", "a/b", "a\\b", "..", "a..b", "tab\there", "x".repeat(201));

        for (String name : bad) {
            assertThatThrownBy(() -> over.tryAcquire(name, "instance-a", TTL)).as("job %s", name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("job ");
            assertThatThrownBy(() -> over.tryAcquire(JOB, name, TTL)).as("owner %s", name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("owner ");
        }
        for (Duration ttl : Arrays.asList(null, Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(366))) {
            assertThatThrownBy(() -> over.tryAcquire(JOB, "instance-a", ttl)).as("ttl %s", ttl)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ttl ");
        }
        for (BlobOp op : BlobOp.values()) {
            assertThat(counted.calls(op)).as("%s calls", op).isZero();
        }
        over.tryAcquire(JOB, "instance-a", TTL).orElseThrow();
        try (Stream<BlobInfo> all = blobs.list("")) {
            assertThat(all.map(BlobInfo::key)).containsExactly(BlobJobLocks.key(JOB));
        }
    }

    @Test
    void anUnreadableLeaseObjectCountsAsExpiredAndIsTakenOver() {
        blobs.write(BlobJobLocks.key(JOB), WriteCondition.createOnly(), "{\"job\": edited by ha".getBytes(
                StandardCharsets.UTF_8));

        JobLease b = locks.tryAcquire(JOB, "instance-b", TTL).orElseThrow(() -> new AssertionError(
                "an unreadable lease object blocked the job"));
        assertThat(owner()).isEqualTo("instance-b");
        assertThat(locks.tryAcquire(JOB, "instance-c", TTL)).isEmpty();
        b.renew();
    }

    // ---- faults

    @Test
    void aFailedWriteWhileTakingAFreeLeaseLeavesNoLeaseAndReportsTheInjectedFailure() {
        FaultyBlobStore faulty = new FaultyBlobStore(blobs, 1).failOnCall(BlobOp.WRITE, 1);
        JobLocks over = new BlobJobLocks(faulty, clock);

        assertThatThrownBy(() -> over.tryAcquire(JOB, "instance-a", TTL))
                .isInstanceOf(TransientStorageException.class).satisfies(e -> assertThat(faulty.injected(e)).isTrue());
        assertThat(blobs.stat(BlobJobLocks.key(JOB))).as("no lease object").isEmpty();
        JobLease b = locks.tryAcquire(JOB, "instance-b", TTL).orElseThrow();
        assertThat(locks.tryAcquire(JOB, "instance-c", TTL)).isEmpty();
        b.release();
    }

    @Test
    void aFailedWriteWhileTakingOverLeavesTheExpiredLeaseToTheNextTaker() {
        JobLease a = acquire("instance-a");
        clock.advance(TTL);
        // Write #1 is the create-only attempt (the key exists), #2 the takeover on the ETag it read.
        FaultyBlobStore faulty = new FaultyBlobStore(blobs, 2).failOnCall(BlobOp.WRITE, 2);
        JobLocks over = new BlobJobLocks(faulty, clock);

        assertThatThrownBy(() -> over.tryAcquire(JOB, "instance-b", TTL))
                .isInstanceOf(TransientStorageException.class).satisfies(e -> assertThat(faulty.injected(e)).isTrue());
        assertThat(owner()).isEqualTo("instance-a");
        JobLease c = locks.tryAcquire(JOB, "instance-c", TTL).orElseThrow();
        assertThatThrownBy(a::renew).isInstanceOf(LeaseLostException.class);
        c.renew();
    }

    @Test
    void aFailedRenewalOrReleaseKeepsTheLeaseItsHoldersAndCanBeTriedAgain() {
        FaultyBlobStore faulty = new FaultyBlobStore(blobs, 3).failOnCall(BlobOp.WRITE, 2, 3);
        JobLease a = new BlobJobLocks(faulty, clock).tryAcquire(JOB, "instance-a", TTL).orElseThrow();
        clock.advance(Duration.ofSeconds(30));

        assertThatThrownBy(a::renew).satisfies(e -> assertThat(faulty.injected(e)).isTrue());
        assertThat(a.expiresAt()).as("unchanged by the failed renewal").isEqualTo(T0.plus(TTL));
        assertThatThrownBy(a::release).satisfies(e -> assertThat(faulty.injected(e)).isTrue());
        assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).as("held after the failed release").isEmpty();
        a.renew();
        assertThat(a.expiresAt()).isEqualTo(T0.plusSeconds(30).plus(TTL));
        a.release();
        assertThat(locks.tryAcquire(JOB, "instance-b", TTL)).as("free after the release that went through")
                .isPresent();
    }

    private JobLease acquire(String owner) {
        return locks.tryAcquire(JOB, owner, TTL).orElseThrow(() -> new AssertionError(owner + " got no lease"));
    }

    private JsonNode leaseObject() {
        return Json.tree(blobs.readAllBytes(BlobJobLocks.key(JOB)).orElseThrow(() -> new AssertionError(
                "no lease object")));
    }

    private String owner() {
        return leaseObject().get("owner").textValue();
    }
}
