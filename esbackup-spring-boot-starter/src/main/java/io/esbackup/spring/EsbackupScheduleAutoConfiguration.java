package io.esbackup.spring;

import io.esbackup.backup.BackupRestoreService;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link EsbackupScheduler} when {@code esbackup.schedule.backup.cron} or {@code esbackup.schedule.cleanup.cron}
 * is set. The properties are bound (and checked) in every application, so a bad schedule fails start-up even
 * where the application defines its own scheduler.
 */
@AutoConfiguration(after = EsbackupAutoConfiguration.class)
@EnableConfigurationProperties(EsbackupScheduleProperties.class)
public class EsbackupScheduleAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnExpression("'${esbackup.schedule.backup.cron:}' != '' or '${esbackup.schedule.cleanup.cron:}' != ''")
    public EsbackupScheduler esbackupScheduler(EsbackupScheduleProperties properties, BackupRestoreService service) {
        return new EsbackupScheduler(properties, service, Clock.systemUTC());
    }
}
