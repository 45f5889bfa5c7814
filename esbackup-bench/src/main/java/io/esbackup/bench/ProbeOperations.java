package io.esbackup.bench;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.esbackup.azure.AzureBlobBackupProvider;
import io.esbackup.azure.AzureClients;
import io.esbackup.s3.S3BackupProvider;
import io.esbackup.s3.S3Clients;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.backup.BulkBackupResult;
import io.esbackup.backup.BulkRestoreOptions;
import io.esbackup.backup.BulkRestoreResult;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.backup.RestoreResult;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.FileEventStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The operations a {@link Probe} measures, by name: esbackup's through its public service API, and the
 * baselines. Each takes its folders and settings as {@code key=value} options.
 */
final class ProbeOperations {
    static final String AZURE_VARIABLE = "AZURE_STORAGE_CONNECTION_STRING";
    static final List<String> NAMES = List.of("backup-stream", "restore-stream", "backup-all", "restore-all",
            "azure-backup-all", "read-files", "zstd-jni", "zstd-jni-decompress", "copy-each", "azure-upload",
            "s3-backup-all", "s3-upload", "table-restore-all", "table-backup-all", "table-insert", "table-read-all",
            "registry-fill", "registry-query", "scan-query", "copy-to", "azure-upload-files");
    private static final int BUFFER = 64 * 1024;

    /** What an operation did. */
    record Work(long items, long outputBytes, String detail) {}

    private ProbeOperations() {}

    static Work run(String name, Map<String, String> o) {
        try {
            return switch (name) {
                case "backup-stream" -> backupStream(o);
                case "restore-stream" -> restoreStream(o);
                case "backup-all" -> backupAll(service(o, local(o)), o);
                case "restore-all" -> restoreAll(service(o, local(o)), o);
                case "azure-backup-all" -> backupAll(service(o, azure(o)), o);
                case "read-files" -> readFiles(path(o, "dir"));
                case "zstd-jni" -> zstd(path(o, "in"), path(o, "out"), Integer.parseInt(o.get("level")));
                case "zstd-jni-decompress" -> unzstd(path(o, "in"), path(o, "out"));
                case "copy-each" -> copyEach(path(o, "in"), path(o, "out"), concurrency(o),
                        Boolean.parseBoolean(o.getOrDefault("durable", "false")));
                case "azure-upload" -> azureUpload(o);
                case "s3-backup-all" -> backupAll(service(o, new S3BackupProvider(s3(), o.get("bucket"))), o);
                case "s3-upload" -> s3Upload(o);
                case "table-restore-all", "table-backup-all", "table-insert", "table-read-all" ->
                        TableOperations.run(name, o);
                case "registry-fill", "registry-query", "scan-query" -> RegistryOperations.run(name, o);
                case "copy-to", "azure-upload-files" -> CopyOperations.run(name, o);
                default -> throw new IllegalArgumentException("unknown operation '" + name + "'; known: " + NAMES);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Work backupStream(Map<String, String> o) {
        BackupHandle h = service(o, local(o)).backupStream(StoreFixtures.OBJECT_NAME, o.get("objectId"),
                BackupOptions.DEFAULT);
        return new Work(h.eventCount(), h.sizeBytes(), h.backupId().toString());
    }

    private static Work restoreStream(Map<String, String> o) {
        BackupRestoreService service = service(o, local(o));
        RestoreResult r = service.restoreStream(service.requireBackup(UUID.fromString(o.get("backupId"))),
                RestoreOptions.DEFAULT);
        return new Work(r.eventsRestored(), 0, r.streamIdentifier());
    }

    static Work backupAll(BackupRestoreService service, Map<String, String> o) {
        BulkBackupResult r = service.backupAll(StoreFixtures.OBJECT_NAME, BulkBackupOptions.builder()
                .maxConcurrency(concurrency(o)).maxResultsKept(1)
                .pack(Boolean.parseBoolean(o.getOrDefault("pack", "false")))
                .incremental(Boolean.parseBoolean(o.getOrDefault("incremental", "false"))).build());
        if (!r.isFullySuccessful()) {
            throw new IllegalStateException(r.failureCount() + " backups failed, first: " + r.failedBackups());
        }
        return new Work(r.successCount(), 0, r.unchangedCount() + " unchanged");
    }

    /** Every backup of {@code service}'s provider, by id, restored into its (empty) store. */
    static Work restoreAll(BackupRestoreService service, Map<String, String> o) {
        BulkRestoreResult r;
        try (Stream<UUID> ids = service.provider().listBackupIds()) {
            Iterable<UUID> once = ids::iterator;
            r = service.restoreManyById(once, BulkRestoreOptions.builder().maxConcurrency(concurrency(o))
                    .maxResultsKept(1).build());
        }
        if (!r.isFullySuccessful()) {
            throw new IllegalStateException(r.failureCount() + " restores failed, first: " + r.failedRestores());
        }
        return new Work(r.successCount(), 0, "");
    }

    private static BackupRestoreService service(Map<String, String> o, BackupProvider provider) {
        return BackupRestoreService.builder(new FileEventStore(path(o, "store")), provider).build();
    }

    private static BackupProvider local(Map<String, String> o) {
        return new BlobBackupProvider(new LocalBlobStore(path(o, "backups")));
    }

    private static BackupProvider azure(Map<String, String> o) {
        return new AzureBlobBackupProvider(AzureClients.fromConnectionString(connectionString()), o.get("container"));
    }

    /** Reads every file under {@code dir}: the floor for anything that reads the store. */
    private static Work readFiles(Path dir) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long bytes = 0;
        List<Path> files = Folders.files(dir);
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    bytes += n;
                }
            }
        }
        return new Work(files.size(), bytes, "");
    }

    /** The files under {@code in}, one after another, through one zstd stream at {@code level} (one thread). */
    private static Work zstd(Path in, Path out, int level) throws IOException {
        byte[] buffer = new byte[BUFFER];
        try (OutputStream z = new ZstdOutputStream(new BufferedOutputStream(Files.newOutputStream(out), BUFFER), level)) {
            for (Path f : Folders.files(in)) {
                try (InputStream s = Files.newInputStream(f)) {
                    for (int n; (n = s.read(buffer)) > 0; ) {
                        z.write(buffer, 0, n);
                    }
                }
            }
        }
        return new Work(0, Files.size(out), "");
    }

    private static Work unzstd(Path in, Path out) throws IOException {
        try (InputStream z = new ZstdInputStream(Files.newInputStream(in));
             OutputStream o = Files.newOutputStream(out)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = z.read(buffer)) > 0; ) {
                o.write(buffer, 0, n);
            }
        }
        return new Work(0, Files.size(out), "");
    }

    /**
     * Each file under {@code in} copied to its own file under {@code out}, {@code concurrency} at a time;
     * {@code durable}: each copy is fsynced, then its folder, as any write that must survive a power cut.
     */
    private static Work copyEach(Path in, Path out, int concurrency, boolean durable) {
        List<Path> files = Folders.files(in);
        AtomicLong bytes = new AtomicLong();
        parallel(files.size(), concurrency, i -> {
            Path source = files.get(i);
            Path target = out.resolve(in.relativize(source).toString());
            try {
                Files.createDirectories(target.getParent());
                Files.copy(source, target);
                if (durable) {
                    try (FileChannel file = FileChannel.open(target, StandardOpenOption.WRITE);
                         FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                        file.force(true);
                        folder.force(true);
                    }
                }
                bytes.addAndGet(Files.size(target));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new Work(files.size(), bytes.get(), "");
    }

    /**
     * Uploads, with the SDK and nothing else, one blob per line of the {@code sizes} file, each of that many
     * bytes, create-only (If-None-Match: *, as esbackup writes), {@code concurrency} at a time.
     */
    private static Work azureUpload(Map<String, String> o) throws IOException {
        List<Long> sizes = Files.readAllLines(path(o, "sizes")).stream().map(Long::parseLong).toList();
        byte[] content = new byte[(int) sizes.stream().mapToLong(Long::longValue).max().orElse(0)];
        new Random(1).nextBytes(content); // incompressible, like an archive
        BlobContainerClient container = AzureClients.fromConnectionString(connectionString())
                .getBlobContainerClient(o.get("container"));
        AtomicLong bytes = new AtomicLong();
        parallel(sizes.size(), concurrency(o), i -> {
            int size = sizes.get(i).intValue();
            container.getBlobClient("raw/" + i + ".bin").upload(BinaryData.fromBytes(
                    java.util.Arrays.copyOf(content, size)), false);
            bytes.addAndGet(size);
        });
        return new Work(sizes.size(), bytes.get(), "");
    }

    /** A client from the environment, as the command line makes one (AWS_ENDPOINT_URL_S3, the keys, the region). */
    private static S3Client s3() {
        return S3Clients.create(System::getenv, null, null);
    }

    /**
     * Uploads, with the SDK and nothing else, one object per line of the {@code sizes} file, each of that many
     * bytes, create-only (If-None-Match: *, as esbackup writes), {@code concurrency} at a time.
     */
    private static Work s3Upload(Map<String, String> o) throws IOException {
        List<Long> sizes = Files.readAllLines(path(o, "sizes")).stream().map(Long::parseLong).toList();
        byte[] content = new byte[(int) sizes.stream().mapToLong(Long::longValue).max().orElse(0)];
        new Random(1).nextBytes(content); // incompressible, like an archive
        S3Client client = s3();
        String bucket = o.get("bucket");
        AtomicLong bytes = new AtomicLong();
        parallel(sizes.size(), concurrency(o), i -> {
            int size = sizes.get(i).intValue();
            client.putObject(b -> b.bucket(bucket).key("raw/" + i + ".bin").ifNoneMatch("*"),
                    RequestBody.fromBytes(java.util.Arrays.copyOf(content, size)));
            bytes.addAndGet(size);
        });
        return new Work(sizes.size(), bytes.get(), "");
    }

    static void parallel(int count, int concurrency, IntConsumer task) {
        ForkJoinPool pool = new ForkJoinPool(concurrency);
        try {
            pool.submit(() -> IntStream.range(0, count).parallel().forEach(task)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    static String connectionString() {
        String s = System.getenv(AZURE_VARIABLE);
        if (s == null || s.isBlank()) {
            throw new IllegalStateException("the Azure operations take the account from " + AZURE_VARIABLE);
        }
        return s;
    }

    private static int concurrency(Map<String, String> o) {
        return Integer.parseInt(o.getOrDefault("concurrency", "4"));
    }

    private static Path path(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing option " + key);
        }
        return Path.of(v);
    }
}
