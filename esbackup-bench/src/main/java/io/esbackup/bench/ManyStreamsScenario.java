package io.esbackup.bench;

import static io.esbackup.bench.Measurement.Kind.BASELINE;
import static io.esbackup.bench.Measurement.Kind.ESBACKUP;

import java.nio.file.Path;
import java.util.Map;

/**
 * N streams of 20 events (100,000 by default): bulk backup ({@code backupAll}) and bulk restore
 * ({@code restoreManyById} into an empty store) against a plain copy of each of the store's files into its
 * own file, with the same number of threads, and {@code tar | zstd -1} of the store folder.
 */
final class ManyStreamsScenario implements Scenario {
    static final String NAME = "many-streams";
    /** The target: at least 5,000 streams/s, or at least half the plain copy's rate. */
    static final double STREAMS_PER_SECOND = 5_000;
    static final double COPY_TIME_RATIO = 2.0;
    /** Issue #13's targets: a packed run at 10,000 streams/s and at least 0.3x tar | zstd -1 (1 / 0.3 = 3.33). */
    static final double PACKED_STREAMS_PER_SECOND = 10_000;
    static final double PACKED_TAR_TIME_RATIO = 3.33;
    /** An incremental run after 1% changed: at least 10x faster than the packed full run. */
    static final double INCREMENTAL_TIME_RATIO = 0.1;
    /** restore-many of a packed run into an empty store. */
    static final double PACKED_RESTORE_PER_SECOND = 3_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Workspace w, BenchOptions options, Results r) {
        int streams = options.manyStreams();
        Path store = w.manyStore(streams);
        long bytes = Folders.size(store);
        String threads = String.valueOf(BenchOptions.CONCURRENCY);
        ChildJvm jvm = w.jvm();

        w.log("%s: esbackup bulk backup of %,d streams ...", NAME, streams);
        Path backups = w.folder("many-backups");
        Measurement backup = r.add(jvm.run("backup-all", Map.of("store", store.toString(), "backups",
                backups.toString(), "concurrency", threads), Map.of()).measurement(NAME, "bulk backup", ESBACKUP,
                bytes, "streams", "BackupRestoreService.backupAll, " + threads + " at a time, backups "
                        + Views.mb(Folders.size(backups))));
        w.log("%s: esbackup bulk restore ...", NAME);
        Path restored = w.folder("many-restored");
        Measurement restore = r.add(jvm.run("restore-all", Map.of("store", restored.toString(), "backups",
                backups.toString(), "concurrency", threads), Map.of()).measurement(NAME, "bulk restore", ESBACKUP,
                bytes, "streams", "restoreManyById over every backup id, into an empty store, " + threads
                        + " at a time"));

        w.log("%s: esbackup packed bulk backup of %,d streams ...", NAME, streams);
        Path packs = w.folder("many-packs");
        Measurement packed = r.add(jvm.run("backup-all", Map.of("store", store.toString(), "backups",
                packs.toString(), "concurrency", threads, "pack", "true"), Map.of())
                .measurement(NAME, "packed bulk backup", ESBACKUP, bytes, "streams", "backupAll with pack, "
                        + threads + " at a time, backups " + Views.mb(Folders.size(packs)) + " in "
                        + Folders.count(packs) + " files"));
        // Incremental from the first run on, as a nightly job runs: with no parent yet, every backup is full, and
        // each records what the next run compares (a digest of its document and of its last event).
        Path nightly = w.folder("many-nightly");
        Measurement packedIncremental = r.add(jvm.run("backup-all", Map.of("store", store.toString(), "backups",
                nightly.toString(), "concurrency", threads, "pack", "true", "incremental", "true"), Map.of())
                .measurement(NAME, "packed incremental run, no parents yet", ESBACKUP, bytes, "streams",
                        "backupAll with pack and incremental: every backup full"));
        w.log("%s: esbackup bulk restore of the packed run ...", NAME);
        Path packRestored = w.folder("many-pack-restored");
        Measurement packRestore = r.add(jvm.run("restore-all", Map.of("store", packRestored.toString(), "backups",
                packs.toString(), "concurrency", threads), Map.of()).measurement(NAME, "bulk restore of the packed run",
                ESBACKUP, bytes, "streams", "restoreManyById over every packed backup id, into an empty store, "
                        + threads + " at a time"));

        int changed = w.changeEvery(store, streams, 100);
        w.log("%s: esbackup incremental packed run after %,d of %,d streams changed ...", NAME, changed, streams);
        long packsBefore = Folders.size(nightly);
        ProbeResult inc = jvm.run("backup-all", Map.of("store", store.toString(), "backups", nightly.toString(),
                "concurrency", threads, "pack", "true", "incremental", "true"), Map.of());
        Measurement incremental = r.add(inc.measurement(NAME, "incremental packed run, 1% changed", ESBACKUP, bytes,
                "streams", "backupAll with pack and incremental after one event was appended to every 100th stream: "
                        + inc.detail() + ", " + Views.mb(Folders.size(nightly) - packsBefore) + " written"));

        w.log("%s: baselines ...", NAME);
        Path copies = w.folder("many-copies");
        ProbeResult c = jvm.run("copy-each", Map.of("in", store.toString(), "out", copies.toString(),
                "concurrency", threads), Map.of());
        Measurement copy = r.add(new Measurement(NAME, "plain copy per file", BASELINE, c.seconds(), bytes,
                streams, "streams", c.heapPeakBytes(), c.rssPeakBytes(), "Files.copy of each stream's events file "
                + "and object document (" + c.items() + " files) into its own file, " + threads
                + " at a time, no fsync"));
        // Into a folder of its own, not the plain copy's emptied one: ext4 allocates inodes slowly for a while
        // after many files are deleted, and a baseline measured right after deleting 200,000 files pays for it.
        Path durableCopies = w.folder("many-durable-copies");
        ProbeResult d = jvm.run("copy-each", Map.of("in", store.toString(), "out", durableCopies.toString(),
                "concurrency", threads, "durable", "true"), Map.of());
        Measurement durable = r.add(new Measurement(NAME, "durable copy per file", BASELINE, d.seconds(), bytes,
                streams, "streams", d.heapPeakBytes(), d.rssPeakBytes(), "as the plain copy, then fsync of each "
                + "copy and of its folder, " + threads + " at a time"));
        Measurement tar = r.add(BigStreamScenario.tarZstd(w, NAME, store, bytes));

        Comparison vsCopy = Comparison.ofTimes(backup, copy, COPY_TIME_RATIO);
        if (backup.ran() && backup.itemsPerSecond() >= STREAMS_PER_SECOND) {
            vsCopy = new Comparison(NAME, vsCopy.subject(), vsCopy.baseline(), vsCopy.ratio(), vsCopy.target(),
                    Comparison.Verdict.PASS);
        }
        r.compare(new Comparison(NAME, vsCopy.subject(), vsCopy.baseline(), vsCopy.ratio(),
                vsCopy.target() + " or >= 5000 streams/s", vsCopy.verdict()));
        r.compare(Comparison.ofTimes(backup, durable, null));
        r.compare(Comparison.ofRates(packed, PACKED_STREAMS_PER_SECOND));
        r.compare(Comparison.ofTimes(packed, tar, PACKED_TAR_TIME_RATIO));
        r.compare(Comparison.ofTimes(packed, backup, null));
        r.compare(Comparison.ofRates(packRestore, PACKED_RESTORE_PER_SECOND));
        r.compare(Comparison.ofTimes(incremental, packed, INCREMENTAL_TIME_RATIO));
        r.compare(Comparison.ofTimes(incremental, packedIncremental, null));
        r.compare(Comparison.ofTimes(backup, tar, null));
        r.compare(Comparison.ofTimes(restore, copy, null));
        r.note(NAME, "each esbackup backup writes and fsyncs three files (archive, manifest, id pointer) and their "
                + "folders, and the new folder of its object in its parent; each restore two (events, object "
                + "document); the plain copy fsyncs nothing");
        Folders.delete(backups);
        Folders.delete(packs);
        Folders.delete(nightly);
        Folders.delete(packRestored);
        Folders.delete(restored);
        Folders.delete(copies);
        Folders.delete(durableCopies);
    }
}
