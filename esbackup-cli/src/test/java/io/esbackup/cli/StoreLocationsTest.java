package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.store.FileEventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLocationsTest {
    @TempDir
    Path dir;

    private Path folder(String text) {
        return FileScheme.folder(Location.parse("--store", text), dir);
    }

    @Test
    void fileLocationsInEveryCommonSpelling() {
        assertThat(folder("file:./esdata")).isEqualTo(dir.resolve("esdata"));
        assertThat(folder("file:esdata")).isEqualTo(dir.resolve("esdata"));
        assertThat(folder("esdata")).isEqualTo(dir.resolve("esdata"));
        assertThat(folder("file:" + dir.resolve("abs"))).isEqualTo(dir.resolve("abs"));
        assertThat(folder(dir.resolve("abs").toUri().toString())).isEqualTo(dir.resolve("abs"));
        assertThat(folder("FILE:x/../y")).isEqualTo(dir.resolve("y"));
    }

    @Test
    void fileWithoutAPathIsAUsageError() {
        assertThatThrownBy(() -> folder("file:")).isInstanceOf(UsageException.class).hasMessageContaining("--store");
        assertThatThrownBy(() -> folder(" ")).isInstanceOf(UsageException.class);
    }

    @Test
    void singleLetterPrefixesAreDrivesNotSchemes() {
        assertThat(Location.parse("--store", "C:\\data").scheme()).isEqualTo("file");
        assertThat(Location.parse("--store", "jdbc:postgresql://db/es").scheme()).isEqualTo("jdbc");
    }

    @Test
    void unknownSchemesListTheKnownOnesWithoutEchoingTheLocation() {
        StoreLocations locations = StoreLocations.defaults();

        assertThatThrownBy(() -> locations.openBackups(Location.parse("--backups", "gs://b/p?secret=x"), dir))
                .isInstanceOf(UsageException.class)
                .hasMessage("--backups: unknown scheme 'gs:' for backups; known schemes: file:, azure:, s3:, "
                        + "file-reference:, azure-reference:");
    }

    @Test
    void aSchemeIsRegisteredOnce() {
        StoreLocations locations = StoreLocations.defaults();

        assertThatThrownBy(() -> locations.registerStore("file", (l, d) -> new FileEventStore(d)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
    }

    @Test
    void newSchemesAreListedOnceRegistered() {
        StoreLocations locations = StoreLocations.defaults().registerStore("mem", (l, d) -> new FileEventStore(d));

        assertThatThrownBy(() -> locations.openStore(Location.parse("--store", "jdbc:x"), dir))
                .hasMessageEndingWith("known schemes: file:, azure:, azure-table:, s3:, mem:");
    }

    @Test
    void theDefaultDisplayDropsUserInfoAndQuery() {
        assertThat(StoreLocations.withoutSecrets("jdbc:postgresql://db:5432/es?password=x"))
                .isEqualTo("jdbc:postgresql://db:5432/es?...");
        assertThat(StoreLocations.withoutSecrets("s3://key:secret@bucket/prefix")).isEqualTo("s3://bucket/prefix");
        assertThat(StoreLocations.withoutSecrets("file:./esdata")).isEqualTo("file:./esdata");
    }
}
