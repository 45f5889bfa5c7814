package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BulkFixture.Caller;
import io.esbackup.backup.BulkFixture.Gate;
import io.esbackup.backup.BulkFixture.HookedProvider;
import io.esbackup.backup.BulkFixture.HookedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * maxConcurrency really bounds the work: N items do run at once (all N are held inside the store at the same
 * moment, and the runner then waits instead of starting another), and over the whole run no more than N are
 * ever between their first store call and their reported outcome.
 */
class BulkConcurrencyTest {
    private final HookedStore store = new HookedStore();
    private final HookedProvider provider = new HookedProvider();
    private final BackupRestoreService service = new BackupRestoreService(store, provider);

    /** Counts items between their first call (started) and their outcome (reported), and the most at once. */
    private static final class InFlight {
        final Set<Object> started = ConcurrentHashMap.newKeySet();
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong max = new AtomicLong();
        final AtomicLong reported = new AtomicLong();

        void start(Object item) {
            if (started.add(item)) {
                max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            }
        }

        void end() {
            inFlight.decrementAndGet();
            reported.incrementAndGet();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 16})
    void backupsRunExactlyMaxConcurrencyAtOnce(int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5 * n; i++) {
            Streams.create(store, "Order", "o-" + i, 3, null);
            ids.add("o-" + i);
        }
        InFlight work = new InFlight();
        Gate gate = new Gate(n);
        store.beforeRead = id -> {
            work.start(id);
            gate.hold();
        };

        Caller<BulkBackupResult> caller = Caller.start(() -> service.backupMany(ids, "Order", BulkBackupOptions
                .builder().maxConcurrency(n).onProgress(p -> work.end()).build()));
        assertThat(gate.awaitArrivals()).as("%s backups are held in the store at the same moment", n).isTrue();
        caller.awaitParkedOrDone();
        int startedWhileHeld = work.started.size();
        gate.release();
        BulkBackupResult result = caller.result();

        assertThat(startedWhileHeld).as("backups started while %s were held", n).isEqualTo(n);
        assertThat(work.max.get()).as("most backups in flight at once").isEqualTo(n);
        assertThat(result.successCount()).isEqualTo(5L * n);
        assertThat(work.reported.get()).isEqualTo(5L * n);
        assertThat(gate.problems).isEmpty();
    }

    @Test
    void restoresRunExactlyMaxConcurrencyAtOnce() throws Exception {
        int n = 3;
        List<BackupHandle> handles = new ArrayList<>();
        for (int i = 0; i < 4 * n; i++) {
            Streams.create(store, "Order", "o-" + i, 3, null);
            handles.add(service.backupStream("Order", "o-" + i));
        }
        InFlight work = new InFlight();
        Gate gate = new Gate(n);
        provider.beforeLocate = id -> {
            work.start(id);
            gate.hold();
        };

        Caller<BulkRestoreResult> caller = Caller.start(() -> service.restoreMany(handles, BulkRestoreOptions
                .builder().overwrite(true).maxConcurrency(n).onProgress(p -> work.end()).build()));
        assertThat(gate.awaitArrivals()).as("%s restores are held at the same moment", n).isTrue();
        caller.awaitParkedOrDone();
        int startedWhileHeld = work.started.size();
        gate.release();
        BulkRestoreResult result = caller.result();

        assertThat(startedWhileHeld).isEqualTo(n);
        assertThat(work.max.get()).isEqualTo(n);
        assertThat(result.successCount()).isEqualTo(4L * n);
        assertThat(gate.problems).isEmpty();
    }

    /** Many short items with failures mixed in: the bound holds over a long run, not only the first wave. */
    @Test
    void theBoundHoldsOverALongRunWithFailures() {
        for (int i = 0; i < 50; i++) {
            Streams.create(store, "Order", "o-" + i, 2, null);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add("o-" + (i % 100));
        }
        AtomicLong inFlight = new AtomicLong();
        AtomicLong max = new AtomicLong();
        store.beforeRead = id -> {
            max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Thread.yield();
        };

        BulkBackupResult result = service.backupMany(ids, "Order", BulkBackupOptions.builder().maxConcurrency(5)
                .onProgress(p -> inFlight.decrementAndGet()).build());

        assertThat(max.get()).isBetween(1L, 5L);
        assertThat(inFlight.get()).isZero();
        assertThat(result.successCount()).isEqualTo(500);
        assertThat(result.failureCount()).isEqualTo(500);
    }
}
