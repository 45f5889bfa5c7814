package io.esbackup.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.esbackup.azure.Azurite;
import io.esbackup.azure.TableEventStore;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code azure://} and {@code azure-table://} locations in a context of their own, on Azurite's blob and table
 * services: from {@code esbackup.azure.connection-string}, and from an application's own client beans.
 */
@ExtendWith(Azurite.class)
class EsbackupAzureTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EsbackupAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void backsUpAndRestoresBetweenAzureLocationsOfTheConnectionStringsAccount() {
        String objectName = Azurite.uniqueContainer("order");
        runner.withPropertyValues("esbackup.store=azure://?documentContainer=" + Azurite.uniqueContainer("docs"),
                        "esbackup.backups=azure://" + Azurite.uniqueContainer("backups") + "/pre",
                        "esbackup.azure.connection-string=" + Azurite.connectionString())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EventStore.class)).isInstanceOf(BlobEventStore.class);
                    assertThat(context.getBean(BackupRestoreService.class).provider())
                            .isInstanceOf(BlobBackupProvider.class);
                    roundTrip(context, objectName);
                });
    }

    @Test
    void anApplicationsOwnBlobServiceClientServesAzureLocationsWithoutAConnectionString() {
        AtomicInteger requests = new AtomicInteger();
        BlobServiceClient own = new BlobServiceClientBuilder().connectionString(Azurite.connectionString())
                .addPolicy(counting(requests)).buildClient();
        String objectName = Azurite.uniqueContainer("order");
        runner.withBean(BlobServiceClient.class, () -> own)
                .withPropertyValues("esbackup.store=azure://?documentContainer=" + Azurite.uniqueContainer("docs"),
                        "esbackup.backups=azure://" + Azurite.uniqueContainer("backups"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    roundTrip(context, objectName);
                    // Every request of the round trip went through the application's client.
                    assertThat(requests.get()).isGreaterThan(10);
                });
    }

    @Test
    void anApplicationsOwnTableServiceClientServesAnAzureTableStore() {
        AtomicInteger requests = new AtomicInteger();
        TableServiceClient own = new TableServiceClientBuilder().connectionString(Azurite.tableConnectionString())
                .addPolicy(counting(requests)).buildClient();
        runner.withBean(TableServiceClient.class, () -> own)
                .withPropertyValues("esbackup.store=azure-table://?tablePrefix=" + Azurite.uniqueTablePrefix("spring"),
                        "esbackup.backups=file:" + dir.resolve("backups"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EventStore.class)).isInstanceOf(TableEventStore.class);
                    roundTrip(context, "order");
                    assertThat(requests.get()).isGreaterThan(10);
                });
    }

    @Test
    void anInvalidConnectionStringFailsStartUpNamingThePropertyWithoutTheKey() {
        runner.withPropertyValues("esbackup.store=azure://",
                        "esbackup.backups=file:" + dir.resolve("backups"),
                        "esbackup.azure.connection-string=AccountName=x;AccountKey=hunter2-key;no-endpoint")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(EsbackupAutoConfigurationTest.messages(context.getStartupFailure()))
                            .contains("esbackup.store: the Azure connection string (from "
                                    + "esbackup.azure.connection-string) is not valid")
                            .doesNotContain("hunter2-key");
                });
    }

    @Test
    void aBadContainerNameFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=azure://Bad_Name/pre",
                        "esbackup.azure.connection-string=" + Azurite.connectionString())
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(EsbackupAutoConfigurationTest.messages(context.getStartupFailure()))
                            .contains("esbackup.backups: the backups container 'Bad_Name' is not a valid Azure "
                                    + "container name")
                            .doesNotContain(Azurite.connectionString());
                });
    }

    /** A backup of a new stream, a change, an overwriting restore, through the autowired service. */
    private static void roundTrip(AssertableApplicationContext context, String objectName) throws Exception {
        EventStore store = context.getBean(EventStore.class);
        BackupRestoreService service = context.getBean(BackupRestoreService.class);
        Aggregates.create(store, objectName, "o-1", 3);

        BackupHandle backup = service.backupStream(objectName, "o-1");
        Aggregates.append(store, objectName, "o-1", 2);
        service.restoreStream(backup, RestoreOptions.WITH_OVERWRITE);

        assertThat(Aggregates.payloads(store, objectName, "o-1"))
                .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
        assertThat(service.listBackups()).extracting(BackupHandle::backupId).containsExactly(backup.backupId());
    }

    private static HttpPipelinePolicy counting(AtomicInteger requests) {
        return (call, next) -> {
            requests.incrementAndGet();
            return next.process();
        };
    }
}
