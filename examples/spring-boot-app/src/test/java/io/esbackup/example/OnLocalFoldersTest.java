package io.esbackup.example;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The example application on local folders, as its application.properties has it (in a temporary directory). */
class OnLocalFoldersTest extends ExampleApplicationChecks {
    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("esbackup.store", () -> "file:" + dir.resolve("esdata"));
        registry.add("esbackup.backups", () -> "file:" + dir.resolve("backups"));
    }
}
