package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.RestoreOptions;
import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The restore options {@code restore}, {@code clone} and {@code restore-many} share. */
final class RestoreFlags {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--overwrite",
            description = "Replace the aggregate if it is live; its old stream is kept as a terminated stream.")
    private boolean overwrite;

    @Option(names = "--purge-replaced", description = "With --overwrite, delete the replaced stream's events.")
    private boolean purgeReplaced;

    @Option(names = "--no-validate", description = "Skip the checksum and structure checks (not advised).")
    private boolean noValidate;

    @Option(names = {"--no-document", "--no-object-document"},
            description = "Do not restore the backed-up document's fields.")
    private boolean noDocument;

    @Option(names = "--no-snapshots", description = "Do not restore snapshots.")
    private boolean noSnapshots;

    @Option(names = {"--no-terminated", "--no-terminated-streams"}, description = "Do not restore terminated streams.")
    private boolean noTerminated;

    @Option(names = "--description", paramLabel = "TEXT", description = "Why the restore was done.")
    private String description;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private Point point;

    /** Where a restore to a point stops: one of the two. */
    static final class Point {
        @Option(names = "--to-version", required = true, paramLabel = "N",
                description = {"Restore only the events up to version N (and the snapshots up to it).",
                    "Past the backup's last version it is refused."})
        private Integer toVersion;

        @Option(names = "--to-time", required = true, paramLabel = "TIME", converter = InstantConverter.class,
                description = {"Restore only the events stamped at or before TIME (the stream up to its first later "
                    + "event; a date means its start, UTC).",
                    "Before the first event it is refused; after the last it restores everything."})
        private Instant toTime;
    }

    RestoreOptions options() {
        Integer toVersion = point == null ? null : point.toVersion;
        if (toVersion != null && toVersion < 0) {
            throw Usage.error(spec, "--to-version must be 0 or more, was " + toVersion);
        }
        return RestoreOptions.builder().overwrite(overwrite).purgeReplaced(purgeReplaced)
                .validateBeforeRestore(!noValidate).restoreObjectDocument(!noDocument)
                .restoreSnapshots(!noSnapshots).restoreTerminatedStreams(!noTerminated)
                .description(description).toVersion(toVersion).toTime(point == null ? null : point.toTime).build();
    }

    /** Refuses, naming the option, a version past the end of {@code backup} (the service would, without it). */
    void checkPoint(BackupHandle backup) {
        if (point != null && point.toVersion != null && point.toVersion > backup.manifest().streamVersion()) {
            throw Usage.error(spec, "--to-version " + point.toVersion + " is past the end of backup "
                    + backup.backupId() + ", whose last event has version " + backup.manifest().streamVersion());
        }
    }

    /** The point restored to, in a command's {@code --json} answer: {@code toVersion}, {@code toTime} or neither. */
    ObjectNode withPoint(ObjectNode result) {
        result.put("toVersion", point == null ? null : point.toVersion);
        result.put("toTime", point == null || point.toTime == null ? null : point.toTime.toString());
        return result;
    }
}
