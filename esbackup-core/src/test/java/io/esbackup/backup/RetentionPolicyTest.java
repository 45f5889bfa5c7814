package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ChainLink;
import io.esbackup.archive.Compression;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each retention rule on hand-picked times: buckets, ISO weeks across years, ties, tags, chains, bad policies. */
class RetentionPolicyTest {
    private int next;

    private BackupManifest at(String instant) {
        return at(instant, Map.of(), null);
    }

    private BackupManifest at(String instant, Map<String, String> tags, BackupManifest parent) {
        next++;
        String id = new UUID(0x4000L + next, 0x8000_0000_0000_0000L | next).toString();
        ChainLink chain = parent == null ? null : new ChainLink(parent.backupId(), 1, 1, null, null, null, null);
        return new BackupManifest(1, id, "Order", "o-1", "o1-0000000000", 0, 1, Instant.parse(instant), null, null,
                tags, false, true, false, 0, 0, Compression.NONE, 10, "00", null, "test", chain);
    }

    /** The reasons by backup id, newest first, after shuffling the input (the order given must not matter). */
    private static Map<String, List<String>> decide(RetentionPolicy policy, BackupManifest... backups) {
        List<BackupManifest> shuffled = new ArrayList<>(List.of(backups));
        Collections.reverse(shuffled);
        Map<String, List<String>> out = new LinkedHashMap<>();
        policy.decide(shuffled).forEach(d -> out.put(d.backup().backupId(), d.reasons()));
        return out;
    }

    @Test
    void keepLastKeepsTheNewest() {
        BackupManifest a = at("2026-01-01T10:00:00Z");
        BackupManifest b = at("2026-01-01T11:00:00Z");
        BackupManifest c = at("2026-01-01T12:00:00Z");
        Map<String, List<String>> r = decide(RetentionPolicy.builder().keepLast(2).build(), a, b, c);
        assertThat(r.keySet()).containsExactly(c.backupId(), b.backupId(), a.backupId());
        assertThat(r.values()).containsExactly(List.of("last"), List.of("last"), List.of());
    }

    @Test
    void keepWithinKeepsWhatIsYoungerThanTheDurationBeforeTheNewestBackupNotBeforeNow() {
        BackupManifest old = at("2025-06-01T00:00:00Z");
        BackupManifest edge = at("2025-06-30T12:00:00Z"); // exactly 1 day before the newest: not within
        BackupManifest inside = at("2025-06-30T12:00:01Z");
        BackupManifest newest = at("2025-07-01T12:00:00Z");
        Map<String, List<String>> r = decide(RetentionPolicy.builder().keepWithin(Duration.ofDays(1)).build(),
                old, edge, inside, newest);
        assertThat(r.get(newest.backupId())).containsExactly("within PT24H");
        assertThat(r.get(inside.backupId())).containsExactly("within PT24H");
        assertThat(r.get(edge.backupId())).isEmpty();
        assertThat(r.get(old.backupId())).isEmpty();
        assertThatThrownBy(() -> RetentionPolicy.builder().keepWithin(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepWithin");
        assertThatThrownBy(() -> RetentionPolicy.builder().keepWithin(Duration.ofHours(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepWithin");
        RetentionPolicy p = RetentionPolicy.builder().keepWithin(Duration.ofDays(7)).build();
        assertThat(p.toBuilder().build()).isEqualTo(p);
    }

    @Test
    void keepDailyKeepsTheNewestOfEachDayInUtc() {
        BackupManifest d1Early = at("2026-03-01T00:30:00Z");
        BackupManifest d1Late = at("2026-03-01T23:59:59Z");
        BackupManifest d2 = at("2026-03-02T08:00:00Z");
        BackupManifest d4a = at("2026-03-04T01:00:00Z");
        BackupManifest d4b = at("2026-03-04T02:00:00Z");
        Map<String, List<String>> r = decide(RetentionPolicy.builder().keepDaily(2).build(),
                d1Early, d1Late, d2, d4a, d4b);
        assertThat(r.get(d4b.backupId())).containsExactly("daily");
        assertThat(r.get(d4a.backupId())).isEmpty();
        assertThat(r.get(d2.backupId())).containsExactly("daily");
        // Two days kept: the 1st is not among them, and the count is used up, so no "oldest" either.
        assertThat(r.get(d1Late.backupId())).isEmpty();
        assertThat(r.get(d1Early.backupId())).isEmpty();
    }

    @Test
    void aRuleWithCountsLeftKeepsTheOldestToo() {
        BackupManifest old = at("2026-03-01T01:00:00Z");
        BackupManifest sameDay = at("2026-03-01T02:00:00Z");
        BackupManifest newest = at("2026-03-02T02:00:00Z");
        Map<String, List<String>> r = decide(RetentionPolicy.builder().keepDaily(7).build(), old, sameDay, newest);
        assertThat(r.get(newest.backupId())).containsExactly("daily");
        assertThat(r.get(sameDay.backupId())).containsExactly("daily");
        assertThat(r.get(old.backupId())).containsExactly("oldest daily");
    }

    @Test
    void keepHourlyMonthlyAndYearlyUseTheirBuckets() {
        BackupManifest h1 = at("2025-12-31T23:10:00Z");
        BackupManifest h2 = at("2025-12-31T23:50:00Z");
        BackupManifest h3 = at("2026-01-01T00:05:00Z");
        RetentionPolicy hourly = RetentionPolicy.builder().keepHourly(2).build();
        assertThat(decide(hourly, h1, h2, h3).values()).containsExactly(List.of("hourly"), List.of("hourly"),
                List.of());
        RetentionPolicy monthly = RetentionPolicy.builder().keepMonthly(1).build();
        assertThat(decide(monthly, h1, h2, h3).values()).containsExactly(List.of("monthly"), List.of(), List.of());
        RetentionPolicy yearly = RetentionPolicy.builder().keepYearly(5).build();
        assertThat(decide(yearly, h1, h2, h3).values()).containsExactly(List.of("yearly"), List.of("yearly"),
                List.of("oldest yearly"));
    }

    @Test
    void weeksAreIsoWeeksOfTheWeekBasedYear() {
        // Monday 2024-12-30 and Sunday 2025-01-05 are both in week 1 of 2025; Sunday 2024-12-29 is week 52 of 2024.
        BackupManifest sun = at("2024-12-29T12:00:00Z");
        BackupManifest mon = at("2024-12-30T12:00:00Z");
        BackupManifest nextSun = at("2025-01-05T23:00:00Z");
        BackupManifest nextMon = at("2025-01-06T00:00:00Z");
        Map<String, List<String>> r = decide(RetentionPolicy.builder().keepWeekly(3).build(),
                sun, mon, nextSun, nextMon);
        assertThat(r.get(nextMon.backupId())).containsExactly("weekly");
        assertThat(r.get(nextSun.backupId())).containsExactly("weekly");
        assertThat(r.get(mon.backupId())).as("same ISO week as 2025-01-05").isEmpty();
        assertThat(r.get(sun.backupId())).containsExactly("weekly");
    }

    @Test
    void equalTimesGoToTheGreaterIdComparedUnsigned() {
        BackupManifest low = at("2026-01-01T00:00:00Z");
        BackupManifest high = new BackupManifest(1, "f0000000-0000-4000-8000-000000000000", "Order", "o-1",
                "o1-0000000000", 0, 1, low.createdAt(), null, null, Map.of(), false, true, false, 0, 0,
                Compression.NONE, 10, "00", null, "test");
        Map<String, List<String>> r = decide(RetentionPolicy.builder().keepLast(1).build(), low, high);
        assertThat(r.keySet()).containsExactly(high.backupId(), low.backupId());
        assertThat(r.get(high.backupId())).containsExactly("last");
        assertThat(r.get(low.backupId())).isEmpty();
    }

    @Test
    void keepTagKeepsEveryTaggedBackupUncounted() {
        BackupManifest a = at("2026-01-01T00:00:00Z", Map.of("env", "prod"), null);
        BackupManifest b = at("2026-01-02T00:00:00Z", Map.of("env", "dev"), null);
        BackupManifest c = at("2026-01-03T00:00:00Z", Map.of("keep", "yes"), null);
        BackupManifest d = at("2026-01-04T00:00:00Z");
        RetentionPolicy policy = RetentionPolicy.builder().keepTag("env", "prod").keepTag("keep", "yes").build();
        Map<String, List<String>> r = decide(policy, a, b, c, d);
        assertThat(r.get(a.backupId())).containsExactly("tag env=prod");
        assertThat(r.get(b.backupId())).isEmpty();
        assertThat(r.get(c.backupId())).containsExactly("tag keep=yes");
        assertThat(r.get(d.backupId())).isEmpty();
    }

    @Test
    void everyRuleThatKeepsABackupIsReportedInRuleOrder() {
        BackupManifest old = at("2025-06-01T00:00:00Z");
        BackupManifest newest = at("2026-01-04T10:00:00Z", Map.of("env", "prod"), null);
        RetentionPolicy policy = RetentionPolicy.builder().keepLast(1).keepHourly(1).keepDaily(1).keepWeekly(1)
                .keepMonthly(1).keepYearly(2).keepTag("env", "prod").build();
        Map<String, List<String>> r = decide(policy, old, newest);
        assertThat(r.get(newest.backupId())).containsExactly("last", "hourly", "daily", "weekly", "monthly",
                "yearly", "tag env=prod");
        assertThat(r.get(old.backupId())).containsExactly("yearly");
    }

    @Test
    void aKeptDeltaKeepsItsWholeChain() {
        BackupManifest root = at("2026-01-01T00:00:00Z");
        BackupManifest d1 = at("2026-01-02T00:00:00Z", Map.of(), root);
        BackupManifest d2 = at("2026-01-03T00:00:00Z", Map.of(), d1);
        BackupManifest otherRoot = at("2025-12-01T00:00:00Z");
        Map<String, List<String>> r = decide(RetentionPolicy.builder().keepLast(1).build(), root, d1, d2, otherRoot);
        assertThat(r.get(d2.backupId())).containsExactly("last");
        assertThat(r.get(d1.backupId())).containsExactly("parent of " + d2.backupId());
        assertThat(r.get(root.backupId())).containsExactly("parent of " + d1.backupId());
        assertThat(r.get(otherRoot.backupId())).isEmpty();
    }

    @Test
    void aBackupLeftOutOfTheSelectionKeepsItsChainToo() {
        BackupManifest root = at("2026-01-01T00:00:00Z");
        BackupManifest d1 = at("2026-01-02T00:00:00Z", Map.of(), root);
        BackupManifest full = at("2026-01-03T00:00:00Z");
        List<RetentionDecision> r = RetentionPolicy.builder().keepLast(1).build()
                .decide(List.of(root, d1, full), m -> m != d1);
        assertThat(r).extracting(d -> d.backup().backupId()).containsExactly(full.backupId(), root.backupId());
        assertThat(r.get(1).reasons()).containsExactly("parent of " + d1.backupId());
    }

    @Test
    void anEmptyPolicyOrANegativeCountIsRefusedByName() {
        assertThatThrownBy(() -> RetentionPolicy.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keepLast").hasMessageContaining("keepYearly").hasMessageContaining("keepWithin")
                .hasMessageContaining("keepTags");
        assertThatThrownBy(() -> RetentionPolicy.builder().keepDaily(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepDaily").hasMessageContaining("-1");
        assertThatThrownBy(() -> RetentionPolicy.builder().keepTag(" ", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepTag");
        assertThatThrownBy(() -> new RetentionPolicy(1, 0, 0, 0, 0, 0, null, Map.of("env", java.util.Set.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepTags 'env'");
        RetentionPolicy p = RetentionPolicy.builder().keepWeekly(4).keepTag("a", "1").keepTag("a", "2").build();
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThat(p.keepTags()).isEqualTo(Map.of("a", java.util.Set.of("1", "2")));
    }
}
