package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.bench.BenchEntry;
import io.esbackup.model.json.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as `package` built it: the command without the benchmark code, and {@code esbackup bench}
 * with the bench module's jar put beside it on the class path, or a clear failure without it.
 */
class RunnableJarIT {
    static final Path JAR = Path.of("target", "esbackup-all.jar").toAbsolutePath();

    @TempDir
    Path dir;

    /** The bench module's jar that the reactor built (this test's class path has it; the runnable jar has not). */
    static Path benchJar() {
        Path jar;
        try {
            jar = Path.of(BenchEntry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertThat(jar.toString()).as("the bench module as a jar (run `./mvnw verify`, which packages it)")
                .endsWith(".jar");
        return jar;
    }

    @Test
    void theJarCarriesTheCommandAndNoBenchmarkCode() throws IOException {
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("io/esbackup/cli/Main.class", "io/esbackup/cli/BenchModule.class");
            assertThat(names).filteredOn(n -> n.startsWith("io/esbackup/bench/")).isEmpty();
            assertThat(names).filteredOn(n -> n.startsWith("org/openjdk/jmh/")).isEmpty();
        }
    }

    @Test
    void benchWithoutTheBenchModuleSaysHowToGetIt() throws Exception {
        Processes.Result r = Processes.run(dir, Map.of(), List.of(Processes.java(), "-jar", JAR.toString(), "bench",
                "--scenario", "memory", "--events", "100"));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("bench needs the esbackup-bench module", "./esbackup bench");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void benchRunsWithTheBenchJarOnTheClassPath() throws Exception {
        Processes.Result r = Processes.run(dir, Map.of(), List.of(Processes.java(), "-cp",
                JAR + File.pathSeparator + benchJar(), "io.esbackup.cli.Main", "--json", "bench", "--scenario",
                "memory", "--events", "200", "--dir", "work"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode report = Json.tree(r.out().getBytes(StandardCharsets.UTF_8));
        assertThat(report.path("measurements")).hasSize(2);
        assertThat(report.path("measurements").findValuesAsText("operation")).containsExactly("backup 20 events",
                "backup 200 events");
        assertThat(report.path("measurements").get(1).path("rssPeakBytes").asLong()).isPositive();
    }
}
