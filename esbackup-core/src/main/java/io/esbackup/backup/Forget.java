package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.ConflictException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forget: applies a {@link RetentionPolicy} to each aggregate's backups (per location) and deletes the rest through
 * the same path as {@code deleteBackup}. See docs/ARCHITECTURE.md section 7b.
 *
 * <p>The listing may come in any order, so it is read whole and grouped before anything is decided: memory grows
 * with the number of backups of the aggregates selected (their manifests, under a kilobyte or two each), which
 * is why a store of millions of backups is forgotten one object name (or one aggregate) at a time.
 */
final class Forget {
    private static final Logger LOG = LoggerFactory.getLogger(Forget.class);
    private static final Comparator<Group> GROUP_ORDER = Comparator.comparing(Group::objectName)
            .thenComparing(Group::objectId)
            .thenComparing(Group::location, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final BackupCatalog catalog;
    private final Clock clock;

    Forget(BackupCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    private record Group(String location, String objectName, String objectId) implements Comparable<Group> {
        static Group of(BackupManifest m) {
            return new Group(m.location(), m.objectName(), m.objectId());
        }

        @Override
        public int compareTo(Group o) {
            return GROUP_ORDER.compare(this, o);
        }
    }

    ForgetReport run(BackupQuery selection, RetentionPolicy policy, boolean dryRun) {
        Instant now = clock.instant();
        // Every backup of the aggregates, whatever the selection's tags, times and expiry: a backup left out of
        // the selection is never removed, and neither is any backup its chain needs.
        BackupQuery listing = BackupQuery.builder().objectName(selection.objectName())
                .objectId(selection.objectId()).location(selection.location()).includeExpired(true).build();
        TreeMap<Group, List<BackupManifest>> groups = new TreeMap<>();
        try (Stream<BackupManifest> all = catalog.matching(listing)) {
            all.forEach(m -> groups.computeIfAbsent(Group.of(m), g -> new ArrayList<>()).add(m));
        }
        List<ForgetGroup> out = new ArrayList<>();
        groups.forEach((group, backups) -> {
            List<RetentionDecision> decisions = decide(policy, backups,
                    m -> selection.matches(m) && (selection.includeExpired() || !m.expiredAt(now)));
            if (!decisions.isEmpty()) {
                out.add(apply(group, backups, decisions, dryRun));
            }
        });
        return new ForgetReport(dryRun, out);
    }

    /**
     * The policy's decisions, each kept backup confirmed by the provider where a registry gave the listing: a
     * registry entry whose backup is gone (deleted by a process without the registry, a registry write that
     * failed) would otherwise take a kept place, and the real backups it pushed out would be deleted. Such an
     * entry is left out of the selection (as a backup the selection left out, it still keeps its parents, which
     * {@code deleteBackup} would refuse while the registry lists it) and the group decided again; one lookup
     * by id per kept backup.
     */
    private List<RetentionDecision> decide(RetentionPolicy policy, List<BackupManifest> backups,
                                           Predicate<BackupManifest> selected) {
        if (catalog.registry().isEmpty()) {
            return policy.decide(backups, selected);
        }
        Set<String> confirmed = new HashSet<>();
        Set<String> gone = new HashSet<>();
        Predicate<BackupManifest> present = m -> selected.test(m) && !gone.contains(m.backupId());
        while (true) {
            List<RetentionDecision> decisions = policy.decide(backups, present);
            BackupManifest ghost = decisions.stream().filter(RetentionDecision::kept).map(RetentionDecision::backup)
                    .filter(m -> confirmed.add(m.backupId()) && !exists(m)).findFirst().orElse(null);
            if (ghost == null) {
                return decisions;
            }
            LOG.warn("The backup registry lists backup {} of {}/{}, which the provider does not have: forget leaves"
                    + " it out; rebuildRegistry() removes it", ghost.backupId(), ghost.objectName(), ghost.objectId());
            gone.add(ghost.backupId());
        }
    }

    /** Whether the provider has the backup (an unreadable manifest is still a backup there). */
    private boolean exists(BackupManifest m) {
        try {
            return catalog.located(UUID.fromString(m.backupId()), BackupLocation.of(m)).isPresent();
        } catch (BackupCorruptedException e) {
            return true;
        }
    }

    private ForgetGroup apply(Group group, List<BackupManifest> backups, List<RetentionDecision> decisions,
                              boolean dryRun) {
        List<KeptBackup> kept = new ArrayList<>();
        List<BackupManifest> going = new ArrayList<>();
        for (RetentionDecision d : decisions) {
            if (d.kept()) {
                kept.add(new KeptBackup(catalog.handle(d.backup()), d.reasons()));
            } else {
                going.add(d.backup());
            }
        }
        List<BackupHandle> removed = new ArrayList<>();
        List<ForgetFailure> failed = new ArrayList<>();
        Map<String, RuntimeException> failedById = new HashMap<>();
        Map<String, List<String>> childrenOf = new HashMap<>();
        going.stream().filter(m -> m.parentBackupId() != null).forEach(m ->
                childrenOf.computeIfAbsent(m.parentBackupId(), p -> new ArrayList<>()).add(m.backupId()));
        for (BackupManifest m : childrenFirst(backups, going)) {
            BackupHandle h = catalog.handle(m);
            if (dryRun) {
                removed.add(h);
                continue;
            }
            RuntimeException childFailed = failedChild(m, childrenOf, failedById);
            if (childFailed != null) {
                failedById.put(m.backupId(), childFailed);
                failed.add(new ForgetFailure(h, childFailed));
                continue;
            }
            try {
                LOG.debug("Forgetting backup {} of {}/{}: no retention rule keeps it", h.backupId(), h.objectName(),
                        h.objectId());
                // Not there any more (deleted since the listing) is as good as removed.
                catalog.delete(h.backupId(), BackupLocation.of(h.manifest()));
                removed.add(h);
            } catch (RuntimeException e) {
                LOG.warn("Could not forget backup {} of {}/{}: {}", h.backupId(), h.objectName(), h.objectId(),
                        e.toString());
                failedById.put(m.backupId(), e);
                failed.add(new ForgetFailure(h, e));
            }
        }
        removed.sort(Comparator.comparing(BackupHandle::createdAt).reversed());
        return new ForgetGroup(group.location(), group.objectName(), group.objectId(), kept, removed, failed);
    }

    /**
     * Why {@code parent} stays, if a backup continuing it could not be removed: deleting it would fail the
     * parent check anyway, and this names the cause (the child's own failure, kept as the cause).
     */
    private static RuntimeException failedChild(BackupManifest parent, Map<String, List<String>> childrenOf,
                                                Map<String, RuntimeException> failedById) {
        for (String child : childrenOf.getOrDefault(parent.backupId(), List.of())) {
            RuntimeException e = failedById.get(child);
            if (e != null) {
                return new ConflictException("backup " + parent.backupId() + " was not removed: incremental backup "
                        + child + ", which continues it, could not be removed", e);
            }
        }
        return null;
    }

    /**
     * The backups to remove, each after every one of them that continues it: {@code deleteBackup} refuses to
     * delete a parent while its child is there. Deepest links first, then newest first.
     */
    private static List<BackupManifest> childrenFirst(List<BackupManifest> all, List<BackupManifest> going) {
        Map<String, String> parentOf = new HashMap<>();
        all.forEach(m -> parentOf.put(m.backupId(), m.parentBackupId()));
        Map<String, Integer> depth = new HashMap<>();
        for (BackupManifest m : going) {
            int d = 0;
            // Bounded by the group's size, so a cycle in damaged manifests cannot loop forever.
            for (String p = m.parentBackupId(); p != null && parentOf.containsKey(p) && d < all.size();
                    p = parentOf.get(p)) {
                d++;
            }
            depth.put(m.backupId(), d);
        }
        List<BackupManifest> ordered = new ArrayList<>(going);
        ordered.sort(Comparator.<BackupManifest>comparingInt(m -> depth.get(m.backupId())).reversed()
                .thenComparing(BackupManifest::createdAt, Comparator.reverseOrder()));
        return ordered;
    }
}
