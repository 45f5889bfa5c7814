package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.store.InMemoryEventStore;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** maxConcurrency is 1 to 256 for both option types: anything else is a caller mistake, named as such. */
class BulkOptionsTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 257, 10_000, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void backupOptionsRejectAConcurrencyOutside1To256(int value) {
        assertThatThrownBy(() -> BulkBackupOptions.builder().maxConcurrency(value).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrency").hasMessageContaining(String.valueOf(value));
        assertThatThrownBy(() -> new BulkBackupOptions(BackupOptions.DEFAULT, value, true, null, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 257, 10_000, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void restoreOptionsRejectAConcurrencyOutside1To256(int value) {
        assertThatThrownBy(() -> BulkRestoreOptions.builder().maxConcurrency(value).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrency").hasMessageContaining(String.valueOf(value));
        assertThatThrownBy(() -> new BulkRestoreOptions(RestoreOptions.DEFAULT, value, true, null, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency");
    }

    /** The bounds are accepted, and a run with each really works (256 threads for 300 items). */
    @ParameterizedTest
    @ValueSource(ints = {1, 256})
    void theBoundsAreAcceptedAndRun(int value) {
        BulkBackupOptions backup = BulkBackupOptions.builder().maxConcurrency(value).build();
        BulkRestoreOptions restore = BulkRestoreOptions.builder().maxConcurrency(value).build();
        assertThat(backup.maxConcurrency()).isEqualTo(value);
        assertThat(restore.maxConcurrency()).isEqualTo(value);

        InMemoryEventStore store = new InMemoryEventStore();
        Streams.create(store, "Order", "o-1", 2, null);
        BackupRestoreService service = new BackupRestoreService(store,
                new BlobBackupProvider(new InMemoryBlobStore()));
        List<String> ids = IntStream.range(0, 300).mapToObj(i -> i == 7 ? "o-1" : "m-" + i)
                .toList();
        BulkBackupResult result = service.backupMany(ids, "Order", backup);
        assertThat(result.totalProcessed()).isEqualTo(300);
        assertThat(result.successCount()).isEqualTo(1);
        BulkRestoreResult restored = service.restoreMany(result.successfulBackups(),
                BulkRestoreOptions.builder().maxConcurrency(value).overwrite(true).build());
        assertThat(restored.successCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE})
    void maxResultsKeptMustNotBeNegative(int value) {
        assertThatThrownBy(() -> BulkBackupOptions.builder().maxResultsKept(value).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResultsKept");
        assertThatThrownBy(() -> BulkRestoreOptions.builder().maxResultsKept(value).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResultsKept");
    }

    @Test
    void theDefaultsAreFourAtATimeContinuingOnErrorWithNoListener() {
        assertThat(BulkBackupOptions.DEFAULT.maxConcurrency()).isEqualTo(4);
        assertThat(BulkBackupOptions.DEFAULT.continueOnError()).isTrue();
        assertThat(BulkBackupOptions.DEFAULT.onProgress()).isNull();
        assertThat(BulkRestoreOptions.DEFAULT.maxConcurrency()).isEqualTo(4);
        assertThat(BulkRestoreOptions.DEFAULT.continueOnError()).isTrue();
        assertThat(BulkRestoreOptions.DEFAULT.onProgress()).isNull();
    }
}
