package io.esbackup.bench;

import static io.esbackup.bench.Measurement.Kind.BASELINE;
import static io.esbackup.bench.Measurement.Kind.ESBACKUP;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import io.esbackup.azure.AzureBlobBackupProvider;
import io.esbackup.azure.AzureClients;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.blob.LocalBlobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code esbackup copy --to} of N committed backups (10,000 by default; {@code --streams} sets N) from a local
 * backups folder, run as a user runs it ({@link CopyCommandRunner}), against copying the same files without
 * esbackup in the same run: to another folder against {@code cp -r} of the same files (and, for information,
 * {@code Files.copy} of each file with the same threads, and that copy made durable); to an Azure container against
 * the raw SDK's create-only upload of each file with the same threads. Every copy is checked complete before it
 * counts.
 */
final class CopyScenario implements Scenario {
    static final String NAME = "copy";
    /** Issue #19: to a folder at least 0.5x the rate of a plain recursive copy (cp -r): at most 2x its time. */
    static final double FOLDER_TIME_TARGET = 2.0;
    /** Issue #19: to Azure at least 0.8x the raw SDK upload's rate, that is at most 1.25x its time. */
    static final double AZURE_TIME_TARGET = 1.25;
    /** Copies to a folder take seconds, short enough for the machine's other work to move one run: the median. */
    static final int FOLDER_ROUNDS = 3;
    /** Copies to Azure take a minute or more at the default size: two, the sides taking turns. */
    static final int AZURE_ROUNDS = 2;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Workspace w, BenchOptions options, Results r) {
        int backups = options.copyBackups();
        Path store = w.manyStore(backups);
        Path source = w.folder("copy-source");
        w.log("%s: backing up %,d streams for the source (not measured) ...", NAME, backups);
        ProbeResult made = w.jvm().run("backup-all", Map.of("store", store.toString(), "backups", source.toString(),
                "concurrency", String.valueOf(BenchOptions.CONCURRENCY)), Map.of());
        CopyTree tree = CopyTree.of(source);
        if (tree.backupIds().size() != backups) {
            throw new IllegalStateException("the source holds " + tree.backupIds().size() + " backups, not " + backups);
        }
        r.note(NAME, String.format(Locale.ROOT, "source: %,d backups of streams of %d generated events, made with "
                + "BackupRestoreService.backupAll in %.1f s (not measured): %,d files, %s; each row copies those "
                + "files, and MB/s is of their bytes", backups, StoreFixtures.EVENTS_PER_STREAM, made.seconds(),
                tree.files(), Views.mb(tree.bytes())));
        CopyCommandRunner esbackup = CopyCommandRunner.find(w);
        toFolder(w, r, tree, store, esbackup);
        toAzure(w, options, r, tree, store, esbackup);
        Folders.delete(source);
    }

    private void toFolder(Workspace w, Results r, CopyTree tree, Path store, CopyCommandRunner esbackup) {
        String threads = String.valueOf(BenchOptions.CONCURRENCY);
        Path source = tree.root();
        int backups = tree.backupIds().size();
        Map<String, List<Sample>> runs = new LinkedHashMap<>();
        List<Path> copies = new ArrayList<>();
        String checked = "";
        int validated = 0;
        for (int round = 1; round <= FOLDER_ROUNDS; round++) {
            w.log("%s: round %d of %d to a folder: esbackup copy ...", NAME, round, FOLDER_ROUNDS);
            Path to = folder(w, copies, "copy-esbackup");
            CopyCommandRunner.Run run = esbackup.copy("copy-to-folder", store, source, "file:" + to,
                    BenchOptions.CONCURRENCY, Map.of());
            requireAll(run.copied(), tree);
            checked = tree.checkFolder(to);
            validated = tree.validate(new BlobBackupProvider(new LocalBlobStore(to)), every(backups, 100));
            add(runs, "esbackup", new Sample(run.seconds(), run.copySeconds(), run.heapPeakBytes(),
                    run.rssPeakBytes()));

            w.log("%s: round %d of %d to a folder: plain copies ...", NAME, round, FOLDER_ROUNDS);
            Path plain = folder(w, copies, "copy-plain");
            add(runs, "plain", sample(w.jvm().run("copy-each", Map.of("in", source.toString(), "out",
                    plain.toString(), "concurrency", threads), Map.of()), () -> tree.checkFolder(plain)));
            Path cp = folder(w, copies, "copy-cp");
            List<String> command = new ArrayList<>(List.of("cp", "-r"));
            CopyTree.FOLDERS.forEach(f -> command.add(source.resolve(f).toString()));
            command.add(cp.toString());
            double cpSeconds = Shell.time(command, w.file("cp-out.txt"));
            tree.checkFolder(cp);
            add(runs, "cp", new Sample(cpSeconds, cpSeconds, -1, -1));
            Path durable = folder(w, copies, "copy-durable");
            add(runs, "durable", sample(w.jvm().run("copy-each", Map.of("in", source.toString(), "out",
                    durable.toString(), "concurrency", threads, "durable", "true"), Map.of()),
                    () -> tree.checkFolder(durable)));
        }
        String median = " (median of " + FOLDER_ROUNDS + " runs, taking turns)";
        Sample e = median(runs.get("esbackup"));
        // Each run's time too: a copy of small files moves with the state of the disk (BENCHMARKS.md, "Copies").
        r.note(NAME, "to a folder, each round in turn: esbackup " + times(runs.get("esbackup")) + "; cp -r "
                + times(runs.get("cp")) + "; plain copy per file " + times(runs.get("plain")) + "; durable copy "
                + times(runs.get("durable")));
        Measurement copy = r.add(row("copy to a folder", ESBACKUP, e, tree, esbackup.how() + ", --concurrency "
                + threads + median + "; the copy's own time " + seconds(e.copySeconds()) + "; " + checked
                + ", and " + validated + " backups validated in full at the copy"));
        Measurement cp = r.add(row("cp -r", BASELINE, median(runs.get("cp")), tree, "cp -r backups backup-index "
                + "DEST, one process, no fsync, process start included" + median));
        Measurement plain = r.add(row("plain copy per file", BASELINE, median(runs.get("plain")), tree,
                "Files.copy of each file into its own file, " + threads + " at a time, no fsync" + median));
        Measurement durable = r.add(row("durable copy per file", BASELINE, median(runs.get("durable")), tree,
                "as the plain copy, then fsync of each copy and of its folder, " + threads + " at a time" + median));
        r.compare(withTarget(Comparison.ofTimes(copy, cp, FOLDER_TIME_TARGET), ">= 0.5x its backups/s"));
        r.compare(Comparison.ofTimes(copy, plain, null));
        r.compare(Comparison.ofTimes(copy, durable, null));
        r.note(NAME, "to a folder the target is held against cp -r: the plain recursive copy a user would run "
                + "instead, of exactly the files esbackup copies, paying its process start as esbackup pays the "
                + "JVM's, and the fastest plain copy here (more threads do not make a copy of small files faster "
                + "on this disk: compare the plain copy per file); esbackup writes each backup as three create-only "
                + "writes (id pointer, archive, manifest), each published by a hard link from a temporary file, with "
                + "the archive streamed through a SHA-256 check, and made durable in groups of up to 64 backups "
                + "per worker (a syncfs, then an fsync of each file and folder for its own write-back error, the "
                + "manifests content first), where cp fsyncs nothing; the durable copy shows what fsyncs cost a "
                + "plain copy");
        copies.forEach(Folders::delete);
    }

    private void toAzure(Workspace w, BenchOptions options, Results r, CopyTree tree, Path store,
                         CopyCommandRunner esbackup) {
        if (options.azureConnectionString() == null) {
            r.add(Measurement.skipped(NAME, "copy to Azure", ESBACKUP, "skipped: no Azure account"));
            r.note(NAME, "to Azure skipped: no Azure account; set AZURE_STORAGE_CONNECTION_STRING or give "
                    + "--azure-connection-string (bench/azurite.sh starts a local Azurite)");
            return;
        }
        String threads = String.valueOf(BenchOptions.CONCURRENCY);
        String run = UUID.randomUUID().toString().substring(0, 8);
        BlobServiceClient client = AzureClients.fromConnectionString(options.azureConnectionString());
        Map<String, String> env = Map.of(ProbeOperations.AZURE_VARIABLE, options.azureConnectionString());
        Map<String, List<Sample>> runs = new LinkedHashMap<>();
        String checked = "";
        String rawChecked = "";
        int validated = 0;
        for (int round = 1; round <= AZURE_ROUNDS; round++) {
            // Taking turns, the baseline first and then last: Azurite slows as it holds more blobs, so each side
            // gets an earlier and a later turn.
            for (String way : round % 2 == 1 ? List.of("raw", "esbackup") : List.of("esbackup", "raw")) {
                BlobContainerClient container = client.getBlobContainerClient("esbench-" + run + "-" + round + "-"
                        + way);
                container.create();
                try {
                    if (way.equals("raw")) {
                        w.log("%s: round %d of %d to Azure: raw SDK upload of %,d files ...", NAME, round,
                                AZURE_ROUNDS, tree.files());
                        ProbeResult u = w.jvm().run("azure-upload-files", Map.of("dir", tree.root().toString(),
                                "container", container.getBlobContainerName(), "concurrency", threads), env);
                        rawChecked = tree.checkContainer(container, every(tree.files(), 1000));
                        add(runs, way, new Sample(u.seconds(), u.seconds(), u.heapPeakBytes(), u.rssPeakBytes()));
                        continue;
                    }
                    w.log("%s: round %d of %d to Azure: esbackup copy ...", NAME, round, AZURE_ROUNDS);
                    CopyCommandRunner.Run c = esbackup.copy("copy-to-azure", store, tree.root(), "azure://"
                            + container.getBlobContainerName(), BenchOptions.CONCURRENCY, env);
                    requireAll(c.copied(), tree);
                    checked = tree.checkContainer(container, every(tree.files(), 1000));
                    validated = tree.validate(new AzureBlobBackupProvider(client, container.getBlobContainerName()),
                            every(tree.backupIds().size(), 100));
                    add(runs, way, new Sample(c.seconds(), c.copySeconds(), c.heapPeakBytes(), c.rssPeakBytes()));
                } finally {
                    container.deleteIfExists();
                }
            }
        }
        String median = " (mean of " + AZURE_ROUNDS + " runs, taking turns)";
        Sample e = median(runs.get("esbackup"));
        Measurement copy = r.add(row("copy to Azure", ESBACKUP, e, tree, esbackup.how() + ", --concurrency "
                + threads + median + "; the copy's own time " + seconds(e.copySeconds()) + "; " + checked + ", and "
                + validated + " backups validated in full at the copy"));
        Measurement upload = r.add(row("raw SDK upload of the files", BASELINE, median(runs.get("raw")), tree,
                "BlobClient.upload of each file's bytes to the blob of its name, create-only, " + threads
                        + " at a time" + median + "; " + rawChecked));
        r.compare(withTarget(Comparison.ofTimes(copy, upload, AZURE_TIME_TARGET), ">= 0.8x its backups/s"));
        r.note(NAME, "to Azure esbackup lists the container's manifests once (one request per 5,000), then "
                + "each backup not there costs it three requests (pointer, archive, manifest, each create-only), "
                + "as the raw upload makes three");
    }

    /** One run's figures: its wall time, esbackup's own copy time in it, its peaks (-1 where unknown). */
    private record Sample(double seconds, double copySeconds, long heapPeakBytes, long rssPeakBytes) {}

    private static Sample sample(ProbeResult p, Supplier<String> check) {
        check.get();
        return new Sample(p.seconds(), p.seconds(), p.heapPeakBytes(), p.rssPeakBytes());
    }

    private static void add(Map<String, List<Sample>> runs, String way, Sample s) {
        runs.computeIfAbsent(way, k -> new ArrayList<>()).add(s);
    }

    private static Sample median(List<Sample> samples) {
        return new Sample(middle(samples.stream().mapToDouble(Sample::seconds).toArray()),
                middle(samples.stream().mapToDouble(Sample::copySeconds).toArray()),
                (long) middle(samples.stream().mapToDouble(Sample::heapPeakBytes).toArray()),
                (long) middle(samples.stream().mapToDouble(Sample::rssPeakBytes).toArray()));
    }

    private static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Measurement row(String operation, Measurement.Kind kind, Sample s, CopyTree tree, String note) {
        return new Measurement(NAME, operation, kind, s.seconds(), tree.bytes(), tree.backupIds().size(), "backups",
                s.heapPeakBytes(), s.rssPeakBytes(), note);
    }

    /** The time ratio's target, with the rate it stands for (a time ratio of at most 2x is at least 0.5x the rate). */
    private static Comparison withTarget(Comparison c, String rate) {
        return new Comparison(c.scenario(), c.subject(), c.baseline(), c.ratio(), c.target() + " (" + rate + ")",
                c.verdict());
    }

    private static void requireAll(long copied, CopyTree tree) {
        if (copied != tree.backupIds().size()) {
            throw new IllegalStateException("esbackup copy reported " + copied + " backups copied, not "
                    + tree.backupIds().size());
        }
    }

    /** The step that checks about {@code samples} of {@code count} files or backups. */
    private static int every(int count, int samples) {
        return Math.max(1, count / samples);
    }

    private static Path folder(Workspace w, List<Path> copies, String hint) {
        Path dir = w.folder(hint);
        copies.add(dir);
        return dir;
    }

    private static String times(List<Sample> samples) {
        return samples.stream().map(x -> String.format(Locale.ROOT, "%.2f", x.seconds()))
                .collect(java.util.stream.Collectors.joining(", ", "", " s"));
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }
}
