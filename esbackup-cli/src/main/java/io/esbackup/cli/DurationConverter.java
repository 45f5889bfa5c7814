package io.esbackup.cli;

import io.esbackup.backup.BackupOptions;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people write them: {@code 30d}, {@code 12h}, {@code 45m}, {@code 90s}, or ISO-8601
 * ({@code PT1H}, {@code P30D}). Zero and negative durations are refused.
 */
final class DurationConverter implements ITypeConverter<Duration> {
    static final String ALLOWED = "write a positive number of days, hours, minutes or seconds (30d, 12h, 45m, 90s)"
            + " or an ISO-8601 duration (PT1H, P30D, P2W), at most 100 years";

    @Override
    public Duration convert(String value) {
        Duration d = parse(value.trim().toLowerCase(Locale.ROOT));
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(BackupOptions.MAX_RETENTION) > 0) {
            throw new TypeConversionException("'" + value + "' is not a duration; " + ALLOWED);
        }
        return d;
    }

    private static Duration parse(String v) {
        try {
            if (v.startsWith("p")) {
                String iso = v.toUpperCase(Locale.ROOT);
                try {
                    return Duration.parse(iso);
                } catch (DateTimeParseException e) {
                    // P2W and the like are periods; only exact ones (weeks, days) are durations.
                    java.time.Period p = java.time.Period.parse(iso);
                    return p.getYears() == 0 && p.getMonths() == 0 ? Duration.ofDays(p.getDays()) : null;
                }
            }
            if (v.length() < 2) {
                return null;
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> null;
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }
}
