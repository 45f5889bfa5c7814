package io.esbackup.locations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.store.FileEventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheme table and {@code file:} locations; the remote schemes are tested through the CLI and the starter. */
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
    void fileWithoutAPathIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> folder("file:")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--store");
        assertThatThrownBy(() -> folder(" ")).isInstanceOf(IllegalArgumentException.class);
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
                .isInstanceOf(IllegalArgumentException.class)
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
    void checkingAFolderCreatesNothingAndRejectsAFile() throws Exception {
        StoreLocations locations = StoreLocations.defaults();

        locations.checkBackups(Location.parse("--backups", "file:not-yet"), dir);
        java.nio.file.Files.writeString(dir.resolve("a-file"), "x");

        assertThat(dir.resolve("not-yet")).doesNotExist();
        assertThatThrownBy(() -> locations.checkStore(Location.parse("--store", "a-file"), dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--store: " + dir.resolve("a-file") + " exists and is not a folder");
    }

    @Test
    void remoteLocationsAreCheckedWithoutAnAccount() {
        StoreLocations locations = StoreLocations.builder().environment(name -> null).build();

        locations.checkStore(Location.parse("--store", "azure://?documentContainer=docs"), dir);
        locations.checkBackups(Location.parse("--backups", "s3://bucket/prefix?endpoint=http://127.0.0.1:1"), dir);
        assertThatThrownBy(() -> locations.checkBackups(Location.parse("--backups", "azure://Bad_Name"), dir))
                .hasMessageStartingWith("--backups: the backups container 'Bad_Name' is not a valid Azure container");
        assertThatThrownBy(() -> locations.checkStore(Location.parse("--store", "s3://key:secret@bucket"), dir))
                .hasMessageStartingWith("--store: an s3: location takes no credentials").hasMessageNotContaining("secret@");
        // Opening it is where the missing account shows.
        assertThatThrownBy(() -> locations.openStore(Location.parse("--store", "azure://"), dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--store: azure: needs an account; set AZURE_STORAGE_CONNECTION_STRING");
    }

    @Test
    void theDefaultDisplayDropsUserInfoAndQuery() {
        assertThat(StoreLocations.withoutSecrets("jdbc:postgresql://db:5432/es?password=x"))
                .isEqualTo("jdbc:postgresql://db:5432/es?...");
        assertThat(StoreLocations.withoutSecrets("s3://key:secret@bucket/prefix")).isEqualTo("s3://bucket/prefix");
        assertThat(StoreLocations.withoutSecrets("file:./esdata")).isEqualTo("file:./esdata");
    }
}
