package io.esbackup.bench;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BackupRestoreServiceBuilder;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.postgres.PostgresBackupRegistry;
import io.esbackup.store.FileEventStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registry scenario's operations: recording N manifests in a PostgreSQL registry, and the listing the scenario
 * measures, {@link RegistryFixtures#QUERY}, with that registry (many times: the per-query time is the point) and
 * without one (once: a scan of every manifest).
 */
final class RegistryOperations {
    static final String POSTGRES_VARIABLE = "ESBACKUP_BENCH_POSTGRES";
    static final List<String> NAMES = List.of("registry-fill", "registry-query", "scan-query");

    private RegistryOperations() {}

    static ProbeOperations.Work run(String name, Map<String, String> o) {
        return switch (name) {
            case "registry-fill" -> fill(o);
            case "registry-query" -> query(o, true);
            case "scan-query" -> query(o, false);
            default -> throw new IllegalArgumentException("unknown registry operation " + name);
        };
    }

    private static ProbeOperations.Work fill(Map<String, String> o) {
        long count = Long.parseLong(o.get("count"));
        int threads = Integer.parseInt(o.getOrDefault("concurrency", "8"));
        try (PostgresBackupRegistry registry = registry(o)) {
            AtomicLong next = new AtomicLong();
            ProbeOperations.parallel(threads, threads, t -> {
                for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    registry.record(RegistryFixtures.manifest(i));
                }
            });
        }
        return new ProbeOperations.Work(count, 0, "");
    }

    /** The query {@code runs} times; the detail gives the median and the slowest run in milliseconds. */
    private static ProbeOperations.Work query(Map<String, String> o, boolean withRegistry) {
        int runs = Integer.parseInt(o.getOrDefault("runs", "1"));
        PostgresBackupRegistry registry = withRegistry ? registry(o) : null;
        try {
            BackupRestoreServiceBuilder b = BackupRestoreService.builder(new FileEventStore(Path.of(o.get("store"))),
                    new BlobBackupProvider(new LocalBlobStore(Path.of(o.get("backups")))));
            if (registry != null) {
                b.registry(registry);
            }
            BackupRestoreService service = b.build();
            double[] ms = new double[runs];
            int found = 0;
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                List<BackupHandle> listed = service.listBackups(RegistryFixtures.QUERY);
                ms[r] = (System.nanoTime() - t0) / 1e6;
                found = listed.size();
            }
            Arrays.sort(ms);
            return new ProbeOperations.Work(runs, 0, String.format("median %.1f ms, slowest %.1f ms, %d listed",
                    ms[runs / 2], ms[runs - 1], found));
        } finally {
            if (registry != null) {
                registry.close();
            }
        }
    }

    private static PostgresBackupRegistry registry(Map<String, String> o) {
        String url = System.getenv(POSTGRES_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("the registry operations take the database from " + POSTGRES_VARIABLE);
        }
        return PostgresBackupRegistry.fromUrl(url + (url.contains("?") ? "&" : "?") + "schema=" + o.get("schema"));
    }
}
