package io.esbackup.bench;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import io.esbackup.azure.AzureBlobBackupProvider;
import io.esbackup.azure.AzureClients;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.CopyOptions;
import io.esbackup.backup.CopyReport;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.FileEventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The copy scenario's operations, by name: esbackup's {@code copyTo} through the service (where the command is not
 * on the class path to run as a user does), and the raw SDK upload of every file of a backups folder.
 */
final class CopyOperations {
    static final List<String> NAMES = List.of("copy-to", "azure-upload-files");

    private CopyOperations() {}

    static ProbeOperations.Work run(String name, Map<String, String> o) {
        return switch (name) {
            case "copy-to" -> copyTo(o);
            case "azure-upload-files" -> uploadFiles(o);
            default -> throw new IllegalArgumentException("unknown copy operation " + name);
        };
    }

    /**
     * Every backup of the folder {@code backups} copied to the folder {@code to}, or to the Azure container
     * {@code container}, as {@code esbackup copy --to} does.
     */
    private static ProbeOperations.Work copyTo(Map<String, String> o) {
        BackupProvider source = new BlobBackupProvider(new LocalBlobStore(Path.of(o.get("backups"))));
        BackupProvider destination = o.containsKey("container")
                ? new AzureBlobBackupProvider(AzureClients.fromConnectionString(ProbeOperations.connectionString()),
                        o.get("container"))
                : new BlobBackupProvider(new LocalBlobStore(Path.of(o.get("to"))));
        BackupRestoreService service = BackupRestoreService.builder(new FileEventStore(Path.of(o.get("store"))),
                source).build();
        CopyReport r = service.copyTo(destination, BackupQuery.builder().build(), CopyOptions.builder()
                .maxConcurrency(Integer.parseInt(o.get("concurrency"))).build());
        if (r.failed() > 0 || r.stoppedEarly()) {
            throw new IllegalStateException(r.failed() + " copies failed, first: " + r.failures());
        }
        return new ProbeOperations.Work(r.copied(), r.bytesCopied(), r.skipped() + " skipped, "
                + r.elapsed().toMillis() + " ms");
    }

    /**
     * Uploads, with the SDK and nothing else, each file under {@code dir} to the blob of its relative path in
     * {@code container}, create-only (If-None-Match: *, as esbackup writes), {@code concurrency} at a time.
     */
    private static ProbeOperations.Work uploadFiles(Map<String, String> o) {
        Path dir = Path.of(o.get("dir"));
        List<Path> files = Folders.files(dir);
        BlobContainerClient container = AzureClients.fromConnectionString(ProbeOperations.connectionString())
                .getBlobContainerClient(o.get("container"));
        AtomicLong bytes = new AtomicLong();
        ProbeOperations.parallel(files.size(), Integer.parseInt(o.get("concurrency")), i -> {
            Path f = files.get(i);
            try {
                byte[] content = Files.readAllBytes(f);
                container.getBlobClient(CopyTree.name(dir, f)).upload(BinaryData.fromBytes(content), false);
                bytes.addAndGet(content.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new ProbeOperations.Work(files.size(), bytes.get(), "");
    }
}
