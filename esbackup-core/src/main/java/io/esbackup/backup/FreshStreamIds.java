package io.esbackup.backup;

import io.esbackup.error.ConflictException;
import io.esbackup.store.EventStore;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stream identifiers a restore writes to when the backed-up one is taken: the reference's shape
 * {@code {objectId without dashes}-{10 digits}}, numbered after the highest such identifier the aggregate has
 * used, and free in the store.
 */
final class FreshStreamIds {
    private static final Pattern NUMBERED = Pattern.compile("(.*)-(\\d{10})");
    private static final int ATTEMPTS = 1000;

    private FreshStreamIds() {}

    /**
     * The next free identifier for {@code objectName/objectId}, numbered after those in {@code known}, skipping
     * those {@code taken} says this run holds and those the store has.
     */
    static String next(EventStore store, String objectName, String objectId, List<String> known,
                       Predicate<String> taken) {
        String base = objectId.replace("-", "");
        base = base.length() > 150 ? base.substring(0, 150) : base;
        long next = 1;
        for (String sid : known) {
            Matcher m = NUMBERED.matcher(sid);
            if (m.matches() && m.group(1).equals(base)) {
                next = Math.max(next, Long.parseLong(m.group(2)) + 1);
            }
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++, next++) {
            String candidate = base + "-" + String.format("%010d", next);
            if (!taken.test(candidate) && !store.streamExists(objectName, candidate)) {
                return candidate;
            }
        }
        throw new ConflictException("no free stream identifier for " + objectName + "/" + objectId);
    }
}
