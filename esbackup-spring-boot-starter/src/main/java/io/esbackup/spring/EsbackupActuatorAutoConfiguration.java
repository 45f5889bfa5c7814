package io.esbackup.spring;

import io.esbackup.backup.BackupRestoreService;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code esbackup} health indicator and actuator endpoint, in an application with Spring Boot's actuator.
 * The endpoint's write operation exists only with {@code esbackup.endpoint.write-enabled=true}.
 */
@AutoConfiguration(after = {EsbackupAutoConfiguration.class, EsbackupScheduleAutoConfiguration.class})
@ConditionalOnClass({HealthIndicator.class, ConditionalOnAvailableEndpoint.class})
@EnableConfigurationProperties(EsbackupHealthProperties.class)
public class EsbackupActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "esbackupHealthIndicator")
    @ConditionalOnBean(BackupRestoreService.class)
    @ConditionalOnEnabledHealthIndicator("esbackup")
    public EsbackupHealthIndicator esbackupHealthIndicator(BackupRestoreService service,
                                                           ObjectProvider<EsbackupScheduler> scheduler,
                                                           EsbackupHealthProperties properties) {
        return new EsbackupHealthIndicator(service, java.util.Optional.ofNullable(scheduler.getIfAvailable()),
                properties.getMaxAge(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(BackupRestoreService.class)
    @ConditionalOnAvailableEndpoint(endpoint = EsbackupEndpoint.class)
    public EsbackupEndpoint esbackupEndpoint(BackupRestoreService service, ObjectProvider<EsbackupScheduler> scheduler,
                                             @Value("${esbackup.endpoint.write-enabled:false}") boolean writeEnabled) {
        java.util.Optional<EsbackupScheduler> jobs = java.util.Optional.ofNullable(scheduler.getIfAvailable());
        return writeEnabled ? new EsbackupWritableEndpoint(service, jobs) : new EsbackupEndpoint(service, jobs);
    }
}
