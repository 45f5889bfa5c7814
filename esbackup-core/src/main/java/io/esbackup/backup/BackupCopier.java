package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.Sha256;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.error.ConflictException;
import io.esbackup.backup.BulkRunner.Outcome;
import io.esbackup.internal.Chunks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed backups from the service's provider to another in esbackup's own layout (docs/ARCHITECTURE.md
 * section 7c). Each backup is streamed through a SHA-256 check against its manifest and written as a backup of
 * the destination's own, manifest last, create-only ({@link BackupImports}); a delta's parents go first, so the
 * destination never holds a delta without its chain; an encrypted backup's data key goes before it
 * ({@link CopyKeys}). Nothing is held but the backups in flight. Past 500 lines on purpose: the run's two paths (one
 * backup per worker, and batches where the destination shares its waits) share the counting and the hold on each
 * backup in flight, the subtle part, which is kept in one place.
 */
final class BackupCopier {
    private static final Logger LOG = LoggerFactory.getLogger(BackupCopier.class);

    /** One backup to copy: from a listing (its manifest known) or by id (looked up when its turn comes). */
    record Item(UUID backupId, BackupManifest manifest) {}

    private final BackupProvider source;
    private final BackupCatalog catalog;
    private final Clock clock;

    BackupCopier(BackupProvider source, BackupCatalog catalog, Clock clock) {
        this.source = source;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The imports of {@code destination}; an {@link IllegalArgumentException} if either side cannot copy. */
    BackupImports requireCopyable(BackupProvider destination) {
        if (destination == null) {
            throw new IllegalArgumentException("destination must not be null");
        }
        if (destination == source) {
            throw new IllegalArgumentException("destination is the service's own backups location; copy to another");
        }
        if (source.capability(BackupImports.class).isEmpty()) {
            throw new IllegalArgumentException("copy reads backups in esbackup's own layout; this service's backups "
                    + "location (" + source.getClass().getSimpleName() + ") is not in it");
        }
        return destination.capability(BackupImports.class).orElseThrow(() -> new IllegalArgumentException(
                "destination: " + destination.getClass().getSimpleName() + " cannot take copied backups; only a "
                        + "location in esbackup's own layout (a folder, Azure, S3) can"));
    }

    /**
     * Copies {@code items}; {@code listed} says they are a listing's (a selection of the source's backups), whose
     * length is worth a listing of the destination where a look there is a request, where an id list (one backup,
     * or a few) is not.
     */
    CopyReport copy(BackupProvider destination, Iterator<Item> items, CopyOptions options, boolean listed) {
        Run run = new Run(destination, requireCopyable(destination), options);
        return run.all(items, listed);
    }

    /**
     * Backups a worker copies into a destination that batches ({@link BackupImports#batches}) with one shared wait:
     * as many as a bulk restore's group, whose gain this size measured (docs/BENCHMARKS.md, "Group commit").
     */
    static final int GROUP_SIZE = RestoreGroup.MAX_SIZE;

    private enum Result { COPIED, PRESENT, SHREDDED, COUNTED }

    /** One selected backup of a group, from its manifest to its result or failure. */
    private static final class Member {
        final Item item;
        BackupManifest manifest;
        /** Held by this group (null: not held, or held by another worker, {@link #other}). */
        CompletableFuture<Result> mine;
        CompletableFuture<Result> other;
        /** Cleared for a backup a failure kept from starting (without continue-on-error): it has no outcome. */
        boolean started = true;
        Result result;
        Throwable failure;

        Member(Item item) {
            this.item = item;
        }
    }

    /** One copy run: its destination, counters and the backups in flight. */
    private final class Run {
        private final BackupProvider destination;
        private final BackupImports imports;
        private final CopyOptions options;
        private final AtomicLong processed = new AtomicLong();
        private final AtomicLong copied = new AtomicLong();
        private final AtomicLong skipped = new AtomicLong();
        private final AtomicLong shredded = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final List<CopyFailure> failures = new ArrayList<>();
        private final CopyKeys keys;
        // Each backup is copied by one worker at a time: a parent two deltas need, or a backup both listed and
        // needed as a parent, is copied once and the others wait for it.
        private final ConcurrentHashMap<String, CompletableFuture<Result>> inFlight = new ConcurrentHashMap<>();
        // Parents copied before the listing reached them: counted then, not again when it does.
        private final Set<String> copiedAhead = ConcurrentHashMap.newKeySet();
        // A dry run writes nothing, so the destination cannot tell it what the run would have copied already: a
        // parent of two deltas, or a listed backup that was a parent before. It grows with what would be copied.
        private final Set<String> wouldCopy = ConcurrentHashMap.newKeySet();
        // Which backups the destination held when the run started, where a look there is a request (else null).
        private BackupImports.Presence presence;

        Run(BackupProvider destination, BackupImports imports, CopyOptions options) {
            this.destination = destination;
            this.imports = imports;
            this.options = options;
            this.keys = new CopyKeys(source, destination, catalog, options.dryRun());
        }

        CopyReport all(Iterator<Item> items, boolean listed) {
            Instant start = clock.instant();
            // A dry run looks at each backup: a backup in a pack there is found only so, and it is reported.
            presence = options.dryRun() || !listed ? null : imports.presence().orElse(null);
            // A dry run writes nothing, so it has no waits to share.
            Optional<BackupImports.Batches> batches = options.dryRun() ? Optional.empty() : imports.batches();
            BulkRunner<?, ?> runner;
            BulkRunner.Stop stop;
            if (batches.isPresent()) {
                BulkRunner<List<Item>, List<Outcome<Item, Result>>> grouped = new BulkRunner<>(
                        options.maxConcurrency(), options.continueOnError(), group -> group(group, batches.get()),
                        outcome -> {
                            if (outcome.failure() != null) {
                                outcome.item().forEach(i -> done(new Outcome<>(i, null, outcome.failure())));
                            } else {
                                outcome.result().forEach(this::done);
                            }
                        },
                        results -> results.stream().anyMatch(o -> o.failure() != null));
                runner = grouped;
                stop = grouped.run(new Chunks<>(items, GROUP_SIZE));
            } else {
                BulkRunner<Item, Result> single = new BulkRunner<>(options.maxConcurrency(),
                        options.continueOnError(), this::selected, this::done);
                runner = single;
                stop = single.run(items);
            }
            if (stop == BulkRunner.Stop.INPUT_FAILED) {
                failed.incrementAndGet();
                keep(new CopyFailure(null, null, null, runner.inputFailure()));
            }
            return new CopyReport(options.dryRun(), processed.get(), copied.get(), skipped.get(), shredded.get(),
                    failed.get(), bytes.get(), keys.shredsCarried(), failures,
                    Duration.between(start, clock.instant()), stop != BulkRunner.Stop.COMPLETED);
        }

        private Result selected(Item item) {
            BackupManifest m = manifestOf(item);
            // The chain first, root first, each link copied whole before the next starts: a worker never waits for
            // another while it holds a backup of its own, so no two can wait for each other.
            for (BackupManifest parent : parents(m)) {
                once(parent, false);
            }
            return counted(once(m, true));
        }

        private BackupManifest manifestOf(Item item) {
            return item.manifest() != null && catalog.registry().isEmpty() ? item.manifest()
                    : catalog.fromProvider(item.backupId()).orElseThrow(() ->
                            new BackupNotFoundException(item.backupId().toString()));
        }

        private Result counted(Result r) {
            switch (r) {
                case COPIED -> copied.incrementAndGet();
                case PRESENT -> skipped.incrementAndGet();
                case SHREDDED -> shredded.incrementAndGet();
                case COUNTED -> { }
            }
            return r;
        }

        /**
         * Copies a group of selected backups into a destination whose writes share their waits (section 7c, "Group
         * commit"), each with an outcome of its own, in their order. First each backup's chain, one by one as ever
         * (nothing of the group held yet, so a wait for another worker cannot close a circle); then each backup is
         * held and checked, its key copied; then the batch: every archive with its pointer, one wait, every
         * manifest, one more wait. A backup another worker holds is waited for only after the batch, when this
         * worker holds nothing. Without continue-on-error the first failure ends the group: what comes after it
         * is not started and has no outcome.
         */
        private List<Outcome<Item, Result>> group(List<Item> items, BackupImports.Batches batches) {
            boolean stopAtFailure = !options.continueOnError();
            List<Member> members = new ArrayList<>();
            for (Item item : items) {
                Member member = new Member(item);
                members.add(member);
                try {
                    member.manifest = manifestOf(item);
                    for (BackupManifest parent : parents(member.manifest)) {
                        once(parent, false);
                    }
                } catch (RuntimeException | Error e) {
                    member.failure = e;
                    if (stopAtFailure) {
                        break; // the items after it are not started
                    }
                }
            }
            List<Member> toImport = new ArrayList<>();
            List<Member> present = new ArrayList<>();
            boolean stopped = false;
            for (Member member : members) {
                if (member.failure != null) {
                    continue;
                }
                if (stopped) {
                    member.started = false; // not held, not checked: no outcome
                    continue;
                }
                String id = member.manifest.backupId();
                CompletableFuture<Result> mine = new CompletableFuture<>();
                CompletableFuture<Result> running = inFlight.putIfAbsent(id, mine);
                if (running != null) {
                    member.other = running;
                    continue;
                }
                member.mine = mine;
                if (copiedAhead.remove(id)) {
                    member.result = Result.COUNTED;
                    continue;
                }
                try {
                    member.result = checked(member.manifest);
                    if (member.result == null) {
                        toImport.add(member);
                    } else if (member.result == Result.PRESENT) {
                        present.add(member);
                    }
                } catch (RuntimeException | Error e) {
                    member.failure = e;
                    if (stopAtFailure) {
                        stopped = true;
                    }
                }
            }
            try {
                if (!toImport.isEmpty() || !present.isEmpty()) {
                    importBatch(toImport, present, batches, stopAtFailure);
                }
            } catch (RuntimeException | Error e) {
                // The batch failed as a whole (it could not begin, or close): each backup it left without a result
                // fails with it, has its own outcome, and whoever waits for one (a delta's worker) does not go on
                // as if it were there. So does each found here, which it was to make durable.
                for (Member member : toImport) {
                    if (member.result == null && member.failure == null) {
                        member.failure = e;
                    }
                }
                present.forEach(member -> member.failure = member.failure == null ? e : member.failure);
            } finally {
                for (Member member : members) {
                    if (member.mine != null) {
                        if (member.failure != null) {
                            member.mine.completeExceptionally(member.failure);
                        } else {
                            member.mine.complete(member.result == Result.COUNTED ? Result.COPIED : member.result);
                        }
                        inFlight.remove(member.manifest.backupId(), member.mine);
                    }
                }
            }
            List<Outcome<Item, Result>> outcomes = new ArrayList<>();
            for (Member member : members) {
                if (member.other != null) {
                    try {
                        member.result = afterOther(member.manifest.backupId(), member.other);
                    } catch (RuntimeException | Error e) {
                        member.failure = e;
                    }
                }
                if (!member.started) {
                    continue;
                }
                if (member.failure != null) {
                    outcomes.add(new Outcome<>(member.item, null, member.failure));
                } else {
                    outcomes.add(new Outcome<>(member.item, counted(member.result), null));
                }
            }
            return outcomes;
        }

        /**
         * The archives and pointers of {@code members}, one wait, their manifests, one more wait; the backups found
         * here ({@code present}) made durable by the first wait too, where the destination says they may not be.
         */
        private void importBatch(List<Member> members, List<Member> present, BackupImports.Batches batches,
                                 boolean stopAtFailure) {
            List<Member> added = new ArrayList<>();
            List<Member> kept = new ArrayList<>();
            try (BackupImports.Batch batch = batches.begin()) {
                for (Member member : present) {
                    try {
                        batch.keep(member.manifest);
                        kept.add(member);
                    } catch (RuntimeException | Error e) {
                        member.failure = e;
                    }
                }
                Throwable stoppedBy = null;
                for (Member member : members) {
                    BackupManifest m = member.manifest;
                    if (stoppedBy != null) {
                        // Held and checked, but never started: no outcome. Whoever waits for it (a delta of it in
                        // another worker) must not go on as if it were there.
                        member.started = false;
                        member.failure = new IllegalStateException("backup " + m.backupId() + " was not copied: "
                                + "the copy stopped at a failure before it", stoppedBy);
                        continue;
                    }
                    try {
                        if (batch.add(m, out -> copyVerified(m, out))) {
                            added.add(member);
                        } else {
                            member.result = Result.PRESENT; // imported by another copy just now
                        }
                    } catch (RuntimeException | Error e) {
                        member.failure = e;
                        if (stopAtFailure) {
                            stoppedBy = e;
                        }
                    }
                }
                Map<String, RuntimeException> failed;
                try {
                    failed = batch.commit();
                } catch (RuntimeException | Error e) {
                    added.forEach(member -> member.failure = e);
                    kept.forEach(member -> member.failure = e);
                    return;
                }
                for (Member member : kept) {
                    RuntimeException e = failed.get(member.manifest.backupId());
                    if (e != null) {
                        member.failure = e; // found here, but not known to be on disk
                    }
                }
                for (Member member : added) {
                    RuntimeException e = failed.get(member.manifest.backupId());
                    if (e != null) {
                        member.failure = e;
                    } else if (batch.foundHere(member.manifest.backupId())) {
                        member.result = Result.PRESENT; // another copy wrote its manifest first
                    } else {
                        member.result = Result.COPIED;
                        bytes.addAndGet(member.manifest.storedSize());
                    }
                }
            }
        }

        private void done(BulkRunner.Outcome<Item, Result> outcome) {
            processed.incrementAndGet();
            if (outcome.failure() != null) {
                failed.incrementAndGet();
                Item item = outcome.item();
                BackupManifest m = item.manifest();
                LOG.warn("Backup {} was not copied: {}", item.backupId(), outcome.failure().toString());
                keep(new CopyFailure(item.backupId(), m == null ? null : m.objectName(),
                        m == null ? null : m.objectId(), outcome.failure()));
            }
            if (options.onProgress() != null) {
                options.onProgress().accept(new CopyProgress(processed.get(), copied.get(), skipped.get(),
                        shredded.get(), failed.get(), bytes.get()));
            }
        }

        private void keep(CopyFailure failure) {
            synchronized (failures) {
                if (failures.size() < options.maxFailuresKept()) {
                    failures.add(failure);
                }
            }
        }

        /**
         * Copies {@code m} alone (its parents are done) unless another worker is at it, then waits for it; the one
         * at it waits for no one. A selected backup's result is counted by its caller; a parent's copy is counted
         * here, and once more never.
         */
        private Result once(BackupManifest m, boolean selected) {
            String id = m.backupId();
            CompletableFuture<Result> mine = new CompletableFuture<>();
            CompletableFuture<Result> running = inFlight.putIfAbsent(id, mine);
            if (running != null) {
                if (!selected) {
                    join(running);
                    return Result.COUNTED;
                }
                return afterOther(id, running);
            }
            try {
                // Looked at only now, with the id held: a parent's worker marks its copy before it lets go.
                if (selected && copiedAhead.remove(id)) {
                    mine.complete(Result.COPIED);
                    return Result.COUNTED;
                }
                Result r = copyOne(m);
                if (!selected && r == Result.COPIED) {
                    copied.incrementAndGet();
                    copiedAhead.add(id);
                }
                mine.complete(r);
                return r;
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                inFlight.remove(id, mine);
            }
        }

        /** A selected backup another worker was copying: its result for this request, once that copy is done. */
        private Result afterOther(String id, CompletableFuture<Result> running) {
            Result r = join(running);
            // A parent's copy was counted by its worker; another selected request's copy (the same id listed
            // twice) by that request: this one found the backup there, as it would have one after the other.
            return copiedAhead.remove(id) ? Result.COUNTED : r == Result.COPIED ? Result.PRESENT : r;
        }

        /**
         * The backups {@code m} continues, root first (empty for a full backup): the destination never holds a delta
         * it cannot restore. A chain that leads back into itself (damaged manifests) is corrupt, as in a restore.
         */
        private List<BackupManifest> parents(BackupManifest m) {
            List<BackupManifest> links = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            seen.add(m.backupId());
            BackupManifest link = m;
            while (link.isDelta()) {
                String child = link.backupId();
                String parentId = link.parentBackupId();
                if (!seen.add(parentId)) {
                    throw new BackupCorruptedException(m.backupId(), List.of("backup " + child + " names parent "
                            + "backup " + parentId + ", which is already in its chain; not copied"));
                }
                UUID id;
                try {
                    id = UUID.fromString(parentId);
                } catch (IllegalArgumentException e) {
                    throw new BackupCorruptedException(m.backupId(), List.of("backup " + child + " names parent '"
                            + parentId + "', which is not a backup id; not copied"));
                }
                link = catalog.fromProvider(id).orElseThrow(() -> new BackupCorruptedException(m.backupId(),
                        List.of("parent backup " + parentId + " of backup " + child + " is missing at the source; "
                                + "not copied")));
                links.add(link);
            }
            Collections.reverse(links);
            return links;
        }

        private Result copyOne(BackupManifest m) {
            Result r = checked(m);
            if (r != null) {
                return r;
            }
            if (options.dryRun()) {
                wouldCopy.add(m.backupId());
            } else if (!imports.importBackup(m, out -> copyVerified(m, out))) {
                return Result.PRESENT; // imported by another copy just now
            }
            bytes.addAndGet(m.storedSize());
            return Result.COPIED;
        }

        /**
         * What becomes of {@code m} short of importing it: {@code PRESENT} if the destination holds it (its key
         * copied again, so a shred since reaches the copy), {@code SHREDDED} if its key is gone at the source;
         * otherwise its key is at the destination and {@code null}: it is to be imported.
         */
        private Result checked(BackupManifest m) {
            if (options.dryRun() && wouldCopy.contains(m.backupId())) {
                return Result.PRESENT;
            }
            // One the destination did not hold when listed is imported without a look: the import finds it there
            // if it came since (or lives in a pack there), and then writes nothing.
            boolean listedAbsent = presence != null && !presence.mayHold(m);
            Optional<BackupManifest> there = listedAbsent ? Optional.empty() : imports.imported(m);
            if (there.isPresent()) {
                requireSameBytes(m, there.get());
                if (m.encrypted()) {
                    // Its key too, so that a shred at the source since an earlier copy reaches this copy.
                    keys.copied(m);
                }
                return Result.PRESENT;
            }
            if (m.encrypted() && !keys.copied(m)) {
                // Not imported, so no import finds it there: a look tells one there (skipped) from one left behind.
                there = listedAbsent ? imports.imported(m) : Optional.empty();
                there.ifPresent(t -> requireSameBytes(m, t));
                return there.isPresent() ? Result.PRESENT : Result.SHREDDED;
            }
            return null;
        }

        private void requireSameBytes(BackupManifest m, BackupManifest there) {
            if (there.storedSize() != m.storedSize() || !there.sha256().equals(m.sha256())) {
                throw new ConflictException("the destination holds another backup " + m.backupId() + " ("
                        + there.storedSize() + " bytes, SHA-256 " + there.sha256() + ") than the source's ("
                        + m.storedSize() + " bytes, SHA-256 " + m.sha256() + ")");
            }
        }

        /** Streams the source's stored bytes into {@code out}, failing (so nothing is published) on a mismatch. */
        private void copyVerified(BackupManifest m, OutputStream out) throws IOException {
            Sha256.Sum sum;
            try (InputStream in = source.openArchive(BackupLocation.of(m))) {
                sum = Sha256.copy(in, out);
            }
            if (sum.size() != m.storedSize() || !sum.sha256().equals(m.sha256())) {
                throw new BackupCorruptedException(m.backupId(), List.of("its stored bytes at the source are "
                        + sum.size() + " bytes with SHA-256 " + sum.sha256() + ", its manifest says " + m.storedSize()
                        + " bytes with " + m.sha256() + "; not copied"));
            }
        }


    }

    private static Result join(CompletableFuture<Result> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
