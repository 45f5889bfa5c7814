package io.esbackup.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * {@link EsbackupMetrics} when the application has a Micrometer {@link MeterRegistry} (Spring Boot's actuator
 * makes one), unless {@code esbackup.metrics.enabled=false}. Observations go to the application's
 * {@link ObservationRegistry} (the actuator's times them and hands them to tracing); an application without one
 * gets a registry of its own that only times them into the meter registry.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, ObservationRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "esbackup.metrics", name = "enabled", matchIfMissing = true)
public class EsbackupMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public EsbackupMetrics esbackupMetrics(ObjectProvider<ObservationRegistry> observations, MeterRegistry meters) {
        return new EsbackupMetrics(observations.getIfAvailable(() -> timedOnly(meters)), meters);
    }

    private static ObservationRegistry timedOnly(MeterRegistry meters) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return registry;
    }
}
