package io.esbackup.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application with {@code esbackup.endpoint.write-enabled=true}: {@code POST /actuator/esbackup} backs
 * up one aggregate over HTTP, and a bad id is a 400.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "esbackup.endpoint.write-enabled=true")
@DirtiesContext // closed before the folders of its @TempDir are deleted, so no firing writes into them again
class ExampleWritableEndpointTest {
    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("esbackup.store", () -> "file:" + dir.resolve("esdata"));
        registry.add("esbackup.backups", () -> "file:" + dir.resolve("backups"));
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theWriteOperationBacksUpOneAggregateOverHttp() throws Exception {
        HttpResponse<String> made = post("{\"objectName\":\"order\",\"objectId\":\"order-2\"}");

        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        JsonNode backup = new ObjectMapper().readTree(made.body());
        assertThat(backup.get("objectId").asText()).isEqualTo("order-2");
        assertThat(backup.get("eventCount").asLong()).isPositive();

        HttpResponse<String> bad = post("{\"objectName\":\"order\",\"objectId\":\"../x\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/esbackup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
