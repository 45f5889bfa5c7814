package io.esbackup.spring;

import io.esbackup.backup.ArchiveEncryption;
import io.esbackup.backup.BackupRestoreService;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link EsbackupScheduler} when {@code esbackup.schedule.backup.cron} or {@code esbackup.schedule.cleanup.cron}
 * is set. The properties are bound (and checked) in every application, so a bad schedule fails start-up even
 * where the application defines its own scheduler. An encrypted scheduled backup needs an {@link ArchiveEncryption}
 * bean (the keyset's, or the application's own): without one start-up fails rather than every firing.
 */
@AutoConfiguration(after = EsbackupAutoConfiguration.class)
@EnableConfigurationProperties(EsbackupScheduleProperties.class)
public class EsbackupScheduleAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnExpression("'${esbackup.schedule.backup.cron:}' != '' or '${esbackup.schedule.cleanup.cron:}' != ''")
    public EsbackupScheduler esbackupScheduler(EsbackupScheduleProperties properties, BackupRestoreService service,
                                               ObjectProvider<ArchiveEncryption> encryption) {
        EsbackupScheduleProperties.Backup backup = properties.getBackup();
        if (backup.getCron() != null && backup.isEncrypt() && encryption.getIfAvailable() == null) {
            throw new IllegalArgumentException(EsbackupScheduleProperties.PREFIX + ".backup.encrypt is true, but"
                    + " there is no keyset: set " + EsbackupProperties.Encryption.KEYSET + " or "
                    + EsbackupProperties.Encryption.KEYSET_FILE + " (with io.esbackup:esbackup-crypto), or define"
                    + " a bean of type " + ArchiveEncryption.class.getName());
        }
        return new EsbackupScheduler(properties, service, Clock.systemUTC());
    }
}
