package io.esbackup.bench;

import static io.esbackup.bench.Measurement.Kind.BASELINE;
import static io.esbackup.bench.Measurement.Kind.ESBACKUP;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One stream of N events (1,000,000, about 400 MB of JSON, by default) in a local store: esbackup's backup
 * and restore against reading the same files, zstd level 1 of the same bytes (the library, single thread,
 * and the {@code zstd} command) and {@code tar | zstd -1} of the store folder.
 */
final class BigStreamScenario implements Scenario {
    static final String NAME = "big-stream";
    /** The targets: backup at most 1.5x, restore at most 2x zstd -1 single-thread on the same bytes. */
    static final double BACKUP_TARGET = 1.5;
    static final double RESTORE_TARGET = 2.0;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Workspace w, BenchOptions options, Results r) {
        int events = options.events();
        Path store = w.bigStore(events);
        long bytes = Folders.size(store);
        ChildJvm jvm = w.jvm();

        w.log("%s: esbackup backup ...", NAME);
        Path backups = w.folder("big-backups");
        ProbeResult b = jvm.run("backup-stream", Map.of("store", store.toString(), "backups", backups.toString(),
                "objectId", StoreFixtures.BIG_STREAM_ID), Map.of());
        Measurement backup = r.add(b.measurement(NAME, "backup", ESBACKUP, bytes, "events",
                "BackupRestoreService.backupStream, zstd level 1, archive " + Views.mb(b.outputBytes())));
        w.log("%s: esbackup restore ...", NAME);
        Path restored = w.folder("big-restored");
        ProbeResult rs = jvm.run("restore-stream", Map.of("store", restored.toString(), "backups",
                backups.toString(), "backupId", b.detail()), Map.of());
        Measurement restore = r.add(rs.measurement(NAME, "restore", ESBACKUP, bytes, "events",
                "BackupRestoreService.restoreStream into an empty store, wrote " + Views.mb(Folders.size(restored))));

        w.log("%s: baselines ...", NAME);
        Measurement read = r.add(jvm.run("read-files", Map.of("dir", store.toString()), Map.of())
                .measurement(NAME, "read store files", BASELINE, bytes, "", "every file of the store, 64 KiB reads"));
        Path jniOut = w.file("big.zst");
        ProbeResult z = jvm.run("zstd-jni", Map.of("in", store.toString(), "out", jniOut.toString(), "level", "1"),
                Map.of());
        Measurement jni = r.add(z.measurement(NAME, "zstd-jni -1", BASELINE, bytes, "",
                "store files through one ZstdOutputStream, level 1, single thread, to " + Views.mb(z.outputBytes())));
        Measurement jniDecompress = r.add(jvm.run("zstd-jni-decompress", Map.of("in", jniOut.toString(), "out",
                w.file("big.json").toString()), Map.of()).measurement(NAME, "zstd-jni -d", BASELINE, bytes, "",
                "decompressing the level-1 output to a file"));

        Measurement command;
        Measurement commandDecompress;
        if (Shell.onPath("zstd")) {
            Path out = w.file("big-cmd.zst");
            List<String> zstd = new ArrayList<>(List.of("zstd", "-1", "--single-thread", "-q", "-c"));
            Folders.files(store).forEach(f -> zstd.add(f.toString()));
            command = r.add(seconds(Shell.time(zstd, out), "zstd -1 command", bytes,
                    "zstd -1 --single-thread -c FILES > OUT"));
            commandDecompress = r.add(seconds(Shell.time(List.of("zstd", "-d", "-q", "-c", out.toString()),
                    w.file("big-cmd.json")), "zstd -d command", bytes, "zstd -d -c OUT > FILE"));
        } else {
            command = r.add(Measurement.skipped(NAME, "zstd -1 command", BASELINE, "skipped: no zstd on the PATH"));
            commandDecompress = r.add(Measurement.skipped(NAME, "zstd -d command", BASELINE,
                    "skipped: no zstd on the PATH"));
        }
        Measurement tar = tarZstd(w, NAME, store, bytes);
        r.add(tar);

        // The same operations in a JVM that has already run them once: esbackup embedded in a service.
        w.log("%s: warm JVM ...", NAME);
        Path warmBackups = w.folder("big-warm-backups");
        ProbeResult wb = jvm.run("backup-stream", Map.of("store", store.toString(), "backups",
                warmBackups.toString(), "objectId", StoreFixtures.BIG_STREAM_ID, Probe.WARMUPS, "1"), Map.of());
        Measurement warmBackup = r.add(wb.measurement(NAME, "backup, warm JVM", ESBACKUP, bytes, "events",
                "as backup, measured after one backup in the same JVM; peak RSS is the JVM's over both"));
        Path warmRestored = w.folder("big-warm-restored");
        Measurement warmRestore = r.add(jvm.run("restore-stream", Map.of("store", warmRestored.resolve("{run}")
                        .toString(), "backups", warmBackups.toString(), "backupId", wb.detail(), Probe.WARMUPS, "1"),
                Map.of()).measurement(NAME, "restore, warm JVM", ESBACKUP, bytes, "events",
                "as restore, each run into an empty store of its own, measured after one in the same JVM"));
        Path warmJniOut = w.folder("big-warm-zst");
        Measurement warmJni = r.add(jvm.run("zstd-jni", Map.of("in", store.toString(), "out",
                warmJniOut.resolve("{run}.zst").toString(), "level", "1", Probe.WARMUPS, "1"), Map.of())
                .measurement(NAME, "zstd-jni -1, warm JVM", BASELINE, bytes, "",
                        "as zstd-jni -1, measured after one run in the same JVM"));

        r.compare(Comparison.ofTimes(backup, jni, BACKUP_TARGET));
        r.compare(Comparison.ofTimes(backup, command, BACKUP_TARGET));
        r.compare(Comparison.ofTimes(backup, tar, null));
        r.compare(Comparison.ofTimes(backup, read, null));
        r.compare(Comparison.ofTimes(restore, jni, RESTORE_TARGET));
        r.compare(Comparison.ofTimes(restore, command, RESTORE_TARGET));
        r.compare(Comparison.ofTimes(restore, jniDecompress, null));
        r.compare(Comparison.ofTimes(restore, commandDecompress, null));
        r.compare(Comparison.ofTimes(warmBackup, warmJni, null));
        r.compare(Comparison.ofTimes(warmRestore, warmJni, null));
        Folders.delete(backups);
        Folders.delete(restored);
        Folders.delete(warmBackups);
        Folders.delete(warmRestored);
        Folders.delete(warmJniOut);
    }

    private static Measurement seconds(double seconds, String operation, long bytes, String note) {
        return new Measurement(NAME, operation, BASELINE, seconds, bytes, 0, "", -1, -1, note);
    }

    /** {@code tar | zstd -1} of {@code store}, or a skipped row without the commands; for any scenario. */
    static Measurement tarZstd(Workspace w, String scenario, Path store, long bytes) {
        if (!Shell.onPath("zstd") || !Shell.onPath("tar")) {
            return Measurement.skipped(scenario, "tar | zstd -1", BASELINE, "skipped: needs tar and zstd on the PATH");
        }
        double s = Shell.tarZstd(store, w.file("store.tar.zst"));
        return new Measurement(scenario, "tar | zstd -1", BASELINE, s, bytes, 0, "", -1, -1,
                "tar -cf - -C STORE . | zstd -1 --single-thread");
    }
}
