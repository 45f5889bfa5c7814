package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {
    private final DurationConverter durations = new DurationConverter();
    private final InstantConverter times = new InstantConverter();

    @Test
    void durationsInShortFormAndIso8601() {
        assertThat(durations.convert("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(durations.convert("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(durations.convert("45m")).isEqualTo(Duration.ofMinutes(45));
        assertThat(durations.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(durations.convert("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(durations.convert("P30D")).isEqualTo(Duration.ofDays(30));
        assertThat(durations.convert("p1dt12h")).isEqualTo(Duration.ofHours(36));
        assertThat(durations.convert(" 7D ")).isEqualTo(Duration.ofDays(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "d", "30", "30w", "-5d", "0h", "PT0S", "P1M", "soon", "1.5h", "P"})
    void badDurationsSayWhatIsAllowed(String value) {
        assertThatThrownBy(() -> durations.convert(value)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("is not a duration").hasMessageContaining("30d").hasMessageContaining("P30D");
    }

    @Test
    void timesAreInstantsOrDates() {
        assertThat(times.convert("2024-09-17T08:30:00Z")).isEqualTo(Instant.parse("2024-09-17T08:30:00Z"));
        assertThat(times.convert("2024-09-17T10:30:00+02:00")).isEqualTo(Instant.parse("2024-09-17T08:30:00Z"));
        assertThat(times.convert("2024-09-17t08:30:00z")).isEqualTo(Instant.parse("2024-09-17T08:30:00Z"));
        assertThat(times.convert("2024-09-17")).isEqualTo(Instant.parse("2024-09-17T00:00:00Z"));
        assertThat(new InstantConverter.EndOfDay().convert("2024-09-17"))
                .isEqualTo(Instant.parse("2024-09-18T00:00:00Z"));
        assertThat(new InstantConverter.EndOfDay().convert("2024-09-17T08:30:00Z"))
                .isEqualTo(Instant.parse("2024-09-17T08:30:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2024-13-01", "2024-09-17T08:30", "17.09.2024", "1726561800"})
    void badTimesSayWhatIsAllowed(String value) {
        assertThatThrownBy(() -> times.convert(value)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("is not a time").hasMessageContaining("2024-09-17T08:30:00Z");
    }

    @Test
    void backupIdsAreCanonicalUuids() {
        UUID id = UUID.fromString("5d9efe30-5667-41bc-aeea-fa3d9d5e17c3");
        assertThat(new BackupIdConverter().convert("5d9efe30-5667-41bc-aeea-fa3d9d5e17c3")).isEqualTo(id);
        assertThat(new BackupIdConverter().convert("5D9EFE30-5667-41BC-AEEA-FA3D9D5E17C3")).isEqualTo(id);
        assertThat(BackupIdConverter.parse("1-2-3-4-5")).isNull();
        assertThat(BackupIdConverter.parse("5d9efe30566741bcaeeafa3d9d5e17c3")).isNull();
        assertThatThrownBy(() -> new BackupIdConverter().convert("x")).hasMessageContaining("'x' is not a backup id");
    }
}
