package io.esbackup.bench;

import static io.esbackup.bench.Measurement.Kind.BASELINE;
import static io.esbackup.bench.Measurement.Kind.ESBACKUP;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code esbackup} command as its launcher starts it, against the plain JVM: wall time (JVM start and exit
 * included) and peak RSS of {@code esbackup backup} of one stream of N/10 and of N events, each run in a new
 * process. Three ways: the launcher's JVM options ({@link LauncherOptions}) with the class-data archive recorded
 * as the launcher records it, the same options without the archive, and {@code java} with no options at all.
 * Each run is repeated {@value #ROUNDS} times, the ways taking turns, and the median kept: one run of a
 * process this short says as much about the machine's other work as about the JVM.
 */
final class LauncherScenario implements Scenario {
    static final String NAME = "launcher";
    /** The target: with the launcher's settings, RSS for 1M events below 1.2x RSS for 100k events. */
    static final double RSS_TARGET = 1.2;
    static final int ROUNDS = 3;
    static final String COMMAND = "io.esbackup.cli.Main";

    /** One way of starting the command: a row name's prefix, its kind, its JVM options. */
    private record Way(String label, Measurement.Kind kind, List<String> jvmOptions) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Workspace w, BenchOptions options, Results r) {
        int large = options.events();
        int small = large / 10;
        Optional<List<String>> defaults = LauncherOptions.find(getClass().getClassLoader());
        if (defaults.isEmpty() || !onClassPath(COMMAND)) {
            for (String row : List.of(row("launcher", small), row("launcher", large))) {
                r.add(Measurement.skipped(NAME, row, ESBACKUP, "skipped: needs the esbackup command (" + COMMAND
                        + " and " + LauncherOptions.RESOURCE + ") on the class path, as esbackup bench has it"));
            }
            r.note(NAME, "skipped: the esbackup command is not on the class path; run it as esbackup bench");
            return;
        }
        Path smallStore = w.bigStore(small);
        Path largeStore = w.bigStore(large);
        Optional<Path> archive = recordArchive(w, NAME, defaults.get());

        List<Way> ways = new ArrayList<>();
        if (archive.isPresent()) {
            List<String> withArchive = new ArrayList<>(defaults.get());
            withArchive.add("-XX:SharedArchiveFile=" + archive.get());
            ways.add(new Way("launcher", ESBACKUP, withArchive));
        }
        ways.add(new Way("no CDS", ESBACKUP, defaults.get()));
        ways.add(new Way("plain JVM", BASELINE, List.of()));

        Map<String, List<ChildJvm.CommandRun>> runs = new LinkedHashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (int events : List.of(small, large)) {
                Path store = events == small ? smallStore : largeStore;
                for (Way way : ways) {
                    w.log("%s: round %d of %d, %s ...", NAME, round, ROUNDS, row(way.label(), events));
                    Path backups = w.folder("launcher-backups");
                    runs.computeIfAbsent(row(way.label(), events), k -> new ArrayList<>()).add(w.jvm().command(
                            NAME, way.jvmOptions(), COMMAND, List.of("--store", store.toString(), "--backups",
                                    backups.toString(), "-q", "backup", StoreFixtures.OBJECT_NAME,
                                    StoreFixtures.BIG_STREAM_ID)));
                    Folders.delete(backups);
                }
            }
        }
        Map<String, Measurement> rows = new LinkedHashMap<>();
        for (Way way : ways) {
            for (int events : List.of(small, large)) {
                String name = row(way.label(), events);
                rows.put(name, r.add(median(name, way, events, Folders.size(events == small ? smallStore
                        : largeStore), runs.get(name))));
            }
        }
        if (archive.isEmpty()) {
            for (int events : List.of(small, large)) {
                r.add(Measurement.skipped(NAME, row("launcher", events), ESBACKUP,
                        "skipped: no class-data archive could be recorded here (the run's log says why)"));
            }
        }
        compare(r, rows, small, large);
        r.note(NAME, "launcher: " + String.join(" ", defaults.get()) + " -XX:SharedArchiveFile=ARCHIVE (the "
                + "launcher's options, from " + LauncherOptions.RESOURCE + ", and an archive recorded as the launcher"
                + " records it: a demo run with -XX:ArchiveClassesAtExit); no CDS: the same options without the"
                + " archive; plain JVM: java with no options (the JDK's own class-data archive, G1, a heap of up to"
                + " a quarter of RAM). Each: esbackup -q backup in a new process; time is the process's wall time,"
                + " JVM start and exit included; the median of " + ROUNDS + " runs, the ways taking turns");
    }

    private static void compare(Results r, Map<String, Measurement> rows, int small, int large) {
        Measurement launcherSmall = rows.get(row("launcher", small));
        Measurement launcherLarge = rows.get(row("launcher", large));
        Measurement noCdsSmall = rows.get(row("no CDS", small));
        Measurement noCdsLarge = rows.get(row("no CDS", large));
        Measurement plainSmall = rows.get(row("plain JVM", small));
        Measurement plainLarge = rows.get(row("plain JVM", large));
        Measurement withDefaultsSmall = launcherSmall != null ? launcherSmall : noCdsSmall;
        Measurement withDefaultsLarge = launcherLarge != null ? launcherLarge : noCdsLarge;
        r.compare(ofRss(withDefaultsLarge, withDefaultsSmall, RSS_TARGET));
        r.compare(ofRss(plainLarge, plainSmall, null));
        r.compare(ofRss(withDefaultsLarge, plainLarge, null));
        r.compare(Comparison.ofTimes(withDefaultsLarge, plainLarge, null));
        r.compare(Comparison.ofTimes(withDefaultsSmall, plainSmall, null));
        if (launcherLarge != null) {
            r.compare(Comparison.ofTimes(launcherLarge, noCdsLarge, null));
            r.compare(Comparison.ofTimes(launcherSmall, noCdsSmall, null));
        }
    }

    /** RSS of {@code subject} against {@code baseline}; met when below {@code maxRatio} (null: information). */
    static Comparison ofRss(Measurement subject, Measurement baseline, Double maxRatio) {
        String target = maxRatio == null ? "" : "< " + maxRatio + "x";
        boolean known = subject.rssPeakBytes() > 0 && baseline.rssPeakBytes() > 0;
        double ratio = known ? (double) subject.rssPeakBytes() / baseline.rssPeakBytes() : Double.NaN;
        Comparison.Verdict verdict = !known ? Comparison.Verdict.SKIPPED : maxRatio == null ? Comparison.Verdict.INFO
                : ratio < maxRatio ? Comparison.Verdict.PASS : Comparison.Verdict.MISS;
        return new Comparison(subject.scenario(), subject.operation() + " (peak RSS)",
                baseline.operation() + " (peak RSS)", ratio, target, verdict);
    }

    /**
     * Records the class-data archive the launcher would (a demo run of the command with the launcher's options
     * and -XX:ArchiveClassesAtExit), and checks that a JVM maps it; empty, with a note, when this JDK or this
     * class path cannot have one (a class path with folders, as in a build's tests, cannot).
     */
    static Optional<Path> recordArchive(Workspace w, String scenario, List<String> defaults) {
        Path dir = w.folder("cds");
        Path archive = dir.resolve("esbackup.jsa");
        w.log("%s: recording a class-data archive with a demo run ...", scenario);
        try {
            List<String> record = new ArrayList<>(defaults);
            record.add("-XX:ArchiveClassesAtExit=" + archive);
            record.addAll(ChildJvm.classPathOption());
            record.addAll(List.of(COMMAND, "--store", dir.resolve("esdata").toString(), "--backups",
                    dir.resolve("esbackups").toString(), "-q", "demo"));
            w.jvm().program("record-cds", record);
            List<String> check = new ArrayList<>(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive));
            check.addAll(ChildJvm.classPathOption());
            check.add("-version");
            w.jvm().program("check-cds", check);
            return Optional.of(archive);
        } catch (IllegalStateException e) {
            w.log("%s: no class-data archive: %s", scenario, e.getMessage());
            return Optional.empty();
        }
    }

    private static Measurement median(String name, Way way, int events, long bytes, List<ChildJvm.CommandRun> runs) {
        return new Measurement(NAME, name, way.kind(), middle(runs.stream().mapToDouble(ChildJvm.CommandRun::seconds)
                .toArray()), bytes, events, "events", (long) middle(runs.stream().mapToDouble(
                ChildJvm.CommandRun::heapPeakBytes).toArray()), (long) middle(runs.stream().mapToDouble(
                ChildJvm.CommandRun::rssPeakBytes).toArray()), "esbackup backup in a new JVM, " + way.label()
                + ": median of " + runs.size() + " runs, JVM start and exit included");
    }

    private static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String row(String label, int events) {
        return String.format(Locale.ROOT, "%s, %,d events", label, events);
    }

    static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, LauncherScenario.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
