package io.esbackup.cli;

import io.esbackup.archive.Compression;
import io.esbackup.backup.BackupOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** What goes into a backup and how it is kept: the options {@code backup} and {@code backup-many} share. */
final class BackupFlags {
    @Option(names = "--full", description = "Everything: also snapshots and terminated streams.")
    private boolean full;

    @Option(names = "--snapshots", description = "Include snapshots.")
    private boolean snapshots;

    @Option(names = {"--terminated", "--terminated-streams"},
            description = "Include terminated streams with their events.")
    private boolean terminated;

    @Option(names = {"--no-document", "--no-object-document"}, description = "Leave the object document out.")
    private boolean noDocument;

    @Option(names = "--compression", paramLabel = "zstd|gzip|none", defaultValue = "zstd",
            description = {"How the archive is compressed.", "Default: ${DEFAULT-VALUE}"})
    private Compression compression;

    @Option(names = "--retention", paramLabel = "DURATION", converter = DurationConverter.class,
            description = {"Keep the backup this long (30d, 12h, 45m, PT1H, P30D); cleanup removes it after.",
                "Default: kept until deleted"})
    private Duration retention;

    @Option(names = "--description", paramLabel = "TEXT", description = "Why the backup was taken.")
    private String description;

    @Option(names = "--tag", paramLabel = "K=V", description = "A tag to find the backup by; repeatable.")
    private Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--subfolder", paramLabel = "PATH",
            description = "Keep the backup under backups/PATH/ instead of backups/.")
    private String subfolder;

    @Option(names = "--incremental",
            description = "Only what changed since the aggregate's newest backup in the same subfolder: nothing "
                + "when unchanged, the new events when events were appended, else a full backup.")
    private boolean incremental;

    @Option(names = "--encrypt",
            description = "Encrypt the archive under the aggregate's own data key, wrapped by the keyset "
                + "(ESBACKUP_KEYSET or --keyset); 'esbackup shred' destroys that key.")
    private boolean encrypt;

    BackupOptions options() {
        BackupOptions.Builder b = (full ? BackupOptions.FULL : BackupOptions.DEFAULT).toBuilder();
        if (snapshots) {
            b.includeSnapshots(true);
        }
        if (terminated) {
            b.includeTerminatedStreams(true);
        }
        return b.includeObjectDocument(!noDocument).compression(compression).retention(retention)
                .description(description).tags(tags).location(subfolder).incremental(incremental)
                .encrypt(encrypt).build();
    }
}
