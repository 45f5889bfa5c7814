package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as users run it ({@code java -jar}, which the launcher script does), after package: the
 * version it reports and writes into manifests is the build's own, so the filtered version resource made it
 * into the jar intact.
 */
class ShadedJarIT {
    @TempDir
    Path dir;

    @Test
    void theJarReportsAndRecordsTheBuildsVersion() throws Exception {
        String expected = property("esbackup.expectedVersion");

        Run version = run("--version");
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output().strip()).isEqualTo("esbackup " + expected);

        Run demo = run("--quiet", "demo");
        assertThat(demo.exitCode()).as(demo.output()).isZero();
        List<Path> manifests;
        try (Stream<Path> files = Files.walk(dir.resolve("esbackups"))) {
            manifests = files.filter(p -> p.toString().endsWith(".meta")).toList();
        }
        assertThat(manifests).isNotEmpty().allSatisfy(m ->
                assertThat(Json.readTree(Files.readAllBytes(m)).path("toolVersion").asText()).isEqualTo(expected));
    }

    private record Run(int exitCode, String output) {}

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", property("esbackup.shadedJar")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("esbackup %s finished", List.of(args)).isTrue();
        return new Run(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        assertThat(v).as("system property %s, set by the build", name).isNotBlank();
        return v;
    }
}
