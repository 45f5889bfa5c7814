package io.esbackup.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BackupRestoreService#repair}: recreates the id pointers that are missing beside their manifests, through
 * the provider's {@link IdPointers}. One listing of the manifests' keys and one small read per backup; a write per
 * missing pointer, create-only, so a pointer is never overwritten: one that names another place, or cannot be
 * read, is reported for a person to decide. Memory stays constant (the report lists at most
 * {@link RepairReport#LISTED_AT_MOST} of each). A run killed midway has written whole pointers only, and the next
 * finds those right and goes on.
 */
final class PointerRepair {
    private static final Logger LOG = LoggerFactory.getLogger(PointerRepair.class);

    private final BackupProvider provider;

    PointerRepair(BackupProvider provider) {
        this.provider = provider;
    }

    /** Whether the provider keeps id pointers at all. */
    boolean applies() {
        return provider.capability(IdPointers.class).isPresent();
    }

    /**
     * Repairs (with {@code dryRun}, only counts) every pointer; {@code progress} is told the number of manifests
     * looked at so far after each.
     */
    RepairReport run(boolean dryRun, LongConsumer progress) {
        IdPointers pointers = provider.capability(IdPointers.class).orElseThrow(() -> new IllegalStateException(
                "these backups (" + provider.getClass().getSimpleName() + ") keep no id pointers: nothing to repair"));
        Tally tally = new Tally();
        try (Stream<BackupLocation> all = pointers.listManifestLocations()) {
            all.forEach(at -> {
                one(pointers, at, dryRun, tally);
                progress.accept(tally.scanned);
            });
        }
        return new RepairReport(dryRun, tally.scanned, tally.recreated, tally.right, tally.disagreeing,
                tally.failed, tally.disagreements, tally.failures);
    }

    private static void one(IdPointers pointers, BackupLocation at, boolean dryRun, Tally tally) {
        tally.scanned++;
        try {
            PointerCheck check = pointers.check(at);
            if (check.state() == PointerCheck.State.MISSING) {
                if (dryRun || pointers.recreate(at)) {
                    tally.recreated++;
                    return;
                }
                check = pointers.check(at); // written by someone else since it was checked: judge that one
            }
            switch (check.state()) {
                case MATCHES -> tally.right++;
                case MISSING -> tally.fail(at, "the pointer was there when written and is gone again");
                case DIFFERS, DAMAGED -> tally.disagree(check);
            }
        } catch (RuntimeException e) {
            tally.fail(at, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static final class Tally {
        long scanned;
        long recreated;
        long right;
        long disagreeing;
        long failed;
        final List<PointerCheck> disagreements = new ArrayList<>();
        final List<RepairFailure> failures = new ArrayList<>();

        void disagree(PointerCheck check) {
            disagreeing++;
            LOG.warn("Backup {} is not repaired: {}; a pointer is never overwritten, so a person decides which is "
                    + "right", check.manifestAt().backupId(), check.describe());
            if (disagreements.size() < RepairReport.LISTED_AT_MOST) {
                disagreements.add(check);
            }
        }

        void fail(BackupLocation at, String message) {
            failed++;
            LOG.debug("The id pointer of backup {} could not be repaired: {}", at.backupId(), message);
            if (failures.size() < RepairReport.LISTED_AT_MOST) {
                failures.add(new RepairFailure(at, message));
            }
        }
    }
}
