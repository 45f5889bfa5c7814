package io.esbackup.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people write them: {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}, or ISO-8601 {@code P30D}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.length() >= 2) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                switch (v.charAt(v.length() - 1)) {
                    case 'd': return Duration.ofDays(n);
                    case 'h': return Duration.ofHours(n);
                    case 'm': return Duration.ofMinutes(n);
                    case 's': return Duration.ofSeconds(n);
                    default: break;
                }
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            // reported below
        }
        throw new TypeConversionException("'" + value + "' is not a duration; write 30d, 12h, 90m, 45s or P30D");
    }
}
