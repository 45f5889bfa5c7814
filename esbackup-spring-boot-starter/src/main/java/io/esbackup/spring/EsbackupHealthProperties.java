package io.esbackup.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/** The {@code esbackup.health.*} properties of the {@code esbackup} health indicator. */
@ConfigurationProperties("esbackup.health")
public class EsbackupHealthProperties implements Validator {
    /**
     * With a scheduled backup: the health is DOWN when an object name it covers has no scheduled backup younger
     * than this, e.g. 26h for a nightly backup. Not checked when unset.
     */
    private Duration maxAge;

    public Duration getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    @Override
    public boolean supports(Class<?> type) {
        return EsbackupHealthProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        Duration age = ((EsbackupHealthProperties) target).maxAge;
        if (age != null && (age.isZero() || age.isNegative())) {
            errors.reject("esbackup.health", "esbackup.health.max-age must be positive, was " + age);
        }
    }
}
