package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.locations.FileScheme;
import io.esbackup.locations.Location;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared scheme table refuses a location with an IllegalArgumentException; the command line makes it a usage error. */
class CliLocationsTest {
    @TempDir
    Path dir;

    @Test
    void aLocationTheTableRefusesIsAUsageErrorWithTheTablesMessage() {
        assertThatThrownBy(() -> EsBackupCommand.usage(() -> FileScheme.folder(Location.parse("--store", "file:"), dir)))
                .isInstanceOf(UsageException.class)
                .hasMessage("--store: file: needs a folder, as in file:./esdata")
                .cause().isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EsBackupCommand.usage(() -> Location.parse("--store", " ")))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--store must not be blank");
        assertThat(ExitCodes.exitCodeFor(new UsageException("x"))).isEqualTo(ExitCodes.USAGE);
    }
}
