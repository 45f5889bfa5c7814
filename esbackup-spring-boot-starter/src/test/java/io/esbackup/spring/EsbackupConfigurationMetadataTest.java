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
    void listsEveryLocationPropertyWithItsDescription() throws Exception {
        JsonNode metadata;
        try (InputStream in = EsbackupProperties.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata on the class path").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        Map<String, JsonNode> properties = new HashMap<>();
        metadata.get("properties").forEach(p -> properties.put(p.get("name").asText(), p));

        assertThat(properties).containsOnlyKeys("esbackup.store", "esbackup.backups", "esbackup.registry");
        JsonNode store = properties.get("esbackup.store");
        assertThat(store.get("type").asText()).isEqualTo("java.lang.String");
        assertThat(store.get("sourceType").asText()).isEqualTo(EsbackupProperties.class.getName());
        assertThat(store.get("description").asText()).startsWith("The event store: a folder");
    }
}
