package io.esbackup.spring;

import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.model.Ids;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code esbackup.schedule.*} properties: a backup of whole object names and a clean-up, each on a cron
 * schedule, run by one instance of the application at a time. Checked when bound: a bad cron, object name,
 * retention or lease fails start-up naming the property.
 */
@ConfigurationProperties(EsbackupScheduleProperties.PREFIX)
public class EsbackupScheduleProperties implements Validator {
    static final String PREFIX = "esbackup.schedule";

    /** The scheduled backup. */
    private final Backup backup = new Backup();

    /** The scheduled clean-up of expired and unfinished backups, abandoned restores and temporary files. */
    private final Cleanup cleanup = new Cleanup();

    /** The lease that lets one instance at a time run a scheduled job. */
    private final Lock lock = new Lock();

    /** The time zone the cron expressions are read in. */
    private ZoneId zone = ZoneId.of("UTC");

    /**
     * This instance's name as a lease holder: unique among the instances sharing the backups. By default the
     * host name and the process id.
     */
    private String instance;

    public Backup getBackup() {
        return backup;
    }

    public Cleanup getCleanup() {
        return cleanup;
    }

    public Lock getLock() {
        return lock;
    }

    public ZoneId getZone() {
        return zone;
    }

    public void setZone(ZoneId zone) {
        this.zone = zone;
    }

    public String getInstance() {
        return instance;
    }

    public void setInstance(String instance) {
        this.instance = instance;
    }

    /** Whether any job is scheduled. */
    boolean anyScheduled() {
        return backup.cron != null || cleanup.cron != null;
    }

    /** The scheduled backup: every aggregate of each object name, as {@code esbackup backup-many --all} does. */
    public static class Backup {
        /**
         * When: a Spring cron expression (six fields, seconds first), e.g. {@code 0 0 2 * * *}. None when unset or
         * empty.
         */
        private String cron;

        /** The object names whose aggregates are all backed up; required with a cron. */
        private List<String> objectNames = new ArrayList<>();

        /** Incremental backups: an aggregate unchanged since its last backup is not written again. */
        private boolean incremental;

        /** Packed backups: a run's small archives go into a few large packs (fewer objects, fewer requests). */
        private boolean packed;

        /** How many aggregates are backed up at once. */
        private int maxConcurrency = 4;

        /** How long each scheduled backup is kept before a clean-up removes it; kept until deleted when unset. */
        private Duration retention;

        /**
         * Encrypted backups, under each aggregate's data key wrapped by the keyset of esbackup.encryption.keyset or
         * esbackup.encryption.keyset-file (or the application's ArchiveEncryption bean), so a shred erases them.
         */
        private boolean encrypt;

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = blankAsUnset(cron);
        }

        public List<String> getObjectNames() {
            return objectNames;
        }

        public void setObjectNames(List<String> objectNames) {
            this.objectNames = objectNames;
        }

        public boolean isIncremental() {
            return incremental;
        }

        public void setIncremental(boolean incremental) {
            this.incremental = incremental;
        }

        public boolean isPacked() {
            return packed;
        }

        public void setPacked(boolean packed) {
            this.packed = packed;
        }

        public int getMaxConcurrency() {
            return maxConcurrency;
        }

        public void setMaxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
        }

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        public boolean isEncrypt() {
            return encrypt;
        }

        public void setEncrypt(boolean encrypt) {
            this.encrypt = encrypt;
        }
    }

    /** The scheduled clean-up. */
    public static class Cleanup {
        /**
         * When: a Spring cron expression (six fields, seconds first), e.g. {@code 0 30 3 * * *}. None when unset or
         * empty.
         */
        private String cron;

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = blankAsUnset(cron);
        }

        /** A retention policy for the scheduled backups, applied by each clean-up before it removes expired ones. */
        private final Keep keep = new Keep();

        public Keep getKeep() {
            return keep;
        }
    }

    /**
     * Which scheduled backups a clean-up keeps, per aggregate, with restic's rules in UTC (docs/ARCHITECTURE.md,
     * section 7b): every other scheduled backup is removed (forgotten), except the ones a kept incremental backup
     * needs. No policy when every count is zero and no tag is given. Only backups tagged
     * {@code esbackup.schedule=backup} are considered: backups made by hand are never removed by it.
     */
    public static class Keep {
        /** The newest N backups. */
        private int last;
        /** The newest backup of each of the last N hours that have one. */
        private int hourly;
        /** The newest backup of each of the last N days that have one. */
        private int daily;
        /** The newest backup of each of the last N ISO weeks that have one. */
        private int weekly;
        /** The newest backup of each of the last N months that have one. */
        private int monthly;
        /** The newest backup of each of the last N years that have one. */
        private int yearly;
        /** Every backup carrying one of these tags (key to value). */
        private java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();

        public int getLast() {
            return last;
        }

        public void setLast(int last) {
            this.last = last;
        }

        public int getHourly() {
            return hourly;
        }

        public void setHourly(int hourly) {
            this.hourly = hourly;
        }

        public int getDaily() {
            return daily;
        }

        public void setDaily(int daily) {
            this.daily = daily;
        }

        public int getWeekly() {
            return weekly;
        }

        public void setWeekly(int weekly) {
            this.weekly = weekly;
        }

        public int getMonthly() {
            return monthly;
        }

        public void setMonthly(int monthly) {
            this.monthly = monthly;
        }

        public int getYearly() {
            return yearly;
        }

        public void setYearly(int yearly) {
            this.yearly = yearly;
        }

        public java.util.Map<String, String> getTags() {
            return tags;
        }

        public void setTags(java.util.Map<String, String> tags) {
            this.tags = tags;
        }

        /** The policy, or empty when nothing is set; {@link IllegalArgumentException} naming the property if bad. */
        java.util.Optional<io.esbackup.backup.RetentionPolicy> policy() {
            if (last == 0 && hourly == 0 && daily == 0 && weekly == 0 && monthly == 0 && yearly == 0
                    && tags.isEmpty()) {
                return java.util.Optional.empty();
            }
            io.esbackup.backup.RetentionPolicy.Builder b = io.esbackup.backup.RetentionPolicy.builder()
                    .keepLast(last).keepHourly(hourly).keepDaily(daily).keepWeekly(weekly).keepMonthly(monthly)
                    .keepYearly(yearly);
            try {
                tags.forEach(b::keepTag);
                return java.util.Optional.of(b.build());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + ".cleanup.keep: " + e.getMessage(), e);
            }
        }
    }

    /** The lease of a scheduled job, kept in the backups store. */
    public static class Lock {
        /**
         * How long a lease lasts unless renewed; a running job renews it every third of this. An instance that
         * dies holding it blocks the job for at most this long. Must be shorter than the time between two runs.
         */
        private Duration ttl = Duration.ofMinutes(5);

        /**
         * A job that finished sooner than this keeps its lease until it expires instead of giving it up, so an
         * instance whose clock is a little behind does not run the same firing again.
         */
        private Duration holdAtLeast = Duration.ofMinutes(1);

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public Duration getHoldAtLeast() {
            return holdAtLeast;
        }

        public void setHoldAtLeast(Duration holdAtLeast) {
            this.holdAtLeast = holdAtLeast;
        }
    }

    // An empty value (an environment variable set empty over application.properties) turns the job off, as the
    // auto-configuration's condition already reads it, rather than failing as a bad cron.
    private static String blankAsUnset(String cron) {
        return cron == null || cron.isBlank() ? null : cron;
    }

    @Override
    public boolean supports(Class<?> type) {
        return EsbackupScheduleProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        EsbackupScheduleProperties p = (EsbackupScheduleProperties) target;
        checkCron(errors, "backup.cron", p.backup.cron);
        checkCron(errors, "cleanup.cron", p.cleanup.cron);
        if (p.backup.cron != null && p.backup.objectNames.isEmpty()) {
            errors.reject("esbackup.schedule", PREFIX + ".backup.object-names is empty: a scheduled backup needs the"
                    + " object names whose aggregates it backs up, as in order,customer");
        }
        for (String name : p.backup.objectNames) {
            check(errors, () -> Ids.requireValid(PREFIX + ".backup.object-names", name));
        }
        // The bulk run's own bound, so a value it would refuse fails here, naming the property.
        check(errors, () -> {
            try {
                BulkBackupOptions.builder().maxConcurrency(p.backup.maxConcurrency).build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + ".backup.max-concurrency: " + e.getMessage(), e);
            }
        });
        if (p.backup.retention != null) {
            check(errors, () -> {
                try {
                    BackupOptions.builder().retention(p.backup.retention).build();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(PREFIX + ".backup." + e.getMessage(), e);
                }
            });
        }
        if (p.lock.ttl == null || p.lock.ttl.compareTo(Duration.ofSeconds(10)) < 0) {
            errors.reject("esbackup.schedule", PREFIX + ".lock.ttl must be at least 10s, was " + p.lock.ttl);
        }
        if (p.lock.holdAtLeast == null || p.lock.holdAtLeast.isNegative()) {
            errors.reject("esbackup.schedule", PREFIX + ".lock.hold-at-least must be zero or more, was "
                    + p.lock.holdAtLeast);
        } else if (p.lock.ttl != null && p.lock.holdAtLeast.compareTo(p.lock.ttl) > 0) {
            // A lease kept past the run is not renewed: it ends at its ttl whatever hold-at-least says.
            errors.reject("esbackup.schedule", PREFIX + ".lock.hold-at-least (" + p.lock.holdAtLeast
                    + ") must not be longer than " + PREFIX + ".lock.ttl (" + p.lock.ttl + ")");
        }
        boolean retention = false;
        try {
            retention = p.cleanup.keep.policy().isPresent();
        } catch (IllegalArgumentException e) {
            errors.reject("esbackup.schedule", e.getMessage());
        }
        if (retention && p.cleanup.cron == null) {
            errors.reject("esbackup.schedule", PREFIX + ".cleanup.keep is set but " + PREFIX + ".cleanup.cron is"
                    + " not: the policy is applied by the scheduled clean-up");
        }
        if (p.instance != null) {
            check(errors, () -> Ids.requireValid(PREFIX + ".instance", p.instance));
        }
    }

    private static void checkCron(Errors errors, String field, String cron) {
        if (cron != null && !CronExpression.isValidExpression(cron)) {
            errors.reject("esbackup.schedule", PREFIX + "." + field + " '" + cron + "' is not a cron expression: give"
                    + " six fields, seconds first, as in 0 0 2 * * * (every day at 02:00)");
        }
    }

    private static void check(Errors errors, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            errors.reject("esbackup.schedule", e.getMessage());
        }
    }
}
