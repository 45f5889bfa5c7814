package io.esbackup.spring;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.error.StreamNotFoundException;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code esbackup} endpoint with its write operation, which backs up one aggregate now. Defined instead of
 * {@link EsbackupEndpoint} only with {@code esbackup.endpoint.write-enabled=true}: a backup costs reads of the
 * event store, so whoever can reach the actuator should not get it by default.
 */
@Endpoint(id = "esbackup")
public class EsbackupWritableEndpoint extends EsbackupEndpoint {

    public EsbackupWritableEndpoint(BackupRestoreService service, Optional<EsbackupScheduler> scheduler) {
        super(service, scheduler);
    }

    /** {@code POST /actuator/esbackup} with {@code {"objectName":"order","objectId":"o-1"}}: the new backup. */
    @WriteOperation
    public Map<String, Object> backup(String objectName, String objectId) {
        BackupHandle handle;
        try {
            handle = service.backupStream(objectName, objectId);
        } catch (IllegalArgumentException | StreamNotFoundException e) {
            throw invalid(e.getMessage());
        }
        return summary(handle);
    }
}
