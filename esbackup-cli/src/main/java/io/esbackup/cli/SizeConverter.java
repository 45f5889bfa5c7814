package io.esbackup.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Byte sizes as people write them: {@code 65536}, {@code 512KiB}, {@code 64MiB}, {@code 1GiB} (1 KiB to 4 GiB). */
final class SizeConverter implements ITypeConverter<Long> {
    static final long MIN = 1024;
    static final long MAX = 4L * 1024 * 1024 * 1024;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,13})\\s*(b|kib|mib|gib|k|m|g)?");

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2);
            long bytes = n * switch (unit.charAt(0)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                case 'g' -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            if (bytes >= MIN && bytes <= MAX) {
                return bytes;
            }
        }
        throw new TypeConversionException("'" + value + "' is not a size from 1KiB to 4GiB; write bytes or a "
                + "number with KiB, MiB or GiB (64MiB)");
    }
}
