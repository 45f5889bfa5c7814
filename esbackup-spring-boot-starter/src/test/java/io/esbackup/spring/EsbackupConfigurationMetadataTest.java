package io.esbackup.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration metadata the annotation processor generates from {@link EsbackupProperties}, for IDEs. */
class EsbackupConfigurationMetadataTest {

    @Test
    void listsEveryPropertyWithItsDescription() throws Exception {
        JsonNode metadata;
        try (InputStream in = EsbackupProperties.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata on the class path").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        Map<String, JsonNode> properties = new HashMap<>();
        metadata.get("properties").forEach(p -> properties.put(p.get("name").asText(), p));

        assertThat(properties).containsKeys("esbackup.store", "esbackup.backups", "esbackup.registry",
                "esbackup.metrics.enabled", "esbackup.schedule.backup.cron", "esbackup.schedule.backup.object-names",
                "esbackup.schedule.cleanup.cron", "esbackup.schedule.lock.ttl", "esbackup.health.max-age",
                "esbackup.endpoint.write-enabled", "esbackup.azure.connection-string", "esbackup.s3.endpoint",
                "esbackup.s3.region", "esbackup.s3.access-key-id", "esbackup.s3.secret-access-key",
                "esbackup.encryption.keyset", "esbackup.encryption.keyset-file", "esbackup.schedule.backup.encrypt");
        assertThat(properties.values()).filteredOn(p -> p.get("name").asText().startsWith("esbackup."))
                .allSatisfy(p -> assertThat(p.path("description").asText()).as(p.get("name").asText()).isNotBlank());
        JsonNode store = properties.get("esbackup.store");
        assertThat(store.get("type").asText()).isEqualTo("java.lang.String");
        assertThat(store.get("sourceType").asText()).isEqualTo(EsbackupProperties.class.getName());
        assertThat(store.get("description").asText()).startsWith("The event store: a folder");
        JsonNode secret = properties.get("esbackup.s3.secret-access-key");
        assertThat(secret.get("sourceType").asText()).isEqualTo(EsbackupProperties.S3.class.getName());
        assertThat(secret.get("description").asText()).startsWith("The secret access key");
        JsonNode keyset = properties.get("esbackup.encryption.keyset");
        assertThat(keyset.get("sourceType").asText()).isEqualTo(EsbackupProperties.Encryption.class.getName());
        assertThat(keyset.get("description").asText()).startsWith("The keyset itself").contains("Never shown");
        JsonNode encrypt = properties.get("esbackup.schedule.backup.encrypt");
        assertThat(encrypt.get("type").asText()).isEqualTo("java.lang.Boolean");
        assertThat(encrypt.get("defaultValue").asBoolean(true)).isFalse();
    }
}
