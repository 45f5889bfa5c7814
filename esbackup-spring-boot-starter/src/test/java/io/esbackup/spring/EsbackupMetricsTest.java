package io.esbackup.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.backup.OperationListener;
import io.esbackup.error.StreamNotFoundException;
import io.esbackup.store.EventStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The service's operations as meters and observations, with the actuator's own metrics and observation set-up
 * (as an application with spring-boot-starter-actuator has it), on real folders.
 */
class EsbackupMetricsTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, EsbackupMetricsAutoConfiguration.class,
                    EsbackupAutoConfiguration.class));

    @TempDir
    Path dir;

    private ApplicationContextRunner onFolders() {
        return runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                "esbackup.backups=file:" + dir.resolve("backups"));
    }

    @Test
    void aBackupIsTimedAndCountedByObjectNameKindAndOutcome() {
        onFolders().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EsbackupMetrics.class);
            EventStore store = context.getBean(EventStore.class);
            BackupRestoreService service = context.getBean(BackupRestoreService.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            Aggregates.create(store, "order", "o-1", 5);

            BackupHandle backup = service.backupStream("order", "o-1");
            service.restoreToNewStream(backup, "o-2");
            assertThatThrownBy(() -> service.backupStream("order", "missing"))
                    .isInstanceOf(StreamNotFoundException.class);

            Timer succeeded = meters.get("esbackup.backup")
                    .tags("object.name", "order", "kind", "full", "outcome", "success").timer();
            assertThat(succeeded.count()).isEqualTo(1);
            assertThat(succeeded.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
            Timer failed = meters.get("esbackup.backup").tags("outcome", "failure").timer();
            assertThat(failed.count()).isEqualTo(1);
            assertThat(failed.getId().getTag("error")).isEqualTo("StreamNotFoundException");
            assertThat(meters.get("esbackup.backup.events").tags("object.name", "order").counter().count())
                    .isEqualTo(5);
            assertThat(meters.get("esbackup.backup.bytes").summary().totalAmount())
                    .isEqualTo(backup.sizeBytes());
            assertThat(meters.get("esbackup.restore").tags("kind", "clone", "outcome", "success").timer().count())
                    .isEqualTo(1);
            assertThat(meters.get("esbackup.restore.events").counter().count()).isEqualTo(5);
        });
    }

    @Test
    void bulkRunsShowTheirProgressAsGauges() {
        onFolders().run(context -> {
            EventStore store = context.getBean(EventStore.class);
            BackupRestoreService service = context.getBean(BackupRestoreService.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            Aggregates.create(store, "order", "o-1", 2);
            Aggregates.create(store, "order", "o-2", 3);

            service.backupMany(List.of("o-1", "o-2", "o-3"), "order",
                    BulkBackupOptions.builder().continueOnError(true).build());

            assertThat(gauge(meters, "esbackup.bulk.processed")).isEqualTo(3);
            assertThat(gauge(meters, "esbackup.bulk.failed")).isEqualTo(1);
            assertThat(gauge(meters, "esbackup.bulk.total")).isEqualTo(3);
            assertThat(meters.get("esbackup.bulk.backup").tags("outcome", "success").timer().count()).isEqualTo(1);
            assertThat(meters.get("esbackup.backup").tags("outcome", "success").timer().count()).isEqualTo(2);
            assertThat(meters.get("esbackup.backup.events").counter().count()).isEqualTo(5);
        });
    }

    @Test
    void aCleanUpCountsWhatItDeleted() {
        onFolders().run(context -> {
            EventStore store = context.getBean(EventStore.class);
            BackupRestoreService service = context.getBean(BackupRestoreService.class);
            Aggregates.create(store, "order", "o-1", 2);
            service.backupStream("order", "o-1", io.esbackup.backup.BackupOptions.builder()
                    .retention(java.time.Duration.ofMillis(1)).build());
            Thread.sleep(5); // past its retention; clean-up reads the system clock here

            service.cleanupExpiredBackups(true);
            service.cleanupExpiredBackups();

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("esbackup.cleanup.deleted").counter().count()).isEqualTo(1);
            assertThat(meters.get("esbackup.cleanup").tags("kind", "dry-run").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void aForgetCountsWhatItDeletedAndAShredIsTimed() {
        onFolders().run(context -> {
            EventStore store = context.getBean(EventStore.class);
            BackupRestoreService service = context.getBean(BackupRestoreService.class);
            Aggregates.create(store, "order", "o-1", 2);
            for (int i = 0; i < 3; i++) {
                service.backupStream("order", "o-1");
                Thread.sleep(2); // distinct creation instants, so keep-last has one newest
            }
            io.esbackup.backup.BackupQuery selection = io.esbackup.backup.BackupQuery.builder()
                    .objectName("order").build();
            io.esbackup.backup.RetentionPolicy lastOne = io.esbackup.backup.RetentionPolicy.builder().keepLast(1)
                    .build();

            service.forget(selection, lastOne, true);
            service.forget(selection, lastOne, false);
            service.shred("order", "o-1");

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("esbackup.forget.deleted").counter().count()).isEqualTo(2);
            assertThat(meters.get("esbackup.forget").tags("kind", "dry-run", "outcome", "success").timer().count())
                    .isEqualTo(1);
            assertThat(meters.get("esbackup.forget").tags("kind", "forget", "object.name", "order").timer().count())
                    .isEqualTo(1);
            assertThat(meters.get("esbackup.shred").tags("object.name", "order", "outcome", "success").timer()
                    .count()).isEqualTo(1);
        });
    }

    @Test
    void aCopyCountsTheBackupsAndBytesItCopied() {
        onFolders().run(context -> {
            EventStore store = context.getBean(EventStore.class);
            BackupRestoreService service = context.getBean(BackupRestoreService.class);
            Aggregates.create(store, "order", "o-1", 3);
            BackupHandle backup = service.backupStream("order", "o-1");
            io.esbackup.backup.BackupProvider dr = new io.esbackup.backup.BlobBackupProvider(
                    new io.esbackup.blob.LocalBlobStore(dir.resolve("dr")));

            service.copyTo(dr, io.esbackup.backup.BackupQuery.builder().build(),
                    io.esbackup.backup.CopyOptions.builder().dryRun(true).build());
            service.copyTo(dr, io.esbackup.backup.BackupQuery.builder().build(),
                    io.esbackup.backup.CopyOptions.DEFAULT);

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("esbackup.copy.backups").counter().count()).isEqualTo(1);
            assertThat(meters.get("esbackup.copy.bytes").summary().totalAmount()).isEqualTo(backup.sizeBytes());
            assertThat(meters.get("esbackup.copy").tags("kind", "dry-run", "outcome", "success").timer().count())
                    .isEqualTo(1);
        });
    }

    @Test
    void aRepairCountsThePointersItWroteAgain() {
        onFolders().run(context -> {
            EventStore store = context.getBean(EventStore.class);
            BackupRestoreService service = context.getBean(BackupRestoreService.class);
            Aggregates.create(store, "order", "o-1", 3);
            BackupHandle backup = service.backupStream("order", "o-1");
            java.nio.file.Path pointer = dir.resolve("backups").resolve("backup-index").resolve(
                    backup.backupId().toString());
            try {
                java.nio.file.Files.delete(pointer);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }

            service.repair(true);
            service.repair(false);

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("esbackup.repair.recreated").counter().count()).isEqualTo(1);
            assertThat(meters.get("esbackup.repair").tags("kind", "dry-run", "outcome", "success").timer().count())
                    .isEqualTo(1);
            assertThat(meters.get("esbackup.repair").tags("kind", "repair", "outcome", "success").timer().count())
                    .isEqualTo(1);
        });
    }

    @Test
    void observationsCarryTheAggregateForSpans() {
        onFolders().withBean(RecordingHandler.class, RecordingHandler::new).run(context -> {
            EventStore store = context.getBean(EventStore.class);
            BackupRestoreService service = context.getBean(BackupRestoreService.class);
            Aggregates.create(store, "order", "o-7", 1);

            service.backupStream("order", "o-7");

            RecordingHandler spans = context.getBean(RecordingHandler.class);
            assertThat(spans.stopped).singleElement().satisfies(c -> {
                assertThat(c.getName()).isEqualTo("esbackup.backup");
                assertThat(c.getContextualName()).isEqualTo("esbackup backup order");
                assertThat(c.getHighCardinalityKeyValue("object.id").getValue()).isEqualTo("o-7");
                assertThat(c.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("success");
            });
        });
    }

    @Test
    void twoServicesSharingTheListenerEndEachOfTheirOwnObservations() {
        onFolders().run(context -> {
            EventStore store = context.getBean(EventStore.class);
            io.esbackup.backup.BackupProvider provider = context.getBean(io.esbackup.backup.BackupProvider.class);
            EsbackupMetrics metrics = context.getBean(EsbackupMetrics.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            Aggregates.create(store, "order", "o-1", 2);
            Aggregates.create(store, "customer", "c-1", 3);
            // Two services of one application (two stores, say) told to the one metrics listener; the second's
            // backup runs while the first's is in flight, as it would on another thread.
            BackupRestoreService second = BackupRestoreService.builder(store, provider).listener(metrics).build();
            BackupRestoreService first = BackupRestoreService.builder(store, provider).listener(metrics)
                    .listener(new OperationListener() {
                        @Override
                        public void started(io.esbackup.backup.Operation operation) {
                            second.backupStream("customer", "c-1");
                        }
                    }).build();

            first.backupStream("order", "o-1");

            assertThat(meters.get("esbackup.backup").tags("object.name", "order", "outcome", "success").timer()
                    .count()).isEqualTo(1);
            assertThat(meters.get("esbackup.backup").tags("object.name", "customer", "outcome", "success").timer()
                    .count()).isEqualTo(1);
            assertThat(meters.get("esbackup.backup.active").longTaskTimers())
                    .as("no observation left running").allSatisfy(t -> assertThat(t.activeTasks()).isZero());
        });
    }

    @Test
    void withoutAnObservationRegistryBackupsAreStillTimed() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EsbackupMetricsAutoConfiguration.class,
                        EsbackupAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=file:" + dir.resolve("backups"))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ObservationRegistry.class);
                    Aggregates.create(context.getBean(EventStore.class), "order", "o-1", 1);
                    context.getBean(BackupRestoreService.class).backupStream("order", "o-1");
                    assertThat(context.getBean(MeterRegistry.class).get("esbackup.backup").timer().count())
                            .isEqualTo(1);
                });
    }

    @Test
    void metricsCanBeTurnedOffAndNeedAMeterRegistry() {
        onFolders().withPropertyValues("esbackup.metrics.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(EsbackupMetrics.class)
                        .doesNotHaveBean(OperationListener.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EsbackupMetricsAutoConfiguration.class,
                        EsbackupAutoConfiguration.class))
                .withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=file:" + dir.resolve("backups"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EsbackupMetrics.class));
    }

    private static double gauge(MeterRegistry meters, String name) {
        return meters.get(name).tags("type", "backup", "object.name", "order").gauge().value();
    }

    /** Stands in for a tracing bridge: keeps every observation that stopped. */
    static class RecordingHandler implements ObservationHandler<Observation.Context> {
        final List<Observation.Context> stopped = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
