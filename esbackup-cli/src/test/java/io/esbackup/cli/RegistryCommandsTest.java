package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --registry} with a registry shared through a folder, and {@code registry rebuild}. */
class RegistryCommandsTest {
    @TempDir
    Path dir;

    @Test
    void backupsAreRecordedListedFromTheRegistryAndRebuiltFromTheManifests() throws IOException {
        Aggregates.createMany(dir, "order", "o", 3);
        Path registry = dir.resolve("registry");
        CliRun cli = new CliRun(dir);
        String[] with = {"--registry", registry.toString(), "--json"};

        CliRun.Result made = cli.run(concat(with, "backup-many", "order", "--all"));
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(entries(registry)).as("one entry per backup").isEqualTo(3);

        JsonNode listed = CliRun.oneDocument(cli.run(concat(with, "list", "--object-name", "order")));
        assertThat(listed).hasSize(3);
        String id = listed.get(0).path("backupId").asText();
        assertThat(cli.run(concat(with, "delete", id)).exitCode()).isZero();
        assertThat(entries(registry)).isEqualTo(2);

        // The registry lost, then rebuilt from the manifests.
        deleteFolder(registry);
        CliRun.Result rebuilt = cli.run(concat(with, "registry", "rebuild"));
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
        assertThat(CliRun.oneDocument(rebuilt).path("recorded").asLong()).isEqualTo(2);
        assertThat(entries(registry)).isEqualTo(2);
        assertThat(CliRun.oneDocument(cli.run(concat(with, "list")))).hasSize(2);
    }

    @Test
    void rebuildWithoutARegistryIsAUsageError() {
        CliRun.Result r = new CliRun(dir).run("registry", "rebuild");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--registry");
        CliRun.Result unknown = new CliRun(dir).run("--registry", "ftp://x", "list");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("--registry").contains("known schemes");
    }

    private static long entries(Path registry) throws IOException {
        Path byId = registry.resolve("backup-registry/by-id");
        if (!Files.isDirectory(byId)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(byId)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
