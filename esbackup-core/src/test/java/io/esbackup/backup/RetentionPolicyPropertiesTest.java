package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ChainLink;
import io.esbackup.archive.Compression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link RetentionPolicy#decide} against a model written another way: calendar buckets as formatted strings,
 * each rule as "the newest backup of each of the N newest buckets, and the oldest backup if there are fewer than N",
 * and the chain rule as a fixpoint. jqwik prints the seed of a failing case, and {@code @Property(seed = ...)}
 * replays it.
 */
class RetentionPolicyPropertiesTest {
    static final Instant BASE = Instant.parse("2023-12-18T00:00:00Z");
    static final String[] TAGS = {null, "env=prod", "env=dev", "keep=yes"};
    /** keep-within off two times in seven; whole hours and days, so backups land exactly on the edge too. */
    static final Duration[] WITHIN = {null, null, Duration.ofHours(1), Duration.ofHours(5), Duration.ofDays(1),
        Duration.ofDays(3), Duration.ofDays(30)};

    /** One generated backup: when, with which tag, continuing which older one (index), and whether selected. */
    record Gen(int day, int hour, int minute, int tag, int parent, boolean selected) {}

    record Case(List<Gen> backups, RetentionPolicy policy) {}

    @Property(tries = 1000)
    void decisionsMatchTheModel(@ForAll("cases") Case c) {
        List<BackupManifest> manifests = manifests(c.backups());
        Set<String> selected = new HashSet<>();
        for (int i = 0; i < manifests.size(); i++) {
            if (c.backups().get(i).selected()) {
                selected.add(manifests.get(i).backupId());
            }
        }
        List<RetentionDecision> decided = c.policy().decide(manifests, m -> selected.contains(m.backupId()));

        Map<String, Set<String>> actual = new LinkedHashMap<>();
        decided.forEach(d -> actual.put(d.backup().backupId(), new HashSet<>(d.reasons())));
        assertThat(actual).isEqualTo(model(manifests, selected, c.policy()));
        // Newest first, by time then by id.
        List<String> order = decided.stream().map(d -> d.backup().backupId()).toList();
        assertThat(order).isEqualTo(newestFirst(manifests).stream().map(BackupManifest::backupId)
                .filter(selected::contains).toList());
    }

    static Map<String, Set<String>> model(List<BackupManifest> manifests, Set<String> selectedIds, RetentionPolicy p) {
        List<BackupManifest> sorted = newestFirst(manifests).stream().filter(m -> selectedIds.contains(m.backupId()))
                .toList();
        Map<String, Set<String>> reasons = new LinkedHashMap<>();
        sorted.forEach(m -> reasons.put(m.backupId(), new HashSet<>()));
        for (int i = 0; i < Math.min(p.keepLast(), sorted.size()); i++) {
            reasons.get(sorted.get(i).backupId()).add("last");
        }
        bucketRule(sorted, reasons, p.keepHourly(), "hourly", format("yyyy-MM-dd HH"));
        bucketRule(sorted, reasons, p.keepDaily(), "daily", format("yyyy-MM-dd"));
        bucketRule(sorted, reasons, p.keepWeekly(), "weekly", format("YYYY-ww"));
        bucketRule(sorted, reasons, p.keepMonthly(), "monthly", format("yyyy-MM"));
        bucketRule(sorted, reasons, p.keepYearly(), "yearly", format("yyyy"));
        if (p.keepWithin() != null) {
            Instant newest = sorted.stream().map(BackupManifest::createdAt).max(Comparator.naturalOrder())
                    .orElse(null);
            // kept when strictly less than the duration older than the newest
            sorted.stream().filter(m -> Duration.between(m.createdAt(), newest).compareTo(p.keepWithin()) < 0)
                    .forEach(m -> reasons.get(m.backupId()).add("within " + p.keepWithin()));
        }
        for (BackupManifest m : sorted) {
            m.tags().forEach((k, v) -> {
                if (p.keepTags().getOrDefault(k, Set.of()).contains(v)) {
                    reasons.get(m.backupId()).add("tag " + k + "=" + v);
                }
            });
        }
        Map<String, BackupManifest> byId = manifests.stream()
                .collect(Collectors.toMap(BackupManifest::backupId, Function.identity()));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (BackupManifest m : manifests) {
                boolean keeps = !selectedIds.contains(m.backupId()) || !reasons.get(m.backupId()).isEmpty();
                String parent = m.parentBackupId();
                // A parent left out of the selection is never removed; its own parent is kept through it.
                if (keeps && parent != null && byId.containsKey(parent) && reasons.containsKey(parent)) {
                    changed |= reasons.get(parent).add("parent of " + m.backupId());
                }
            }
        }
        return reasons;
    }

    /** The model's rule: each of the N newest buckets keeps its newest backup; fewer buckets keep the oldest too. */
    static void bucketRule(List<BackupManifest> sorted, Map<String, Set<String>> reasons, int n, String rule,
                           Function<BackupManifest, String> bucketOf) {
        if (n == 0 || sorted.isEmpty()) {
            return;
        }
        Map<String, BackupManifest> newestOfBucket = new LinkedHashMap<>();
        sorted.forEach(m -> newestOfBucket.putIfAbsent(bucketOf.apply(m), m));
        newestOfBucket.values().stream().limit(n).forEach(m -> reasons.get(m.backupId()).add(rule));
        BackupManifest oldest = sorted.get(sorted.size() - 1);
        if (newestOfBucket.size() < n && !reasons.get(oldest.backupId()).contains(rule)) {
            reasons.get(oldest.backupId()).add("oldest " + rule);
        }
    }

    static Function<BackupManifest, String> format(String pattern) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern(pattern, java.util.Locale.ROOT).withZone(ZoneOffset.UTC);
        if (pattern.startsWith("YYYY")) {
            // ISO weeks: week-based year and week of it, with Monday first and four days in week 1.
            return m -> {
                var d = m.createdAt().atZone(ZoneOffset.UTC).toLocalDate();
                return d.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR) + "-W"
                        + d.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            };
        }
        return m -> f.format(m.createdAt());
    }

    /** By time, then by the canonical spelling of the id (lower-case hex: the unsigned order). */
    static List<BackupManifest> newestFirst(List<BackupManifest> manifests) {
        List<BackupManifest> sorted = new ArrayList<>(manifests);
        sorted.sort(Comparator.comparing(BackupManifest::createdAt).thenComparing(BackupManifest::backupId)
                .reversed());
        return sorted;
    }

    static List<BackupManifest> manifests(List<Gen> gens) {
        List<BackupManifest> out = new ArrayList<>();
        for (int i = 0; i < gens.size(); i++) {
            Gen g = gens.get(i);
            Instant at = BASE.plusSeconds(g.day() * 86_400L + g.hour() * 3_600L + g.minute() * 60L);
            // Ids spread over both halves of the unsigned range, so a signed comparison would order them wrongly.
            String id = new UUID((i % 2 == 0 ? 0x9000_0000_0000_4000L : 0x1000_0000_0000_4000L) + i,
                    0x8000_0000_0000_0000L | i).toString();
            Map<String, String> tags = new HashMap<>();
            if (TAGS[g.tag()] != null) {
                String[] kv = TAGS[g.tag()].split("=");
                tags.put(kv[0], kv[1]);
            }
            // A parent is an earlier-generated backup (by index, not by time: the rules must not rely on it).
            ChainLink chain = g.parent() < 0 || g.parent() >= i ? null
                    : new ChainLink(out.get(g.parent()).backupId(), 1, 1, null, null, null, null);
            out.add(new BackupManifest(1, id, "Order", "o-1", "o1-0000000000", 0, 1, at, null, null, tags, false,
                    true, false, 0, 0, Compression.NONE, 10, "00", null, "test", chain));
        }
        return out;
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> spread = Arbitraries.of(1, 3, 20, 90, 800);
        return spread.flatMap(days -> {
            Arbitrary<Gen> gen = Combinators.combine(Arbitraries.integers().between(0, days),
                    Arbitraries.integers().between(0, 23), Arbitraries.integers().between(0, 2),
                    Arbitraries.integers().between(0, TAGS.length - 1), Arbitraries.integers().between(-3, 40),
                    Arbitraries.of(true, true, true, false)).as(Gen::new);
            Arbitrary<Integer> count = Arbitraries.integers().between(0, 6);
            Arbitrary<RetentionPolicy> policy = count.list().ofSize(8)
                    .filter(n -> n.subList(0, 6).stream().mapToInt(Integer::intValue).sum() > 0 || n.get(6) % 2 == 1
                            || n.get(7) > 1)
                    .map(n -> {
                        RetentionPolicy.Builder b = RetentionPolicy.builder().keepLast(n.get(0)).keepHourly(n.get(1))
                                .keepDaily(n.get(2)).keepWeekly(n.get(3)).keepMonthly(n.get(4)).keepYearly(n.get(5))
                                .keepWithin(WITHIN[n.get(7)]);
                        // The seventh draws a keep-tag rule one time in two (TAGS[1..3]), or none.
                        int tag = n.get(6) % 2 == 0 ? 0 : 1 + n.get(6) / 2;
                        if (tag > 0) {
                            String[] kv = TAGS[tag].split("=");
                            b.keepTag(kv[0], kv[1]);
                        }
                        return b;
                    })
                    .map(RetentionPolicy.Builder::build);
            return Combinators.combine(gen.list().ofMaxSize(40), policy).as(Case::new);
        });
    }
}
