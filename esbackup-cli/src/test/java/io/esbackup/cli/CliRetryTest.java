package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.store.ObjectIdListing;
import io.esbackup.azure.AzureBlobStore;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.blob.RetryPolicy;
import io.esbackup.blob.RetryingBlobStore;
import io.esbackup.locations.AzureAccount;
import io.esbackup.locations.FileScheme;
import io.esbackup.locations.Location;
import io.esbackup.locations.Retries;
import io.esbackup.locations.StoreLocations;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line's retries ({@link Retries}): Azure locations open over a {@link RetryingBlobStore}, and a
 * transient failure of the store under a command is retried and the command succeeds.
 */
class CliRetryTest {
    private static final String AZURITE = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
            + "BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    @TempDir
    Path dir;

    private final List<Duration> waits = new ArrayList<>();
    private final Retries retries = new Retries(Retries.POLICY, waits::add, new Random(1));

    @Test
    void aTransientFailureUnderACommandIsRetriedAndTheCommandSucceeds() {
        FaultyBlobStore faulty = new FaultyBlobStore(new LocalBlobStore(dir.resolve("esbackups")), 7);
        // The id pointer's and the archive's first writes fail: each is retried once.
        faulty.failOnCall(BlobOp.WRITE, 1, 3);
        StoreLocations locations = new StoreLocations()
                .registerStore("file", FileScheme.STORE)
                .registerBackups("file", new StoreLocations.Scheme<>() {
                    @Override
                    public BackupProvider open(Location location, Path workingDirectory) {
                        return new BlobBackupProvider(retries.wrap(faulty));
                    }
                });
        assertThat(run(locations, "demo").exitCode).isZero();
        int writesBefore = faulty.calls(BlobOp.WRITE);
        waits.clear();
        faulty.failOnCall(BlobOp.WRITE, writesBefore + 1, writesBefore + 3);

        Run backup = run(locations, "backup", SampleOrders.OBJECT_NAME, firstOrder(locations));

        assertThat(backup.exitCode).as(backup.err).isZero();
        assertThat(waits).hasSize(2).allSatisfy(w -> assertThat(w).isBetween(Duration.ofSeconds(5),
                Duration.ofSeconds(10)));
        Run validate = run(locations, "validate", "--all");
        assertThat(validate.exitCode).as(validate.out + validate.err).isZero();
    }

    @Test
    void azureLocationsOpenOverTheRetryingStore() {
        AzureAccount account = new AzureAccount(name -> AzureAccount.VARIABLE.equals(name) ? AZURITE : null,
                "--azure-connection-string");
        StoreLocations locations = StoreLocations.builder().azure(account).retries(retries).build();

        EventStore store = locations.openStore(Location.parse("--store", "azure://"), dir);
        BackupProvider backups = locations.openBackups(Location.parse("--backups", "azure://my-backups/pre"), dir);

        RetryingBlobStore storeBlobs = (RetryingBlobStore) ((BlobEventStore) store).blobs();
        RetryingBlobStore backupBlobs = (RetryingBlobStore) ((BlobBackupProvider) backups).blobs();
        assertThat(storeBlobs.delegate()).isInstanceOf(AzureBlobStore.class);
        assertThat(backupBlobs.delegate()).isInstanceOf(AzureBlobStore.class);
        assertThat(storeBlobs.policy()).isEqualTo(new RetryPolicy(2, Duration.ofSeconds(10), Duration.ofSeconds(10)));
        // Folders are not wrapped: a local store has no transient failures to retry.
        assertThat(((BlobEventStore) locations.openStore(Location.parse("--store", "file:x"), dir)).blobs())
                .isInstanceOf(LocalBlobStore.class);
    }

    private String firstOrder(StoreLocations locations) {
        try (var ids = locations.openStore(Location.parse("--store", "file:esdata"), dir).capability(ObjectIdListing.class).orElseThrow()
                .listObjectIds(SampleOrders.OBJECT_NAME)) {
            return ids.findFirst().orElseThrow();
        }
    }

    private record Run(int exitCode, String out, String err) {}

    private Run run(StoreLocations locations, String... args) {
        CliEnvironment env = new CliEnvironment(dir, Clock.fixed(CliRun.NOW, ZoneOffset.UTC), new Random(CliRun.SEED));
        CommandLine cmd = Main.commandLine(env, locations, new AzureAccount(name -> null, "--azure-connection-string"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
