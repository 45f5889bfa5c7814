package io.esbackup.spring;

import io.esbackup.backup.ArchiveEncryption;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The {@link ArchiveEncryption} of encrypted backups: esbackup-crypto's {@code TinkEncryption} over the keyset of
 * {@code esbackup.encryption.keyset} or {@code esbackup.encryption.keyset-file}, only when the module is on the
 * class path (Spring reads the condition without loading the class) and one of them is set. An application's own
 * {@link ArchiveEncryption} bean replaces it; the service bean uses whichever there is.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = EsbackupProperties.Encryption.CRYPTO_CLASS)
class EsbackupEncryptionConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @Conditional(KeysetGiven.class)
    ArchiveEncryption esbackupArchiveEncryption(EsbackupProperties properties) {
        return EsbackupKeyset.encryption(properties.getEncryption());
    }

    /**
     * Whether a keyset property is set, read as the properties bind it (so an empty value is none). Not
     * {@code @ConditionalOnExpression}: that would put the keyset's JSON into an expression, whose parse error
     * quotes it.
     */
    static class KeysetGiven extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            EsbackupProperties.Encryption encryption = Binder.get(context.getEnvironment())
                    .bind(EsbackupProperties.PREFIX + ".encryption", EsbackupProperties.Encryption.class)
                    .orElseGet(EsbackupProperties.Encryption::new);
            ConditionMessage.Builder message = ConditionMessage.forCondition("esbackup keyset");
            String given = encryption.given();
            // The report names the property, never its value.
            return given != null ? ConditionOutcome.match(message.found("property").items(given))
                    : ConditionOutcome.noMatch(message.didNotFind("property").items(
                            EsbackupProperties.Encryption.KEYSET, EsbackupProperties.Encryption.KEYSET_FILE));
        }
    }
}
