package io.esbackup.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BlobJobLocks;
import io.esbackup.backup.JobLocks;
import io.esbackup.blob.LocalBlobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances' jobs sharing one lease in a real folder: one runs a firing, the other skips it; a quick job keeps
 * its lease for {@code holdAtLeast}; a job whose lease another instance took over is interrupted. The waits only
 * keep a broken build from hanging; nothing is decided by time.
 */
class LeasedJobTest {
    private static final Duration TTL = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private JobLocks locks(Clock clock) {
        return new BlobJobLocks(new LocalBlobStore(dir), clock);
    }

    @Test
    void whileOneInstanceRunsAFiringTheOtherSkipsIt() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        LeasedJob a = new LeasedJob("backup", Optional.of(locks(Clock.systemUTC())), "a", TTL, Duration.ZERO,
                Clock.systemUTC(), () -> {
                    runs.incrementAndGet();
                    running.countDown();
                    await(finish);
                    return "done by a";
                });
        LeasedJob b = new LeasedJob("backup", Optional.of(locks(Clock.systemUTC())), "b", TTL, Duration.ZERO,
                Clock.systemUTC(), () -> {
                    runs.incrementAndGet();
                    return "done by b";
                });

        CompletableFuture<Void> first = CompletableFuture.runAsync(a::run);
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        b.run();
        assertThat(b.status().lastSkipped()).isNotNull();
        assertThat(b.status().outcome()).as("b never ran").isNull();
        assertThat(b.status().lastStarted()).isNull();
        finish.countDown();
        first.get(30, TimeUnit.SECONDS);

        assertThat(a.status().outcome()).isEqualTo("succeeded");
        assertThat(a.status().message()).isEqualTo("done by a");
        assertThat(a.status().lastSucceeded()).isNotNull();
        assertThat(runs).hasValue(1);
        b.run(); // a gave the lease back (holdAtLeast zero): b's next firing runs
        assertThat(b.status().outcome()).isEqualTo("succeeded");
        assertThat(runs).hasValue(2);
    }

    @Test
    void aJobFinishedSoonerThanHoldAtLeastKeepsItsLease() {
        LeasedJob a = new LeasedJob("cleanup", Optional.of(locks(Clock.systemUTC())), "a", TTL, Duration.ofMinutes(1),
                Clock.systemUTC(), () -> "quick");
        LeasedJob b = new LeasedJob("cleanup", Optional.of(locks(Clock.systemUTC())), "b", TTL, Duration.ZERO,
                Clock.systemUTC(), () -> "again");

        a.run();
        b.run();

        assertThat(a.status().outcome()).isEqualTo("succeeded");
        assertThat(b.status().lastSkipped()).as("the same firing seen late by b").isNotNull();
        assertThat(b.status().lastStarted()).isNull();
        LeasedJob later = new LeasedJob("cleanup", Optional.of(locks(Clock.offset(Clock.systemUTC(), TTL.plusSeconds(1)))),
                "b", TTL, Duration.ZERO, Clock.systemUTC(), () -> "after expiry");
        later.run();
        assertThat(later.status().outcome()).isEqualTo("succeeded");
    }

    @Test
    void aJobWhoseLeaseIsTakenOverIsInterruptedAndSaysSo() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        // a renews every 100 ms; b's clock is an hour ahead, so b sees a's lease expired and takes it over.
        LeasedJob a = new LeasedJob("backup", Optional.of(locks(Clock.systemUTC())), "a", Duration.ofMillis(300),
                Duration.ZERO, Clock.systemUTC(), () -> {
                    running.countDown();
                    try {
                        Thread.sleep(TimeUnit.SECONDS.toMillis(30));
                        return "not interrupted";
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("stopped: interrupted", e);
                    }
                });
        CompletableFuture<Void> first = CompletableFuture.runAsync(a::run);
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        assertThat(locks(ahead).tryAcquire("backup", "b", TTL)).isPresent();

        first.get(30, TimeUnit.SECONDS);

        assertThat(a.status().outcome()).isEqualTo("lease-lost");
        assertThat(a.status().message()).isEqualTo("stopped: interrupted");
        assertThat(locks(Clock.systemUTC()).tryAcquire("backup", "c", TTL)).as("still b's").isEmpty();
    }

    @Test
    void withoutLeasesTheJobRunsAndAFailureIsItsStatus() {
        Instant at = Instant.parse("2026-12-05T02:00:00Z");
        LeasedJob job = new LeasedJob("backup", Optional.empty(), "a", TTL, Duration.ZERO,
                Clock.fixed(at, ZoneOffset.UTC), () -> {
                    throw new IllegalStateException("order: 2 failed");
                });

        job.run();

        assertThat(job.status()).isEqualTo(new ScheduledJobStatus("backup", at, at, null, "failed",
                "order: 2 failed", null));
    }

    @Test
    void aJobThatThrowsAnErrorEndsFailedAndGivesItsLeaseBack() {
        Instant at = Instant.parse("2026-12-05T02:00:00Z");
        LeasedJob a = new LeasedJob("backup", Optional.of(locks(Clock.systemUTC())), "a", TTL, Duration.ZERO,
                Clock.fixed(at, ZoneOffset.UTC), () -> {
                    throw new InjectedError("injected: a class failed to load");
                });

        a.run();

        assertThat(a.status()).isEqualTo(new ScheduledJobStatus("backup", at, at, null, "failed",
                "injected: a class failed to load", null));
        assertThat(locks(Clock.systemUTC()).tryAcquire("backup", "b", TTL)).as("given back").isPresent();
    }

    /** An {@link Error} that is not a {@link VirtualMachineError}, as a {@code NoClassDefFoundError} is. */
    private static final class InjectedError extends Error {
        InjectedError(String message) {
            super(message);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
