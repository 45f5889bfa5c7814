package io.esbackup.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.FileEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The scheduled jobs, the health indicator and the endpoint in a context of their own, on real folders. Firings
 * are run with {@code runNow} (what the cron trigger calls), except in the one test that checks the trigger fires.
 */
class EsbackupScheduleTest {
    /** A cron that does not fire during a test: firings are run by hand. */
    private static final String NEVER = "0 0 0 1 1 *";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, EsbackupAutoConfiguration.class,
                    EsbackupScheduleAutoConfiguration.class, EsbackupActuatorAutoConfiguration.class));

    @TempDir
    Path dir;

    private boolean created;

    private ApplicationContextRunner withOrders(String... properties) {
        if (!created) {
            FileEventStore store = new FileEventStore(dir.resolve("esdata"));
            Aggregates.create(store, "order", "o-1", 3);
            Aggregates.create(store, "order", "o-2", 4);
            Aggregates.create(store, "customer", "c-1", 2);
            created = true;
        }
        return runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                "esbackup.backups=file:" + dir.resolve("backups")).withPropertyValues(properties);
    }

    @Test
    void aScheduledBackupBacksUpEveryAggregateOfItsObjectNamesTagged() {
        withOrders("esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.object-names=order,customer",
                "esbackup.schedule.backup.retention=7d").run(context -> {
            EsbackupScheduler scheduler = context.getBean(EsbackupScheduler.class);
            assertThat(scheduler.isRunning()).isTrue();

            scheduler.runNow("backup");

            assertThat(scheduler.statuses().get("backup").outcome()).isEqualTo("succeeded");
            assertThat(scheduler.statuses().get("backup").message())
                    .isEqualTo("order: 2 backed up; customer: 1 backed up");
            List<BackupHandle> backups = context.getBean(BackupRestoreService.class).listBackups();
            assertThat(backups).extracting(h -> h.objectName() + "/" + h.objectId())
                    .containsExactlyInAnyOrder("order/o-1", "order/o-2", "customer/c-1");
            assertThat(backups).allSatisfy(h -> {
                assertThat(h.tags()).containsEntry(ScheduledBackup.TAG, "backup");
                assertThat(Duration.between(h.createdAt(), h.expiresAt())).isEqualTo(Duration.ofDays(7));
            });
        });
    }

    @Test
    void anObjectNameWithNoAggregatesFailsTheRunAndTheHealth() {
        withOrders("esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.object-names=order,ordr")
                .run(context -> {
                    EsbackupScheduler scheduler = context.getBean(EsbackupScheduler.class);

                    scheduler.runNow("backup");

                    assertThat(scheduler.statuses().get("backup").outcome()).isEqualTo("failed");
                    assertThat(scheduler.statuses().get("backup").message())
                            .isEqualTo("ordr: no aggregates found (is the object name right?) (order: 2 backed up;"
                                    + " ordr: 0 backed up)");
                    assertThat(context.getBean(EsbackupHealthIndicator.class).health().getStatus())
                            .isEqualTo(Status.DOWN);
                });
    }

    @Test
    void theScheduledCleanUpForgetsTheScheduledBackupsItsPolicyDoesNotKeep() {
        withOrders("esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.object-names=order",
                "esbackup.schedule.cleanup.cron=" + NEVER, "esbackup.schedule.cleanup.keep.last=2",
                "esbackup.schedule.lock.hold-at-least=0s").run(context -> {
            EsbackupScheduler scheduler = context.getBean(EsbackupScheduler.class);
            BackupRestoreService service = context.getBean(BackupRestoreService.class);
            for (int run = 0; run < 3; run++) {
                scheduler.runNow("backup");
            }
            BackupHandle byHand = service.backupStream("order", "o-1");
            assertThat(service.listBackups()).hasSize(7);

            scheduler.runNow("cleanup");

            assertThat(scheduler.statuses().get("cleanup").message())
                    .startsWith("forgot 2 scheduled backups and kept 4; removed 0 expired");
            List<BackupHandle> left = service.listBackups();
            assertThat(left).hasSize(5).extracting(BackupHandle::backupId).contains(byHand.backupId());
            assertThat(left.stream().filter(h -> h.tags().containsKey(ScheduledBackup.TAG)))
                    .hasSize(4).extracting(BackupHandle::objectId).containsOnly("o-1", "o-2");
        });
        withOrders("esbackup.schedule.cleanup.cron=" + NEVER, "esbackup.schedule.cleanup.keep.daily=-1")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("esbackup.schedule.cleanup.keep: ").hasMessageContaining("keepDaily"));
        withOrders("esbackup.schedule.cleanup.keep.last=3")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("esbackup.schedule.cleanup.keep is set but esbackup.schedule.cleanup.cron"));
    }

    @Test
    void anIncrementalScheduleWritesOnlyWhatChanged() {
        withOrders("esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.object-names=order",
                "esbackup.schedule.backup.incremental=true", "esbackup.schedule.lock.hold-at-least=0s")
                .run(context -> {
                    EsbackupScheduler scheduler = context.getBean(EsbackupScheduler.class);
                    scheduler.runNow("backup");
                    Aggregates.append(context.getBean(io.esbackup.store.EventStore.class), "order", "o-2", 1);

                    scheduler.runNow("backup");

                    assertThat(scheduler.statuses().get("backup").message())
                            .isEqualTo("order: 2 backed up (1 unchanged)");
                    assertThat(context.getBean(BackupRestoreService.class).listBackups()).hasSize(3);
                });
    }

    @Test
    void theCronTriggerFires() {
        withOrders("esbackup.schedule.cleanup.cron=* * * * * *", "esbackup.schedule.lock.hold-at-least=0s")
                .run(context -> {
                    EsbackupScheduler scheduler = context.getBean(EsbackupScheduler.class);
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (scheduler.statuses().get("cleanup").lastSucceeded() == null && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertThat(scheduler.statuses().get("cleanup").outcome()).isIn("succeeded", "running");
                    assertThat(scheduler.statuses().get("cleanup").lastSucceeded()).isNotNull();
                });
    }

    @Test
    void closingTheContextStopsAJobInFlightAndGivesItsLeaseBack() throws Exception {
        FaultyBlobStore faulty = new FaultyBlobStore(new LocalBlobStore(dir.resolve("backups")));
        EsbackupScheduler[] scheduler = new EsbackupScheduler[1];
        withOrders("esbackup.schedule.backup.cron=* * * * * *", "esbackup.schedule.backup.object-names=order",
                "esbackup.schedule.backup.max-concurrency=1", "esbackup.schedule.lock.hold-at-least=0s",
                "esbackup.schedule.instance=a")
                .withBean(BackupProvider.class, () -> new BlobBackupProvider(faulty)).run(context -> {
                    scheduler[0] = context.getBean(EsbackupScheduler.class);
                    faulty.delay(BlobOp.WRITE, Duration.ofMillis(500)); // each backup's writes now take seconds
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (!"running".equals(scheduler[0].statuses().get("backup").outcome())
                            && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertThat(scheduler[0].statuses().get("backup").outcome()).isEqualTo("running");
                }); // closes the context while the job runs

        assertThat(scheduler[0].isRunning()).isFalse();
        ScheduledJobStatus stopped = scheduler[0].statuses().get("backup");
        assertThat(stopped.outcome()).isEqualTo("failed");
        assertThat(stopped.message()).contains("was interrupted");
        faulty.heal();
        assertThat(new io.esbackup.backup.BlobJobLocks(faulty, java.time.Clock.systemUTC())
                .tryAcquire("backup", "b", Duration.ofMinutes(5))).as("given back").isPresent();
    }

    @Test
    void withoutACronThereIsNoScheduler() {
        withOrders().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EsbackupScheduler.class));
    }

    @Test
    void anEmptyCronTurnsAScheduleOff() {
        // As an environment variable set empty (ESBACKUP_SCHEDULE_BACKUP_CRON=) over application.properties.
        withOrders("esbackup.schedule.backup.cron=", "esbackup.schedule.cleanup.cron=")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EsbackupScheduler.class));
        withOrders("esbackup.schedule.backup.cron= ", "esbackup.schedule.cleanup.cron=" + NEVER).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EsbackupScheduler.class).statuses()).containsOnlyKeys("cleanup");
        });
    }

    @Test
    void badSchedulesFailStartUpNamingTheProperty() {
        withOrders("esbackup.schedule.backup.cron=at two", "esbackup.schedule.backup.object-names=order")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("esbackup.schedule.backup.cron 'at two' is not a cron expression"));
        withOrders("esbackup.schedule.backup.cron=" + NEVER)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("esbackup.schedule.backup.object-names is empty"));
        withOrders("esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.object-names=or/der")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("esbackup.schedule.backup.object-names"));
        withOrders("esbackup.schedule.cleanup.cron=" + NEVER, "esbackup.schedule.lock.ttl=1s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("esbackup.schedule.lock.ttl must be at least 10s"));
        withOrders("esbackup.schedule.cleanup.cron=" + NEVER, "esbackup.schedule.lock.ttl=1m",
                "esbackup.schedule.lock.hold-at-least=2m")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(
                        "esbackup.schedule.lock.hold-at-least (PT2M) must not be longer than esbackup.schedule.lock.ttl"));
        withOrders("esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.object-names=order",
                "esbackup.schedule.backup.max-concurrency=300")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("esbackup.schedule.backup.max-concurrency: maxConcurrency must be between"
                                + " 1 and 256, was 300"));
        withOrders("esbackup.health.max-age=-1h")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("esbackup.health.max-age must be positive"));
    }

    @Test
    void healthIsDownUntilAScheduledBackupIsYoungEnoughWhoeverMadeIt() {
        String[] schedule = {"esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.object-names=order",
                "esbackup.health.max-age=1h"};
        withOrders(schedule).run(context -> {
            EsbackupHealthIndicator health = context.getBean(EsbackupHealthIndicator.class);
            Health before = health.health();
            assertThat(before.getStatus()).isEqualTo(Status.DOWN);
            assertThat(before.getDetails().get("reason")).isEqualTo("no scheduled backup of order in the last PT1H");

            context.getBean(EsbackupScheduler.class).runNow("backup");

            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        });
        // Another instance over the same backups, which has not run the job itself, finds that backup in the store.
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                "esbackup.backups=file:" + dir.resolve("backups")).withPropertyValues(schedule).run(context -> {
            Health other = context.getBean(EsbackupHealthIndicator.class).health();
            assertThat(other.getStatus()).isEqualTo(Status.UP);
            assertThat(context.getBean(EsbackupScheduler.class).statuses().get("backup").lastStarted()).isNull();
        });
    }

    @Test
    void everyInstanceKnowsTheLatestRunFromItsRecordBesideTheLease() {
        String[] schedule = {"esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.incremental=true",
                "esbackup.schedule.lock.hold-at-least=0s", "esbackup.health.max-age=1h"};
        withOrders(schedule).withPropertyValues("esbackup.schedule.instance=instance-a",
                "esbackup.schedule.backup.object-names=order")
                .run(context -> context.getBean(EsbackupScheduler.class).runNow("backup"));
        // Instance b cannot list the backups at all: its health comes from the record instance a left.
        FaultyBlobStore unlistable = new FaultyBlobStore(new LocalBlobStore(dir.resolve("backups")));
        unlistable.failWithProbability(BlobOp.LIST, 1.0);
        ApplicationContextRunner instanceB = withOrders(schedule).withPropertyValues(
                "esbackup.schedule.instance=instance-b", "esbackup.schedule.backup.object-names=order")
                .withBean(BackupProvider.class, () -> new BlobBackupProvider(unlistable));
        instanceB.run(context -> {
            Health health = context.getBean(EsbackupHealthIndicator.class).health();
            assertThat(health.getStatus()).as(health.toString()).isEqualTo(Status.UP);
            assertThat(health.getDetails().get("latestBackupRun")).asString().contains("instance-a");
            assertThat(unlistable.calls(BlobOp.LIST)).isZero();
        });

        // A later run on instance a fails (an object name with no aggregates): instance b says so.
        withOrders(schedule).withPropertyValues("esbackup.schedule.instance=instance-a",
                "esbackup.schedule.backup.object-names=order,ordr")
                .run(context -> context.getBean(EsbackupScheduler.class).runNow("backup"));
        instanceB.run(context -> {
            Health health = context.getBean(EsbackupHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) health.getDetails().get("reason"))
                    .startsWith("the latest scheduled backup run (on instance-a, finished ")
                    .contains(") failed: ordr: no aggregates found")
                    .doesNotContain("in the last"); // the earlier success is still young enough
        });
    }

    @Test
    void healthIsDownWhenTheBackupsCannotBeReachedOrTheLastRunFailed() {
        FaultyBlobStore faulty = new FaultyBlobStore(new LocalBlobStore(dir.resolve("backups")));
        withOrders("esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.object-names=order",
                "esbackup.schedule.lock.hold-at-least=0s")
                .withBean(BackupProvider.class, () -> new BlobBackupProvider(faulty)).run(context -> {
                    EsbackupHealthIndicator health = context.getBean(EsbackupHealthIndicator.class);
                    EsbackupScheduler scheduler = context.getBean(EsbackupScheduler.class);
                    faulty.failOnCall(BlobOp.WRITE, 2); // the first write after the lease's: one backup's

                    scheduler.runNow("backup");

                    Health failedRun = health.health();
                    assertThat(failedRun.getStatus()).isEqualTo(Status.DOWN);
                    assertThat((String) failedRun.getDetails().get("reason"))
                            .startsWith("the latest scheduled backup run here failed: order: 1 failed, the first (o-")
                            .contains("injected failure of WRITE call #2");
                    faulty.heal().failWithProbability(BlobOp.WRITE, 1.0);
                    scheduler.runNow("backup");
                    assertThat((String) health.health().getDetails().get("reason")).startsWith(
                            "the latest scheduled backup run here failed: the lease could not be taken: ")
                            .contains("injected failure of WRITE");
                    faulty.heal().failWithProbability(BlobOp.STAT, 1.0).failWithProbability(BlobOp.READ, 1.0);
                    assertThat((String) health.health().getDetails().get("reason"))
                            .startsWith("the backups cannot be reached: ");
                    faulty.heal();
                    scheduler.runNow("backup");
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void healthListsTheStoreAgainOnlyOnceTheBackupItFoundThereIsTooOld() {
        FaultyBlobStore faulty = new FaultyBlobStore(new LocalBlobStore(dir.resolve("backups")));
        FileEventStore store = new FileEventStore(dir.resolve("esdata"));
        Aggregates.create(store, "order", "o-1", 3);
        BackupRestoreService service = new BackupRestoreService(store, new BlobBackupProvider(faulty));
        EsbackupScheduleProperties properties = new EsbackupScheduleProperties();
        properties.getBackup().setCron(NEVER);
        properties.getBackup().setObjectNames(List.of("order"));
        new EsbackupScheduler(properties, service, java.time.Clock.systemUTC()).runNow("backup");
        Instant made = service.listBackups().get(0).createdAt();
        // Another instance, which has not run the job: its health finds the backup in the store.
        MovableClock clock = new MovableClock(made.plusSeconds(60));
        EsbackupHealthIndicator health = new EsbackupHealthIndicator(service,
                Optional.of(new EsbackupScheduler(properties, service, clock)), Duration.ofHours(1), clock);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        int listings = faulty.calls(BlobOp.LIST);

        clock.now = made.plus(Duration.ofMinutes(50));
        Health later = health.health();

        assertThat(later.getStatus()).isEqualTo(Status.UP);
        assertThat(faulty.calls(BlobOp.LIST)).as("the backup found is still young enough: no listing")
                .isEqualTo(listings);
        clock.now = made.plus(Duration.ofMinutes(61));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(faulty.calls(BlobOp.LIST)).isGreaterThan(listings);
    }

    /** A clock a test sets. */
    private static final class MovableClock extends java.time.Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void healthIsDownRatherThanAnErrorWhenTheScheduledBackupsCannotBeListed() {
        FaultyBlobStore faulty = new FaultyBlobStore(new LocalBlobStore(dir.resolve("backups")));
        withOrders("esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.object-names=order",
                "esbackup.health.max-age=1h")
                .withBean(BackupProvider.class, () -> new BlobBackupProvider(faulty)).run(context -> {
                    EsbackupHealthIndicator health = context.getBean(EsbackupHealthIndicator.class);
                    faulty.failWithProbability(BlobOp.LIST, 1.0);

                    Health listingFailed = health.health();

                    assertThat(listingFailed.getStatus()).isEqualTo(Status.DOWN);
                    assertThat((String) listingFailed.getDetails().get("reason"))
                            .startsWith("the scheduled backups of order could not be listed: ")
                            .contains("injected failure of LIST");
                    assertThat(listingFailed.getDetails()).containsKey("schedule");
                    faulty.heal();
                    context.getBean(EsbackupScheduler.class).runNow("backup");
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void theEndpointListsRecentBackupsAndOnlyBacksUpWhenEnabled() {
        withOrders("management.endpoints.web.exposure.include=esbackup").run(context -> {
            EsbackupEndpoint endpoint = context.getBean(EsbackupEndpoint.class);
            assertThat(endpoint).isExactlyInstanceOf(EsbackupEndpoint.class); // no write operation
            BackupRestoreService service = context.getBean(BackupRestoreService.class);
            service.backupStream("order", "o-1");
            service.backupStream("customer", "c-1");

            @SuppressWarnings("unchecked")
            List<Map<String, Object>> orders = (List<Map<String, Object>>) endpoint.recent("order", null)
                    .get("backups");
            assertThat(orders).singleElement().satisfies(b -> {
                assertThat(b).containsEntry("objectId", "o-1").containsEntry("eventCount", 3L);
            });
            assertThat((List<?>) endpoint.recent(null, 1).get("backups")).hasSize(1);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> endpoint.recent(null, 0)))
                    .hasMessageContaining("limit must be 1 to 1000");
        });
        withOrders("management.endpoints.web.exposure.include=esbackup", "esbackup.endpoint.write-enabled=true").run(context -> {
            EsbackupWritableEndpoint endpoint = context.getBean(EsbackupWritableEndpoint.class);
            Map<String, Object> made = endpoint.backup("order", "o-2", null);
            assertThat(made).containsEntry("objectId", "o-2").containsEntry("eventCount", 4L)
                    .containsEntry("encrypted", false);
            assertThat(context.getBean(BackupRestoreService.class)
                    .listBackups(BackupQuery.builder().objectName("order").objectId("o-2").build())).hasSize(1);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> endpoint.backup("order", "nope", null)))
                    .hasMessageContaining("nope");
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> endpoint.backup("order", "../x", null)))
                    .hasMessageContaining("objectId");
        });
    }

}
