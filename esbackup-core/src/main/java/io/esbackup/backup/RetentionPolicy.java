package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Which backups of one aggregate {@code forget} keeps, with restic's semantics (docs/ARCHITECTURE.md section
 * 7b). The backups are taken newest first ({@code createdAt}; on equal times the greater backup id, compared
 * unsigned, counts as newer, as {@code restoreAsOf} chooses).
 *
 * <ul>
 *   <li>{@code keepLast}: the N newest.</li>
 *   <li>{@code keepHourly}, {@code keepDaily}, {@code keepWeekly}, {@code keepMonthly}, {@code keepYearly}: walking
 *       newest to oldest, a backup is kept whenever its UTC calendar bucket (hour, day, ISO week of its ISO
 *       week-based year, month, year) differs from that of the last backup the rule kept, until the rule has kept
 *       N; so each of the N newest buckets that hold a backup keeps its newest. If the rule still has a count left
 *       when the walk reaches the oldest backup, that one is kept too (restic 0.16's "oldest" rule), so a young
 *       history keeps its beginning.</li>
 *   <li>{@code keepWithin}: every backup created less than that long before the newest one (restic's
 *       {@code --keep-within}: measured from the newest backup, not from now, so a history whose backups stopped
 *       is not emptied by time alone).</li>
 *   <li>{@code keepTags}: every backup carrying any one of the given tags (key with that value), not counted.</li>
 * </ul>
 *
 * A backup is kept if any rule keeps it and lists every rule that did. Then the chain rule: every backup a kept
 * incremental backup continues (its parent, and so on to the root) is kept too, as {@code "parent of <id>"}.
 *
 * @param keepWithin how long before the newest backup a backup is kept regardless of the counts, or {@code null}
 *                   (the rule is off)
 * @param keepTags   tag key to the values that keep a backup carrying that key with one of them
 */
public record RetentionPolicy(int keepLast, int keepHourly, int keepDaily, int keepWeekly, int keepMonthly,
                              int keepYearly, Duration keepWithin, Map<String, Set<String>> keepTags) {
    private static final Comparator<BackupManifest> NEWEST_FIRST = Comparator
            .comparing(BackupManifest::createdAt)
            .thenComparing(m -> UUID.fromString(m.backupId()), RetentionPolicy::compareUnsigned)
            .reversed();

    public RetentionPolicy {
        requireCount("keepLast", keepLast);
        requireCount("keepHourly", keepHourly);
        requireCount("keepDaily", keepDaily);
        requireCount("keepWeekly", keepWeekly);
        requireCount("keepMonthly", keepMonthly);
        requireCount("keepYearly", keepYearly);
        if (keepWithin != null && (keepWithin.isNegative() || keepWithin.isZero())) {
            throw new IllegalArgumentException("keepWithin must be a positive duration (or null: the rule is off), was "
                    + keepWithin);
        }
        keepTags = checkedTags(keepTags);
        if ((long) keepLast + keepHourly + keepDaily + keepWeekly + keepMonthly + keepYearly == 0 && keepWithin == null
                && keepTags.isEmpty()) {
            // restic refuses an empty policy too: forgetting every backup is never what a missing option meant.
            throw new IllegalArgumentException("a retention policy must keep something: give at least one of keepLast, "
                    + "keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly (a positive count), keepWithin or "
                    + "keepTags");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().keepLast(keepLast).keepHourly(keepHourly).keepDaily(keepDaily)
                .keepWeekly(keepWeekly).keepMonthly(keepMonthly).keepYearly(keepYearly).keepWithin(keepWithin);
        keepTags.forEach((k, values) -> values.forEach(v -> b.keepTag(k, v)));
        return b;
    }

    /**
     * Decides for one aggregate's backups (in any order): each backup with the rules that keep it, newest
     * first; an empty list of reasons means it goes. Pure: nothing is read or deleted.
     */
    public List<RetentionDecision> decide(Collection<BackupManifest> backups) {
        return decide(backups, m -> true);
    }

    /**
     * As {@link #decide(Collection)}, for the backups {@code selected} picks out of one aggregate's: the rules
     * count those only, and the others, which {@code forget} leaves alone, count as kept for the chain rule.
     */
    List<RetentionDecision> decide(Collection<BackupManifest> backups, Predicate<BackupManifest> selected) {
        List<BackupManifest> all = new ArrayList<>(backups);
        all.sort(NEWEST_FIRST);
        List<BackupManifest> sorted = all.stream().filter(selected).toList();
        List<Set<String>> reasons = new ArrayList<>(sorted.size());
        sorted.forEach(m -> reasons.add(new LinkedHashSet<>()));
        for (int i = 0; i < Math.min(keepLast, sorted.size()); i++) {
            reasons.get(i).add("last");
        }
        keepByBucket(sorted, reasons, keepHourly, "hourly", m -> utc(m).toLocalDate().toEpochDay() * 24
                + utc(m).getHour());
        keepByBucket(sorted, reasons, keepDaily, "daily", m -> utc(m).toLocalDate().toEpochDay());
        keepByBucket(sorted, reasons, keepWeekly, "weekly", m -> utc(m).get(IsoFields.WEEK_BASED_YEAR) * 100L
                + utc(m).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        keepByBucket(sorted, reasons, keepMonthly, "monthly", m -> utc(m).getYear() * 100L + utc(m).getMonthValue());
        keepByBucket(sorted, reasons, keepYearly, "yearly", m -> utc(m).getYear());
        if (keepWithin != null && !sorted.isEmpty()) {
            Instant after = sorted.get(0).createdAt().minus(keepWithin);
            for (int i = 0; i < sorted.size() && sorted.get(i).createdAt().isAfter(after); i++) {
                reasons.get(i).add("within " + keepWithin);
            }
        }
        for (int i = 0; i < sorted.size(); i++) {
            for (Map.Entry<String, Set<String>> tag : keepTags.entrySet()) {
                String value = sorted.get(i).tags().get(tag.getKey());
                if (value != null && tag.getValue().contains(value)) {
                    reasons.get(i).add("tag " + tag.getKey() + "=" + value);
                }
            }
        }
        // The chain rule over the whole aggregate: a backup left alone keeps its chain as a kept one does.
        Map<String, Set<String>> byId = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            byId.put(sorted.get(i).backupId(), reasons.get(i));
        }
        Map<String, String> parentOf = new HashMap<>();
        all.forEach(m -> parentOf.put(m.backupId(), m.parentBackupId()));
        for (BackupManifest m : all) {
            Set<String> own = byId.get(m.backupId());
            if (own != null && own.isEmpty()) {
                continue; // goes, unless a later child's walk keeps it
            }
            keepChain(m.backupId(), parentOf, byId);
        }
        List<RetentionDecision> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            out.add(new RetentionDecision(sorted.get(i), List.copyOf(reasons.get(i))));
        }
        return out;
    }

    /**
     * Marks every link below {@code kept} as {@code "parent of <child>"}, down to the chain's root (or the first
     * link not in the list). A link reached again stops the walk: its own links are marked already.
     */
    private static void keepChain(String kept, Map<String, String> parentOf, Map<String, Set<String>> byId) {
        String child = kept;
        // Bounded by the number of backups, so a cycle in damaged manifests cannot loop forever.
        for (int steps = 0; steps < parentOf.size(); steps++) {
            String parent = parentOf.get(child);
            if (parent == null || !parentOf.containsKey(parent)) {
                return;
            }
            Set<String> reasons = byId.get(parent);
            if (reasons != null && !reasons.add("parent of " + child)) {
                return;
            }
            child = parent;
        }
    }

    private static void keepByBucket(List<BackupManifest> sorted, List<Set<String>> reasons, int n, String rule,
                                     ToLongFunction<BackupManifest> bucket) {
        int left = n;
        Long last = null;
        for (int i = 0; i < sorted.size() && left > 0; i++) {
            long b = bucket.applyAsLong(sorted.get(i));
            if (last == null || b != last) {
                reasons.get(i).add(rule);
                last = b;
                left--;
            } else if (i == sorted.size() - 1) {
                reasons.get(i).add("oldest " + rule);
            }
        }
    }

    private static LocalDateTime utc(BackupManifest m) {
        return LocalDateTime.ofInstant(m.createdAt(), ZoneOffset.UTC);
    }

    private static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static void requireCount(String name, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " must be zero (the rule is off) or more, was " + n);
        }
    }

    private static Map<String, Set<String>> checkedTags(Map<String, Set<String>> tags) {
        if (tags == null) {
            return Map.of();
        }
        TreeMap<String, Set<String>> copy = new TreeMap<>();
        tags.forEach((k, values) -> {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("keepTags must not have a blank key");
            }
            if (values == null || values.isEmpty() || values.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("keepTags '" + k + "' must have at least one value, and no null");
            }
            copy.put(k, Collections.unmodifiableSet(new TreeSet<>(values)));
        });
        return Collections.unmodifiableMap(copy);
    }

    /** Builds a {@link RetentionPolicy}; every count starts at zero (the rule is off). */
    public static final class Builder {
        private int keepLast;
        private int keepHourly;
        private int keepDaily;
        private int keepWeekly;
        private int keepMonthly;
        private int keepYearly;
        private Duration keepWithin;
        private final Map<String, Set<String>> keepTags = new TreeMap<>();

        private Builder() {}

        public Builder keepLast(int n) { keepLast = n; return this; }
        public Builder keepHourly(int n) { keepHourly = n; return this; }
        public Builder keepDaily(int n) { keepDaily = n; return this; }
        public Builder keepWeekly(int n) { keepWeekly = n; return this; }
        public Builder keepMonthly(int n) { keepMonthly = n; return this; }
        public Builder keepYearly(int n) { keepYearly = n; return this; }

        /** Keeps every backup created less than {@code d} before the newest; {@code null} turns the rule off. */
        public Builder keepWithin(Duration d) { keepWithin = d; return this; }

        /** Also keeps every backup tagged {@code key=value}; may be given several times, even for one key. */
        public Builder keepTag(String key, String value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("keepTag key must not be blank");
            }
            if (value == null) {
                throw new IllegalArgumentException("keepTag '" + key + "' must have a value");
            }
            keepTags.computeIfAbsent(key, k -> new TreeSet<>()).add(value);
            return this;
        }

        public RetentionPolicy build() {
            return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly, keepWithin,
                    keepTags);
        }
    }
}
