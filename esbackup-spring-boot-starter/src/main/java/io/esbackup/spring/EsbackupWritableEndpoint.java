package io.esbackup.spring;

import io.esbackup.backup.ArchiveEncryption;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.error.KeysetRequiredException;
import io.esbackup.error.StreamNotFoundException;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

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

    /**
     * {@code POST /actuator/esbackup} with {@code {"objectName":"order","objectId":"o-1"}}: the new backup; with
     * {@code "encrypt":true} an encrypted one, as {@code esbackup backup --encrypt} makes (plain when omitted, as
     * there).
     */
    @WriteOperation
    public Map<String, Object> backup(String objectName, String objectId, @Nullable Boolean encrypt) {
        BackupOptions options = BackupOptions.builder().encrypt(Boolean.TRUE.equals(encrypt)).build();
        BackupHandle handle;
        try {
            handle = service.backupStream(objectName, objectId, options);
        } catch (IllegalArgumentException | StreamNotFoundException e) {
            throw invalid(e.getMessage());
        } catch (KeysetRequiredException e) {
            // Core's message names the command line's ways to give a keyset; an application has the properties.
            throw invalid("encrypt needs a keyset: set " + EsbackupProperties.Encryption.KEYSET + " or "
                    + EsbackupProperties.Encryption.KEYSET_FILE + ", or define a bean of type "
                    + ArchiveEncryption.class.getName());
        }
        return summary(handle);
    }
}
