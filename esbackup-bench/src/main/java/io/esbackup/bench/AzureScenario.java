package io.esbackup.bench;

import static io.esbackup.bench.Measurement.Kind.BASELINE;
import static io.esbackup.bench.Measurement.Kind.ESBACKUP;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import io.esbackup.azure.AzureClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bulk backup of N streams (2,000 by default) from a local store to an Azure container, against uploading
 * the same number of blobs of the same sizes with the raw azure-storage-blob SDK, with the same threads.
 * Both containers are made for the run and deleted after it.
 */
final class AzureScenario implements Scenario {
    static final String NAME = "azure";
    /** The target: at least 0.8x the raw SDK upload's rate, that is at most 1.25x its time. */
    static final double TIME_TARGET = 1.25;
    /** Issue #13: a packed run at least 5x the per-aggregate run's streams/s. */
    static final double PACKED_TIME_TARGET = 0.2;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Workspace w, BenchOptions options, Results r) {
        if (options.azureConnectionString() == null) {
            r.add(Measurement.skipped(NAME, "bulk backup to Azure", ESBACKUP, "skipped: no Azure account"));
            r.note(NAME, "skipped: no Azure account; set AZURE_STORAGE_CONNECTION_STRING or give "
                    + "--azure-connection-string (bench/azurite.sh starts a local Azurite)");
            return;
        }
        int streams = options.azureStreams();
        Path store = w.manyStore(streams);
        String run = UUID.randomUUID().toString().substring(0, 8);
        BlobServiceClient client = AzureClients.fromConnectionString(options.azureConnectionString());
        BlobContainerClient backups = client.getBlobContainerClient("esbench-" + run + "-esbackup");
        BlobContainerClient raw = client.getBlobContainerClient("esbench-" + run + "-raw");
        Map<String, String> env = Map.of(ProbeOperations.AZURE_VARIABLE, options.azureConnectionString());
        String threads = String.valueOf(BenchOptions.CONCURRENCY);
        try {
            backups.create();
            raw.create();
            w.log("%s: esbackup bulk backup of %,d streams ...", NAME, streams);
            ProbeResult b = w.jvm().run("azure-backup-all", Map.of("store", store.toString(), "container",
                    backups.getBlobContainerName(), "concurrency", threads), env);
            List<Long> sizes = backups.listBlobs().stream().map(BlobItem::getProperties)
                    .map(p -> p.getContentLength()).toList();
            long uploaded = sizes.stream().mapToLong(Long::longValue).sum();
            Measurement backup = r.add(b.measurement(NAME, "bulk backup to Azure", ESBACKUP, uploaded, "streams",
                    "backupAll to AzureBlobBackupProvider, " + threads + " at a time; " + sizes.size()
                            + " blobs written; MB/s of the bytes uploaded"));
            w.log("%s: raw SDK upload of %,d blobs ...", NAME, sizes.size());
            Path sizesFile = w.file("blob-sizes.txt");
            Files.write(sizesFile, sizes.stream().map(String::valueOf).toList());
            ProbeResult u = w.jvm().run("azure-upload", Map.of("sizes", sizesFile.toString(), "container",
                    raw.getBlobContainerName(), "concurrency", threads), env);
            Measurement upload = r.add(new Measurement(NAME, "raw SDK upload", BASELINE, u.seconds(), u.outputBytes(),
                    streams, "streams", u.heapPeakBytes(), u.rssPeakBytes(), "BlobClient.upload of " + u.items()
                    + " blobs of the same sizes, create-only, " + threads + " at a time; streams/s = " + streams
                    + " streams' worth of blobs"));
            r.compare(Comparison.ofTimes(backup, upload, TIME_TARGET));

            w.log("%s: esbackup packed bulk backup of %,d streams ...", NAME, streams);
            BlobContainerClient packed = client.getBlobContainerClient("esbench-" + run + "-packed");
            packed.create();
            try {
                ProbeResult p = w.jvm().run("azure-backup-all", Map.of("store", store.toString(), "container",
                        packed.getBlobContainerName(), "concurrency", threads, "pack", "true"), env);
                List<Long> packedSizes = packed.listBlobs().stream().map(BlobItem::getProperties)
                        .map(x -> x.getContentLength()).toList();
                Measurement packedRun = r.add(p.measurement(NAME, "packed bulk backup to Azure", ESBACKUP,
                        packedSizes.stream().mapToLong(Long::longValue).sum(), "streams", "backupAll with pack to "
                                + "AzureBlobBackupProvider, " + threads + " at a time; " + packedSizes.size()
                                + " blobs written (" + streams / Math.max(1, packedSizes.size())
                                + " aggregates per blob)"));
                // At least 5x the per-aggregate run's rate: at most a fifth of its time.
                r.compare(Comparison.ofTimes(packedRun, backup, PACKED_TIME_TARGET));
            } finally {
                packed.deleteIfExists();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            backups.deleteIfExists();
            raw.deleteIfExists();
        }
    }
}
