package io.esbackup.cli;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * Backup ids: UUIDs in their usual form, 8-4-4-4-12 hex digits; the looser forms {@code UUID.fromString}
 * takes ({@code 1-2-3-4-5}) are refused.
 */
final class BackupIdConverter implements ITypeConverter<UUID> {
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The id {@code text} names, or {@code null} if it is not a UUID. */
    static UUID parse(String text) {
        return UUID_TEXT.matcher(text).matches() ? UUID.fromString(text) : null;
    }

    static String problem(String text) {
        return "'" + text + "' is not a backup id; backup ids are UUIDs such as 5d9efe30-5667-41bc-aeea-fa3d9d5e17c3";
    }

    /**
     * Backup ids given as a list of arguments, where picocli reports a value after the first that it cannot
     * convert as an unmatched argument: they are taken as text and converted here, with the same message.
     */
    static List<UUID> all(CommandSpec spec, List<String> texts) {
        return texts.stream().map(t -> {
            UUID id = parse(t.strip());
            if (id == null) {
                throw Usage.error(spec, "Invalid value for BACKUP_ID: " + problem(t));
            }
            return id;
        }).toList();
    }

    @Override
    public UUID convert(String value) {
        UUID id = parse(value.strip());
        if (id == null) {
            throw new TypeConversionException(problem(value));
        }
        return id;
    }
}
