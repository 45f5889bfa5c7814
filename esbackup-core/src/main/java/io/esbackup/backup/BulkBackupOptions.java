package io.esbackup.backup;

import io.esbackup.archive.Compression;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Options of {@code backupMany}: every {@link BackupOptions} setting for each backup, plus how the run
 * goes. Defaults: 4 at a time, continue on error, no progress listener, keep up to 10,000 results.
 *
 * @param maxConcurrency  backups in flight at once, 1 to 256
 * @param continueOnError keep going after a failure; otherwise stop starting new work at the first one
 * @param onProgress      told as each backup finishes, from one thread at a time, or {@code null}
 * @param maxResultsKept  how many successes and how many failures the result lists (counts are always
 *                        exact); bounds memory for runs over millions of streams
 * @param shard           back up only the ids of this {@link Shard} (default {@link Shard#ALL}); the others are
 *                        skipped before any I/O and are not counted as processed, and the progress total is then
 *                        unknown ({@code -1})
 * @param pack            write the backups into a few large packs committed together at the end of the run
 *                        (docs/FORMAT.md, section 15) rather than three objects each; needs a provider with
 *                        {@link PackedBackups}
 * @param packLimits      how large a pack grows before the next one is started
 */
public record BulkBackupOptions(
        BackupOptions backupOptions,
        int maxConcurrency,
        boolean continueOnError,
        Consumer<BulkBackupProgress> onProgress,
        int maxResultsKept,
        Shard shard,
        boolean pack,
        PackLimits packLimits) {

    public static final BulkBackupOptions DEFAULT = builder().build();

    public BulkBackupOptions {
        if (backupOptions == null) {
            throw new IllegalArgumentException("backupOptions must not be null");
        }
        BulkLimits.check(maxConcurrency, maxResultsKept);
        if (shard == null) {
            throw new IllegalArgumentException("shard must not be null (use Shard.ALL)");
        }
        if (packLimits == null) {
            throw new IllegalArgumentException("packLimits must not be null (use PackLimits.DEFAULT)");
        }
    }

    /** Options of a run over every shard that does not pack. */
    public BulkBackupOptions(BackupOptions backupOptions, int maxConcurrency, boolean continueOnError,
                             Consumer<BulkBackupProgress> onProgress, int maxResultsKept) {
        this(backupOptions, maxConcurrency, continueOnError, onProgress, maxResultsKept, Shard.ALL, false,
                PackLimits.DEFAULT);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link BulkBackupOptions}; the backup settings are those of {@link BackupOptions.Builder}. */
    public static final class Builder {
        private BackupOptions.Builder backup = BackupOptions.builder();
        private int maxConcurrency = BulkLimits.DEFAULT_CONCURRENCY;
        private boolean continueOnError = true;
        private Consumer<BulkBackupProgress> onProgress;
        private int maxResultsKept = BulkLimits.DEFAULT_RESULTS_KEPT;
        private boolean pack;
        private PackLimits packLimits = PackLimits.DEFAULT;
        private Shard shard = Shard.ALL;

        private Builder() {}

        /** Takes every backup setting from {@code options}. */
        public Builder backupOptions(BackupOptions options) {
            if (options == null) {
                throw new IllegalArgumentException("backupOptions must not be null");
            }
            backup = options.toBuilder();
            return this;
        }

        public Builder includeSnapshots(boolean v) { backup.includeSnapshots(v); return this; }
        public Builder includeObjectDocument(boolean v) { backup.includeObjectDocument(v); return this; }
        public Builder includeTerminatedStreams(boolean v) { backup.includeTerminatedStreams(v); return this; }
        public Builder enableCompression(boolean v) { backup.enableCompression(v); return this; }
        public Builder compression(Compression v) { backup.compression(v); return this; }
        public Builder location(String v) { backup.location(v); return this; }
        public Builder retention(Duration v) { backup.retention(v); return this; }
        public Builder description(String v) { backup.description(v); return this; }
        public Builder tags(Map<String, String> v) { backup.tags(v); return this; }
        public Builder tag(String key, String value) { backup.tag(key, value); return this; }
        public Builder incremental(boolean v) { backup.incremental(v); return this; }
        public Builder encrypt(boolean v) { backup.encrypt(v); return this; }
        public Builder maxConcurrency(int v) { maxConcurrency = v; return this; }
        public Builder continueOnError(boolean v) { continueOnError = v; return this; }
        public Builder onProgress(Consumer<BulkBackupProgress> v) { onProgress = v; return this; }
        public Builder maxResultsKept(int v) { maxResultsKept = v; return this; }
        public Builder shard(Shard v) { shard = v; return this; }
        public Builder pack(boolean v) { pack = v; return this; }
        public Builder packLimits(PackLimits v) { packLimits = v; return this; }

        public BulkBackupOptions build() {
            return new BulkBackupOptions(backup.build(), maxConcurrency, continueOnError, onProgress, maxResultsKept,
                    shard, pack, packLimits);
        }
    }
}
