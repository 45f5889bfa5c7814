package io.esbackup.spring;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.JobRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code esbackup} health: DOWN when the backups cannot be reached, when this instance's latest scheduled
 * backup run failed, or (with {@code esbackup.health.max-age}) when an object name the scheduled backup covers has
 * no scheduled backup younger than that, whichever instance made it. The details name the reason and show each
 * scheduled job's status on this instance.
 */
public class EsbackupHealthIndicator implements HealthIndicator {
    /** How long the store's answer that no scheduled backup is young enough is trusted before it is asked again. */
    static final Duration STORE_LOOKUP_REUSE = Duration.ofMinutes(1);
    private static final UUID PROBE = new UUID(0, 0);

    private final BackupRestoreService service;
    private final Optional<EsbackupScheduler> scheduler;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Lookup> newest = new ConcurrentHashMap<>();

    public EsbackupHealthIndicator(BackupRestoreService service, Optional<EsbackupScheduler> scheduler,
                                   Duration maxAge, Clock clock) {
        this.service = service;
        this.scheduler = scheduler;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public Health health() {
        try {
            // One request (a pointer that never exists): the answer "not there" proves the storage answers.
            service.provider().locate(PROBE);
        } catch (RuntimeException e) {
            return Health.down().withDetail("reason", "the backups cannot be reached: " + describe(e)).build();
        }
        if (scheduler.isEmpty()) {
            return Health.up().build();
        }
        Map<String, ScheduledJobStatus> jobs = scheduler.get().statuses();
        List<String> problems = new ArrayList<>();
        ScheduledJobStatus backup = jobs.get("backup");
        Optional<JobRun> shared = backup == null ? Optional.empty() : scheduler.get().sharedLastRun("backup");
        boolean sharedIsNewer = shared.isPresent() && (backup.lastFinished() == null
                || shared.get().finishedAt().isAfter(backup.lastFinished()));
        if (sharedIsNewer && !shared.get().succeeded()) {
            problems.add("the latest scheduled backup run (on " + shared.get().owner() + ", finished "
                    + shared.get().finishedAt() + ") failed: " + shared.get().message());
        } else if (!sharedIsNewer && backup != null
                && ("failed".equals(backup.outcome()) || "lease-lost".equals(backup.outcome()))) {
            problems.add("the latest scheduled backup run here " + backup.outcome() + ": " + backup.message());
        }
        Map<String, Object> newestByName = new LinkedHashMap<>();
        if (maxAge != null && backup != null) {
            Instant now = clock.instant();
            for (String objectName : scheduler.get().backedUpObjectNames()) {
                Instant found;
                try {
                    found = newestScheduled(objectName, LeasedJob.latest(backup.lastSucceeded(),
                            shared.map(JobRun::lastSucceededAt).orElse(null)), now);
                } catch (RuntimeException e) {
                    // A health indicator that throws fails the whole health endpoint, not just this component.
                    problems.add("the scheduled backups of " + objectName + " could not be listed: " + describe(e));
                    newestByName.put(objectName, "unknown");
                    continue;
                }
                newestByName.put(objectName, found == null ? "none in the last " + maxAge : found.toString());
                if (found == null) {
                    problems.add("no scheduled backup of " + objectName + " in the last " + maxAge);
                }
            }
        }
        Health.Builder health = problems.isEmpty() ? Health.up() : Health.down()
                .withDetail("reason", String.join("; ", problems));
        health.withDetail("schedule", jobs);
        shared.ifPresent(run -> health.withDetail("latestBackupRun", run));
        if (!newestByName.isEmpty()) {
            health.withDetail("newestScheduledBackup", newestByName);
        }
        return health.build();
    }

    /**
     * When a scheduled backup of {@code objectName} younger than the maximum age was made, or {@code null}: the
     * latest successful run, here or as recorded beside the job's lease by any instance, if it is young enough
     * (an incremental run that found nothing changed made no new backup, but the aggregates are backed up), else the newest the store held when it was last
     * asked, which another instance may have written. A backup found there answers until it is too old (a newer
     * one could not change the answer), so a listing, which reads every manifest of the object name without a
     * registry, is made once per backup found rather than once a minute; "none" is reused for
     * {@link #STORE_LOOKUP_REUSE}.
     */
    private Instant newestScheduled(String objectName, Instant succeededHere, Instant now) {
        Instant oldest = now.minus(maxAge);
        if (succeededHere != null && succeededHere.isAfter(oldest)) {
            return succeededHere;
        }
        Lookup cached = newest.get(objectName);
        if (cached != null && cached.created != null && cached.created.isAfter(oldest)) {
            return cached.created;
        }
        if (cached == null || cached.created != null || cached.at.plus(STORE_LOOKUP_REUSE).isBefore(now)) {
            List<BackupHandle> found = service.listBackups(BackupQuery.builder().objectName(objectName)
                    .tag(ScheduledBackup.TAG, "backup").createdAfter(oldest).maxResults(1).build());
            cached = new Lookup(now, found.isEmpty() ? null : found.get(0).createdAt());
            newest.put(objectName, cached);
        }
        return cached.created != null && cached.created.isAfter(oldest) ? cached.created : null;
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private record Lookup(Instant at, Instant created) {}
}
