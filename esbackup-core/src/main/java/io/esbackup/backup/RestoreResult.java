package io.esbackup.backup;

import java.util.UUID;

/**
 * What a restore or clone wrote.
 *
 * @param streamIdentifier         the stream that now holds the restored events
 * @param streamVersion            its version: the last event restored (the point, for a restore to a point)
 * @param eventsRestored           the events written to it (those up to the point, for a restore to a point)
 * @param replacedStreamIdentifier the stream it replaced (kept as terminated unless purged), or {@code null}
 */
public record RestoreResult(
        UUID backupId,
        String objectName,
        String objectId,
        String streamIdentifier,
        int streamVersion,
        long eventsRestored,
        int snapshotsRestored,
        int terminatedStreamsRestored,
        String replacedStreamIdentifier) {
}
