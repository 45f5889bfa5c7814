package io.esbackup.spring;

import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.DataKeys;
import io.esbackup.backup.JobLocks;
import io.esbackup.backup.JobRun;
import io.esbackup.model.Ids;
import io.esbackup.store.ObjectIdListing;
import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs the scheduled backup and clean-up ({@link EsbackupScheduleProperties}) on their cron schedules, each as a
 * {@link LeasedJob}: of several instances of the application sharing the backups, one runs each firing. It starts
 * with the application context and stops with it, interrupting a job in flight (a bulk run then finishes the
 * aggregates it started and starts no more).
 */
public class EsbackupScheduler implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EsbackupScheduler.class);

    private final Map<String, LeasedJob> jobs = new LinkedHashMap<>();
    private final Map<String, String> crons = new LinkedHashMap<>();
    private final EsbackupScheduleProperties properties;
    private final List<String> backedUpObjectNames;
    private ThreadPoolTaskScheduler scheduler;

    public EsbackupScheduler(EsbackupScheduleProperties properties, BackupRestoreService service, Clock clock) {
        this.properties = properties;
        Optional<JobLocks> locks = service.provider().capability(JobLocks.class);
        String owner = properties.getInstance() != null ? properties.getInstance() : defaultInstance();
        if (locks.isEmpty()) {
            LOG.warn("The backups ({}) cannot hold job leases: every instance of this application runs each"
                    + " scheduled job", service.provider().getClass().getName());
        }
        EsbackupScheduleProperties.Lock lock = properties.getLock();
        String backupCron = properties.getBackup().getCron();
        if (backupCron != null) {
            if (service.store().capability(ObjectIdListing.class).isEmpty()) {
                throw new IllegalArgumentException(EsbackupScheduleProperties.PREFIX + ".backup.cron is set, but the"
                        + " event store cannot list its aggregates, which a scheduled backup of whole object names"
                        + " needs");
            }
            if (properties.getBackup().isEncrypt() && service.provider().capability(DataKeys.class).isEmpty()) {
                // Otherwise every firing would fail alike, long after start-up.
                throw new IllegalArgumentException(EsbackupScheduleProperties.PREFIX + ".backup.encrypt is true, but"
                        + " the backups (" + service.provider().getClass().getSimpleName() + ") cannot keep data"
                        + " keys, so they cannot hold encrypted backups (the reference library's format has no"
                        + " encryption)");
            }
            ScheduledBackup backup = new ScheduledBackup(service, properties.getBackup());
            add("backup", backupCron, new LeasedJob("backup", locks, owner, lock.getTtl(), lock.getHoldAtLeast(),
                    clock, backup));
            backedUpObjectNames = backup.objectNames();
        } else {
            backedUpObjectNames = List.of();
        }
        String cleanupCron = properties.getCleanup().getCron();
        if (cleanupCron != null) {
            add("cleanup", cleanupCron, new LeasedJob("cleanup", locks, owner, lock.getTtl(), lock.getHoldAtLeast(),
                    clock, new ScheduledCleanup(service, properties.getCleanup().getKeep().policy())));
        }
    }

    private void add(String name, String cron, LeasedJob job) {
        jobs.put(name, job);
        crons.put(name, cron);
    }

    /** The status of each scheduled job on this instance, by name ({@code backup}, {@code cleanup}). */
    public Map<String, ScheduledJobStatus> statuses() {
        Map<String, ScheduledJobStatus> all = new LinkedHashMap<>();
        jobs.forEach((name, job) -> all.put(name, job.status()));
        return all;
    }

    /**
     * The latest run of a job as recorded beside its lease by whichever instance ran it; empty without one (or
     * where the backups cannot hold leases).
     */
    public Optional<JobRun> sharedLastRun(String job) {
        LeasedJob found = jobs.get(job);
        return found == null ? Optional.empty() : found.sharedLastRun();
    }

        /** The object names the scheduled backup covers; empty without one. */
    public List<String> backedUpObjectNames() {
        return backedUpObjectNames;
    }

    /** Runs a job's firing now, on the caller's thread, as the schedule would (lease included). */
    void runNow(String name) {
        LeasedJob job = jobs.get(name);
        if (job == null) {
            throw new IllegalArgumentException("no scheduled job named " + name + "; scheduled: " + jobs.keySet());
        }
        job.run();
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
        s.setPoolSize(Math.max(1, jobs.size()));
        s.setThreadNamePrefix("esbackup-schedule-");
        s.setDaemon(true);
        // Shutdown interrupts a job in flight and waits for it: a bulk run finishes the aggregates it started.
        s.setWaitForTasksToCompleteOnShutdown(false);
        s.setAwaitTerminationSeconds(120);
        s.initialize();
        jobs.forEach((name, job) -> s.schedule(job::run, new CronTrigger(crons.get(name), properties.getZone())));
        scheduler = s;
        LOG.info("esbackup schedules: {} (zone {})", crons, properties.getZone());
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** The host name and process id, made an id: a lease's owner must be one. */
    static String defaultInstance() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "host";
        }
        String name = (host + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._-]", "-");
        name = name.length() > 100 ? name.substring(0, 100) : name;
        return Ids.problem(name) == null ? name : "instance-" + ProcessHandle.current().pid();
    }

}
