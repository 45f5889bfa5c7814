package io.esbackup.backup;

import java.time.Instant;

/**
 * How a restore treats the live stream. Defaults follow the reference: no overwrite, validate first,
 * restore the object document and snapshots.
 *
 * @param overwrite                replace a live stream (its old stream is kept as terminated)
 * @param validateBeforeRestore    verify checksum and structure; an invalid backup restores nothing
 * @param restoreObjectDocument    write the backed-up document's fields (else keep the live document's, or
 *                                 start a minimal one)
 * @param restoreSnapshots         restore the snapshots the backup holds
 * @param restoreTerminatedStreams restore the terminated streams the backup holds, where missing
 * @param purgeReplaced            with overwrite, delete the replaced stream's events instead of keeping them
 * @param description              a note for the operation's listeners, or {@code null}
 * @param toVersion                restore to a point: only the events up to this version, or {@code null} for all;
 *                                 past the backup's last version it is refused before anything is written
 * @param toTime                   restore to a point: only the events whose {@code timestamp} is at or before this
 *                                 time (the stream up to its first later event), or {@code null} for all; at most
 *                                 one of {@code toVersion} and {@code toTime}
 */
public record RestoreOptions(
        boolean overwrite,
        boolean validateBeforeRestore,
        boolean restoreObjectDocument,
        boolean restoreSnapshots,
        boolean restoreTerminatedStreams,
        boolean purgeReplaced,
        String description,
        Integer toVersion,
        Instant toTime) {

    /** No overwrite, validate, restore document and snapshots. */
    public static final RestoreOptions DEFAULT = builder().build();
    /** As {@link #DEFAULT} but replaces a live stream. */
    public static final RestoreOptions WITH_OVERWRITE = builder().overwrite(true).build();

    public RestoreOptions {
        if (purgeReplaced && !overwrite) {
            throw new IllegalArgumentException("purgeReplaced requires overwrite: without overwrite nothing is replaced");
        }
        if (description != null && description.length() > 4096) {
            throw new IllegalArgumentException("description must be at most 4096 characters");
        }
        if (toVersion != null && toTime != null) {
            throw new IllegalArgumentException("toVersion and toTime are exclusive: restore to a version or to a time");
        }
        if (toVersion != null && toVersion < 0) {
            throw new IllegalArgumentException("toVersion must be >= 0, was " + toVersion);
        }
    }

    /** Whether this restores only part of the backup's events ({@code toVersion} or {@code toTime} set). */
    public boolean toPoint() {
        return toVersion != null || toTime != null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().overwrite(overwrite).validateBeforeRestore(validateBeforeRestore)
                .restoreObjectDocument(restoreObjectDocument).restoreSnapshots(restoreSnapshots)
                .restoreTerminatedStreams(restoreTerminatedStreams).purgeReplaced(purgeReplaced)
                .description(description).toVersion(toVersion).toTime(toTime);
    }

    /** Builds {@link RestoreOptions}; {@link #build} validates. */
    public static final class Builder {
        private boolean overwrite;
        private boolean validateBeforeRestore = true;
        private boolean restoreObjectDocument = true;
        private boolean restoreSnapshots = true;
        private boolean restoreTerminatedStreams = true;
        private boolean purgeReplaced;
        private String description;
        private Integer toVersion;
        private Instant toTime;

        private Builder() {}

        public Builder overwrite(boolean v) { overwrite = v; return this; }
        public Builder validateBeforeRestore(boolean v) { validateBeforeRestore = v; return this; }
        public Builder restoreObjectDocument(boolean v) { restoreObjectDocument = v; return this; }
        public Builder restoreSnapshots(boolean v) { restoreSnapshots = v; return this; }
        public Builder restoreTerminatedStreams(boolean v) { restoreTerminatedStreams = v; return this; }
        public Builder purgeReplaced(boolean v) { purgeReplaced = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder toVersion(Integer v) { toVersion = v; return this; }
        public Builder toTime(Instant v) { toTime = v; return this; }

        public RestoreOptions build() {
            return new RestoreOptions(overwrite, validateBeforeRestore, restoreObjectDocument, restoreSnapshots,
                    restoreTerminatedStreams, purgeReplaced, description, toVersion, toTime);
        }
    }
}
