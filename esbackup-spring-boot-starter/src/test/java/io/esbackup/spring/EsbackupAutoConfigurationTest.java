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
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.store.StoredDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
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
                    createAggregate(store, "order", "o-1", 3);

                    BackupHandle backup = service.backupStream("order", "o-1");
                    appendEvents(store, "order", "o-1", 2); // changed after the backup
                    RestoreResult restored = service.restoreStream(backup, RestoreOptions.WITH_OVERWRITE);

                    assertThat(backup.eventCount()).isEqualTo(3);
                    assertThat(restored.eventsRestored()).isEqualTo(3);
                    assertThat(payloads(store, "order", "o-1")).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
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
                            + " known schemes: file:").doesNotContain("secret");
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

    private static void createAggregate(EventStore store, String objectName, String objectId, int events) {
        StreamInformation empty = new StreamInformation(objectId.replace("-", "") + "-0000000000", "blob", -1,
                ChunkSettings.disabled(), List.of(), List.of(), Map.of());
        StreamInformation active = store.appendEvents(objectName, empty, StreamHeader.of(objectName, objectId),
                events(0, events));
        store.writeDocument(ObjectDocument.create(objectName, objectId, active), null);
    }

    private static void appendEvents(EventStore store, String objectName, String objectId, int events) {
        StoredDocument stored = store.readDocument(objectName, objectId).orElseThrow();
        StreamInformation active = stored.document().active();
        int from = active.currentStreamVersion() + 1;
        StreamInformation appended = store.appendEvents(objectName, active, StreamHeader.of(objectName, objectId),
                events(from, from + events));
        store.writeDocument(stored.document().withActive(appended), stored.etag());
    }

    private static java.util.Iterator<Event> events(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> Event.of("ItemAdded", i, "{\"n\":" + i + "}", "2024-09-16T08:00:00Z")).iterator();
    }

    private static List<String> payloads(EventStore store, String objectName, String objectId) throws Exception {
        StreamInformation active = store.readDocument(objectName, objectId).orElseThrow().document().active();
        List<String> payloads = new ArrayList<>();
        try (EventCursor cursor = store.readEvents(objectName, active, 0, active.currentStreamVersion())) {
            cursor.forEachRemaining(e -> payloads.add(e.payload().text()));
        }
        return payloads;
    }

    /** Every message in the cause chain of a start-up failure, one a line. */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
