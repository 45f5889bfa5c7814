package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.Compression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The choice of backups alone: newest at or before the time per aggregate, whatever order they are listed in. */
class AsOfSelectionTest {
    private static final Instant AS_OF = Instant.parse("2026-01-02T00:00:00Z");

    private static BackupManifest manifest(String name, String id, String backupId, Instant createdAt) {
        return new BackupManifest(1, backupId, name, id, id + "-0000000000", 0, 1, createdAt, null, null, Map.of(),
                false, true, false, 0, 0, Compression.NONE, 10, "00", null, "test");
    }

    private static String uuid(int n) {
        return new UUID(0x4000L, 0x8000_0000_0000_0000L | n).toString();
    }

    @Test
    void choosesTheNewestAtOrBeforeTheTimeWhateverTheListingOrder() {
        List<BackupManifest> all = new ArrayList<>(List.of(
                manifest("Order", "o-1", uuid(1), AS_OF.minusSeconds(60)),
                manifest("Order", "o-1", uuid(2), AS_OF),
                manifest("Order", "o-1", uuid(3), AS_OF.plusNanos(1)),
                manifest("Order", "o-2", uuid(4), AS_OF.minusSeconds(5)),
                manifest("Order", "o-2", uuid(5), AS_OF.minusSeconds(5)),
                manifest("Order", "o-2", uuid(6), AS_OF.minusSeconds(6)),
                manifest("Order", "o-3", uuid(7), AS_OF.plusSeconds(1)),
                manifest("Invoice", "o-1", uuid(8), AS_OF.minusSeconds(1))));
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(all, random);
            AsOfSelection selection = new AsOfSelection(AS_OF);
            all.forEach(selection::offer);

            assertThat(selection.chosen()).as("seed %d", seed).isEqualTo(Map.of(
                    "Order/o-1", UUID.fromString(uuid(2)),
                    "Order/o-2", UUID.fromString(uuid(5)),
                    "Invoice/o-1", UUID.fromString(uuid(8))));
            assertThat(selection.size()).isEqualTo(3);
            // Sorted by object name, then object id, so a run restores in the same order every time.
            assertThat(selection.backupIds()).hasSize(3).containsExactly(UUID.fromString(uuid(8)),
                    UUID.fromString(uuid(2)), UUID.fromString(uuid(5)));
        }
    }

    @Test
    void nothingAtOrBeforeTheTimeIsAnEmptySelection() {
        AsOfSelection selection = new AsOfSelection(AS_OF);
        selection.offer(manifest("Order", "o-1", uuid(1), AS_OF.plusMillis(1)));

        assertThat(selection.size()).isZero();
        assertThat(selection.backupIds()).isEmpty();
    }
}
