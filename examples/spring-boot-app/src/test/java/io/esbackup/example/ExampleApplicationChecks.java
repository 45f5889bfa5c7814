package io.esbackup.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The example application as it runs, with its nightly schedule replaced by one that fires every second: the
 * scheduled backup runs, and the actuator shows it over HTTP (health, metrics, the esbackup endpoint). Subclasses
 * say where the events and backups are.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "esbackup.schedule.backup.cron=* * * * * *")
@DirtiesContext // its schedule must not go on firing beside the next test class's application
abstract class ExampleApplicationChecks {
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theScheduledBackupRunsAndTheActuatorShowsIt() throws Exception {
        JsonNode health = get("/actuator/health");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"UP".equals(health.at("/components/esbackup/status").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            health = get("/actuator/health");
        }
        assertThat(health.at("/components/esbackup/status").asText()).as(health.toString()).isEqualTo("UP");
        assertThat(health.at("/components/esbackup/details/schedule/backup/outcome").asText()).isEqualTo("succeeded");
        assertThat(health.at("/components/esbackup/details/schedule/backup/message").asText())
                .isEqualTo("order: " + SampleOrders.ORDERS + " backed up");

        JsonNode timer = get("/actuator/metrics/esbackup.backup?tag=outcome:success&tag=object.name:order");
        assertThat(timer.at("/measurements/0/statistic").asText()).isEqualTo("COUNT");
        assertThat(timer.at("/measurements/0/value").asDouble()).isEqualTo(SampleOrders.ORDERS);
        JsonNode events = get("/actuator/metrics/esbackup.backup.events");
        assertThat(events.at("/measurements/0/value").asDouble()).isPositive();

        JsonNode backups = get("/actuator/esbackup?objectName=order&limit=100").get("backups");
        assertThat(backups).hasSize(SampleOrders.ORDERS);
        assertThat(backups.get(0).at("/tags/esbackup.schedule").asText()).isEqualTo("backup");

        HttpResponse<String> write = http.send(HttpRequest.newBuilder(uri("/actuator/esbackup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"objectName\":\"order\",\"objectId\":\"order-1\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(write.statusCode()).as("write access is off by default").isIn(404, 405);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isIn(200, 503);
        return json.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
