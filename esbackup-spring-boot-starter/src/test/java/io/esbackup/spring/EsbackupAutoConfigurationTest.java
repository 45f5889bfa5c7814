package io.esbackup.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.backup.RestoreResult;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.locations.AzureAccount;
import io.esbackup.locations.S3Account;
import io.esbackup.store.EventStore;
import io.esbackup.store.InMemoryEventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration in a context of its own, on folders of a temporary directory. */
class EsbackupAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EsbackupAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void buildsEveryBeanFromTheLocationProperties() {
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=" + dir.resolve("backups"), // a plain path is a folder too
                        "esbackup.registry=file:" + dir.resolve("registry"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EventStore.class)
                            .hasSingleBean(BackupProvider.class).hasSingleBean(BackupRegistry.class)
                            .hasSingleBean(BackupRestoreService.class);
                    BackupRestoreService service = context.getBean(BackupRestoreService.class);
                    assertThat(service.store()).isSameAs(context.getBean(EventStore.class));
                    assertThat(service.provider()).isSameAs(context.getBean(BackupProvider.class));
                    assertThat(service.registry()).containsSame(context.getBean(BackupRegistry.class));
                    BlobBackupProvider provider = (BlobBackupProvider) service.provider();
                    assertThat(((LocalBlobStore) provider.blobs()).root()).isEqualTo(dir.resolve("backups"));
                });
    }

    @Test
    void withoutARegistryPropertyTheServiceHasNone() {
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=file:" + dir.resolve("backups"))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(BackupRegistry.class);
                    assertThat(context.getBean(BackupRestoreService.class).registry()).isEmpty();
                });
    }

    @Test
    void backsUpAndRestoresThroughTheServiceOnRealFolders() {
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=file:" + dir.resolve("backups"),
                        "esbackup.registry=file:" + dir.resolve("registry"))
                .run(context -> {
                    EventStore store = context.getBean(EventStore.class);
                    BackupRestoreService service = context.getBean(BackupRestoreService.class);
                    Aggregates.create(store, "order", "o-1", 3);

                    BackupHandle backup = service.backupStream("order", "o-1");
                    Aggregates.append(store, "order", "o-1", 2); // changed after the backup
                    RestoreResult restored = service.restoreStream(backup, RestoreOptions.WITH_OVERWRITE);

                    assertThat(backup.eventCount()).isEqualTo(3);
                    assertThat(restored.eventsRestored()).isEqualTo(3);
                    assertThat(Aggregates.payloads(store, "order", "o-1")).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
                    assertThat(service.listBackups()).extracting(BackupHandle::backupId)
                            .containsExactly(backup.backupId());
                    assertThat(dir.resolve("backups")).isNotEmptyDirectory();
                    assertThat(dir.resolve("registry").resolve("backup-registry")).isNotEmptyDirectory();
                });
    }

    @Test
    void anApplicationsOwnEventStoreWins() {
        EventStore own = new InMemoryEventStore();
        runner.withBean(EventStore.class, () -> own)
                .withPropertyValues("esbackup.backups=file:" + dir.resolve("backups"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EventStore.class);
                    assertThat(context.getBean(EventStore.class)).isSameAs(own);
                    assertThat(context.getBean(BackupRestoreService.class).store()).isSameAs(own);
                    assertThat(dir.resolve("esdata")).doesNotExist();
                });
    }

    @Test
    void anUnknownSchemeFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("esbackup.store=ftp://user:secret@host/esdata",
                        "esbackup.backups=file:" + dir.resolve("backups"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    String message = messages(context.getStartupFailure());
                    assertThat(message).contains("esbackup.store: unknown scheme 'ftp:' for an event store;"
                            + " known schemes: file:, azure:, azure-table:, s3:").doesNotContain("secret");
                });
    }

    @Test
    void aBadStoreFailsStartUpEvenWhereAnApplicationsOwnEventStoreWouldReplaceIt() {
        runner.withBean(EventStore.class, InMemoryEventStore::new)
                .withPropertyValues("esbackup.store=file:", "esbackup.backups=file:" + dir.resolve("backups"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("esbackup.store: file: needs a folder, as in file:./esdata");
                });
    }

    @Test
    void aFileWhereAFolderBelongsFailsStartUpNamingTheProperty() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"), "esbackup.backups=" + file)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("esbackup.backups: " + file + " exists and is not a folder");
                });
    }

    @Test
    void aMissingStoreFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("esbackup.backups=file:" + dir.resolve("backups"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith("esbackup.store is not set");
                });
    }

    @Test
    void withoutTheRemoteModulesNoAccountIsConfigured() {
        // The context's class loader hides the modules, as an application without them would lack them.
        runner.withClassLoader(new FilteredClassLoader("io.esbackup.azure", "io.esbackup.s3", "io.esbackup.postgres"))
                .withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=file:" + dir.resolve("backups"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(BackupRestoreService.class)
                            .doesNotHaveBean(AzureAccount.class).doesNotHaveBean(S3Account.class)
                            .doesNotHaveBean(EsbackupLocationsCustomizer.class);
                });
        // And with them, each has its account and its customizer.
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=file:" + dir.resolve("backups"))
                .run(context -> assertThat(context).hasSingleBean(AzureAccount.class).hasSingleBean(S3Account.class)
                        .getBeans(EsbackupLocationsCustomizer.class).hasSize(3));
    }

    /** Every message in the cause chain of a start-up failure, one a line. */
    static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
