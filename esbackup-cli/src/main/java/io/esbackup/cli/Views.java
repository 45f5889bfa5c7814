package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.EncryptionInfo;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.RestoreResult;
import io.esbackup.backup.UnfinishedBackup;
import io.esbackup.backup.ValidationReport;
import java.time.Instant;

/** The JSON shapes the commands print for backups, restores and validation reports. */
final class Views {
    private Views() {}

    /** A backup as {@code list} and {@code backup} print it. */
    static ObjectNode backup(BackupHandle h) {
        BackupManifest m = h.manifest();
        ObjectNode n = Output.object().put("backupId", h.backupId().toString()).put("objectName", h.objectName())
                .put("objectId", h.objectId()).put("streamIdentifier", m.streamIdentifier())
                .put("streamVersion", h.streamVersion()).put("eventCount", h.eventCount())
                .put("createdAt", h.createdAt().toString()).put("expiresAt", text(h.expiresAt()))
                .put("description", h.description()).put("sizeBytes", h.sizeBytes())
                .put("location", h.location()).put("encrypted", m.encrypted());
        ObjectNode tags = n.putObject("tags");
        h.tags().forEach(tags::put);
        if (h.unchanged()) {
            n.put("unchanged", true);
        }
        return n;
    }

    /** A backup with everything its manifest says, as {@code show} prints it. */
    static ObjectNode backupDetails(BackupHandle h) {
        BackupManifest m = h.manifest();
        ObjectNode n = backup(h).put("includesObjectDocument", m.includesObjectDocument())
                .put("includesSnapshots", m.includesSnapshots()).put("snapshotCount", m.snapshotCount())
                .put("includesTerminatedStreams", m.includesTerminatedStreams())
                .put("terminatedStreamCount", m.terminatedStreamCount())
                .put("compression", m.compression().wireName()).put("sha256", m.sha256())
                .put("formatVersion", m.formatVersion()).put("subfolder", m.location())
                .put("toolVersion", m.toolVersion()).put("parentBackupId", m.parentBackupId())
                .put("baseVersion", m.baseVersion());
        EncryptionInfo e = m.encryption();
        if (e != null) {
            // which keys, never key material: the manifest holds none
            n.putObject("encryption").put("algorithm", e.algorithm()).put("dataKey", e.dataKey())
                    .put("dataKeyId", e.dataKeyId()).put("kekKeyId", e.kekKeyId());
        }
        return n;
    }

    /** An unfinished backup, as {@code cleanup} prints it. */
    static ObjectNode unfinished(UnfinishedBackup u) {
        return Output.object().put("backupId", u.location().backupId().toString())
                .put("objectName", u.location().objectName()).put("objectId", u.location().objectId())
                .put("subfolder", u.location().subfolder()).put("key", u.key())
                .put("lastModified", text(u.lastModified()));
    }

    static ObjectNode restore(RestoreResult r) {
        return Output.object().put("backupId", r.backupId().toString()).put("objectName", r.objectName())
                .put("objectId", r.objectId()).put("streamIdentifier", r.streamIdentifier())
                .put("streamVersion", r.streamVersion()).put("eventsRestored", r.eventsRestored())
                .put("snapshotsRestored", r.snapshotsRestored())
                .put("terminatedStreamsRestored", r.terminatedStreamsRestored())
                .put("replacedStreamIdentifier", r.replacedStreamIdentifier());
    }

    static ObjectNode validation(ValidationReport report) {
        ObjectNode n = Output.object().put("backupId", report.backupId().toString()).put("valid", report.valid())
                .put("eventsRead", report.eventsRead()).put("sha256", report.sha256())
                .put("contentChecked", report.contentChecked());
        ArrayNode problems = n.putArray("problems");
        report.problems().forEach(problems::add);
        ArrayNode warnings = n.putArray("warnings");
        report.warnings().forEach(warnings::add);
        return n;
    }

    /** One human line for a restore or clone. */
    static String restoreLine(String verb, RestoreResult r) {
        String line = String.format("%s backup %s to %s/%s: %d events, stream %s at version %d", verb,
                r.backupId(), r.objectName(), r.objectId(), r.eventsRestored(), r.streamIdentifier(),
                r.streamVersion());
        if (r.snapshotsRestored() > 0) {
            line += ", " + plural(r.snapshotsRestored(), "snapshot");
        }
        if (r.terminatedStreamsRestored() > 0) {
            line += ", " + plural(r.terminatedStreamsRestored(), "terminated stream");
        }
        if (r.replacedStreamIdentifier() != null) {
            line += "; replaced stream " + r.replacedStreamIdentifier() + " (kept as terminated unless purged)";
        }
        return line + ".";
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
