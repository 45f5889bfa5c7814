package io.esbackup.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Points in time: an ISO-8601 instant ({@code 2024-09-17T08:30:00Z}, {@code 2024-09-17T10:30:00+02:00}) or a
 * date, which means the start of that day in UTC ({@link EndOfDay}: the end of it).
 */
class InstantConverter implements ITypeConverter<Instant> {
    static final String ALLOWED = "write a date (2024-09-17) or an ISO-8601 instant (2024-09-17T08:30:00Z, "
            + "2024-09-17T10:30:00+02:00)";

    @Override
    public Instant convert(String value) {
        String v = value.trim();
        try {
            if (v.indexOf('T') > 0 || v.indexOf('t') > 0) {
                return Instant.parse(v.toUpperCase(Locale.ROOT));
            }
            return fromDate(LocalDate.parse(v));
        } catch (DateTimeException e) {
            throw new TypeConversionException("'" + value + "' is not a time; " + ALLOWED);
        }
    }

    Instant fromDate(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** For upper bounds: a date means up to the end of that day (UTC), so {@code --until 2024-09-17} includes it. */
    static final class EndOfDay extends InstantConverter {
        @Override
        Instant fromDate(LocalDate date) {
            return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }
}
