package io.esbackup.crypto;

import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.InMemoryEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes the format-version-3 compatibility fixtures {@link CompatV3Test} reads, once, into an empty folder:
 * {@code keyset.json} (a key-encryption keyset made for the fixtures alone, never for real data) and
 * {@code backups/}: an encrypted full backup of {@code o-1} (10 events), an encrypted delta of it (15), an
 * encrypted packed run of {@code p-0..p-2} (3, 4, 5 events), and an encrypted backup of {@code s-1} (4) whose
 * aggregate was then shredded. These files are forever (STYLE habit 8): {@code compat/v3} was written before
 * incremental manifests were sealed, {@code compat/v3-sealed} after. Run from the repository root:
 * {@code java -cp "esbackup-crypto/target/test-classes:esbackup-crypto/target/classes:$(cat cp.txt)"
 * io.esbackup.crypto.CompatV3FixtureWriter esbackup-crypto/src/test/resources/compat/NEW} with the module's test class path in {@code cp.txt}
 * ({@code ./mvnw -q -o dependency:build-classpath -pl esbackup-crypto -Dmdep.outputFile=cp.txt}).
 */
public final class CompatV3FixtureWriter {
    static final Instant AT = Instant.parse("2026-12-05T00:00:00Z");

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalStateException(out + " is not empty; fixtures are written once");
                }
            }
        }
        Files.createDirectories(out);
        String keyset = Keysets.newKeysetJson();
        Files.writeString(out.resolve("keyset.json"), keyset);
        InMemoryEventStore store = new InMemoryEventStore();
        Random random = new Random(2026_12_05L);
        BackupRestoreService service = BackupRestoreService.builder(store,
                        new BlobBackupProvider(new LocalBlobStore(out.resolve("backups"))))
                .clock(Clock.fixed(AT, ZoneOffset.UTC))
                .ids(() -> new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                        (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L))
                .encryption(new TinkEncryption(Keysets.parse(keyset, "fixture keyset")))
                .build();
        BackupOptions incremental = BackupOptions.builder().encrypt(true).incremental(true).build();
        Aggregates.create(store, "o-1", 10);
        service.backupStream("Order", "o-1", incremental);
        Aggregates.append(store, "o-1", 5);
        service.backupStream("Order", "o-1", incremental);
        for (int i = 0; i < 3; i++) {
            Aggregates.create(store, "p-" + i, 3 + i);
        }
        service.backupMany(List.of("p-0", "p-1", "p-2"), "Order",
                BulkBackupOptions.builder().pack(true).encrypt(true).maxConcurrency(1).build());
        Aggregates.create(store, "s-1", 4);
        service.backupStream("Order", "s-1", BackupOptions.builder().encrypt(true).build());
        service.shred("Order", "s-1");
    }
}
