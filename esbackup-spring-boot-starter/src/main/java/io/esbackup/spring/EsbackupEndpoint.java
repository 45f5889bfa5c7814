package io.esbackup.spring;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.lang.Nullable;

/**
 * The {@code esbackup} actuator endpoint, read-only: the most recent backups (of one object name, or of all) and the
 * scheduled jobs' status on this instance. {@link EsbackupWritableEndpoint} adds a write operation.
 */
@Endpoint(id = "esbackup")
public class EsbackupEndpoint {
    /** The most backups one read lists. */
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 20;

    protected final BackupRestoreService service;
    private final Optional<EsbackupScheduler> scheduler;

    public EsbackupEndpoint(BackupRestoreService service, Optional<EsbackupScheduler> scheduler) {
        this.service = service;
        this.scheduler = scheduler;
    }

    /** {@code GET /actuator/esbackup[?objectName=N][&limit=L]}: the newest backups first. */
    @ReadOperation
    public Map<String, Object> recent(@Nullable String objectName, @Nullable Integer limit) {
        int max = limit == null ? DEFAULT_LIMIT : limit;
        if (max < 1 || max > MAX_LIMIT) {
            throw invalid("limit must be 1 to " + MAX_LIMIT + ", was " + max);
        }
        BackupQuery query;
        try {
            query = BackupQuery.builder().objectName(objectName).maxResults(max).build();
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("backups", service.listBackups(query).stream().map(EsbackupEndpoint::summary).toList());
        scheduler.ifPresent(s -> answer.put("schedule", s.statuses()));
        return answer;
    }

    static Map<String, Object> summary(BackupHandle h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backupId", h.backupId().toString());
        m.put("objectName", h.objectName());
        m.put("objectId", h.objectId());
        m.put("createdAt", h.createdAt().toString());
        m.put("eventCount", h.eventCount());
        m.put("streamVersion", h.streamVersion());
        m.put("sizeBytes", h.sizeBytes());
        m.put("expiresAt", h.expiresAt() == null ? null : h.expiresAt().toString());
        m.put("incremental", h.parentBackupId() != null);
        m.put("encrypted", h.manifest().encrypted());
        m.put("tags", h.tags());
        return m;
    }

    static InvalidEndpointRequestException invalid(String message) {
        return new InvalidEndpointRequestException(message, message);
    }

}
