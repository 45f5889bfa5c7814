package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code esbackup} launcher, run as a user runs it, in a copy of the repository's layout that holds the
 * launcher, its options file and the jars `package` built, and no sources (so it has nothing to build): its JVM
 * defaults and how ESBACKUP_JAVA_OPTS overrides them, the class-data archive it records, uses, and survives
 * without, and {@code esbackup bench} with the bench jar it adds.
 */
class LauncherIT {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String OPTIONS = "esbackup-cli/src/main/resources/io/esbackup/cli/jvm.options";
    private static final Pattern FLAG = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+=\\s+(\\S+)", Pattern.MULTILINE);

    @TempDir
    Path dir;
    Path repo;
    Path work;

    @BeforeEach
    void layOutTheRepository() throws IOException {
        repo = dir.resolve("repo");
        work = Files.createDirectories(dir.resolve("work"));
        copy(REPO.resolve("esbackup"), repo.resolve("esbackup"));
        copy(REPO.resolve(OPTIONS), repo.resolve(OPTIONS));
        copy(RunnableJarIT.JAR, repo.resolve("esbackup-cli/target/esbackup-all.jar"));
        copy(RunnableJarIT.benchJar(), repo.resolve("esbackup-bench/target/esbackup-bench.jar"));
        // As after a build: the sources older than the jars, else the launcher would build them again; and the
        // jars in the past, so that an archive the first run records is newer than them however fast it runs.
        long now = System.currentTimeMillis();
        try (java.util.stream.Stream<Path> all = Files.walk(repo)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(now - 60_000));
            }
        }
        Files.setLastModifiedTime(repo.resolve("esbackup-cli/target/esbackup-all.jar"), FileTime.fromMillis(now - 30_000));
        Files.setLastModifiedTime(repo.resolve("esbackup-bench/target/esbackup-bench.jar"),
                FileTime.fromMillis(now - 30_000));
    }

    @Test
    void theFirstRunRecordsAClassDataArchiveAndLaterRunsMapIt() throws Exception {
        Processes.Result first = launch(Map.of(), "--version");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("esbackup ");
        assertThat(first.err()).contains("recording a class-data archive");
        assertThat(archives()).hasSize(1);

        // Classes the JVM maps from the archive are logged as coming from the top-layer "shared objects file".
        Processes.Result second = launch(Map.of("ESBACKUP_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).doesNotContain("recording");
        assertThat(second.out()).containsPattern("io\\.esbackup\\.cli\\.Main source: shared objects file \\(top\\)");
    }

    @Test
    void anArchiveOlderThanTheJarIsRecordedAgain() throws Exception {
        assertThat(launch(Map.of(), "--version").exitCode()).isZero();
        Path jar = repo.resolve("esbackup-cli/target/esbackup-all.jar");
        Files.setLastModifiedTime(archives().get(0), FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() - 60_000));
        Processes.Result r = launch(Map.of(), "--version");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("recording a class-data archive");
        assertThat(Files.getLastModifiedTime(archives().get(0))).isGreaterThan(Files.getLastModifiedTime(jar));
    }

    @Test
    void anArchiveThatDoesNotFitIsLeftAloneAndStdoutStaysClean() throws Exception {
        assertThat(launch(Map.of(), "--version").exitCode()).isZero();
        Path archive = archives().get(0);
        archive.toFile().setWritable(true);
        Files.writeString(archive, "not an archive");
        Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis() + 120_000));
        Processes.Result r = launch(Map.of(), "--json", "list");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("[ ]");
    }

    @Test
    void theDefaultsAreASmallHeapTheSerialCollectorAndTheQuickCompiler() throws Exception {
        Map<String, String> flags = flags(Map.of("ESBACKUP_JAVA_OPTS", "-XX:+PrintFlagsFinal"));
        assertThat(flags).containsEntry("MaxHeapSize", String.valueOf(256L << 20)).containsEntry("MaxNewSize",
                String.valueOf(32L << 20)).containsEntry("UseSerialGC", "true").containsEntry("UseG1GC", "false")
                .containsEntry("TieredStopAtLevel", "1");
    }

    @Test
    void optionsInEsbackupJavaOptsWinOverTheDefaultsCollectorIncluded() throws Exception {
        Map<String, String> flags = flags(Map.of("ESBACKUP_JAVA_OPTS",
                "-Xmx300m -XX:TieredStopAtLevel=4 -XX:+UseG1GC -XX:+PrintFlagsFinal"));
        assertThat(flags).containsEntry("MaxHeapSize", String.valueOf(300L << 20)).containsEntry("UseG1GC", "true")
                .containsEntry("UseSerialGC", "false").containsEntry("TieredStopAtLevel", "4");
    }

    @Test
    void benchRunsWithTheBenchJarAndComparesTheLaunchersSettingsWithThePlainJvm() throws Exception {
        Processes.Result r = launch(Map.of(), "--json", "bench", "--scenario", "launcher", "--events", "300",
                "--dir", work.resolve("bench").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode report = Json.tree(r.out().getBytes(StandardCharsets.UTF_8));
        List<String> ran = new ArrayList<>();
        report.path("measurements").forEach(m -> {
            assertThat(m.path("ran").asBoolean()).as(m.toString()).isTrue();
            assertThat(m.path("seconds").asDouble()).isPositive();
            assertThat(m.path("rssPeakBytes").asLong()).isGreaterThan(m.path("heapPeakBytes").asLong() / 4);
            ran.add(m.path("operation").asText());
        });
        assertThat(ran).containsExactly("launcher, 30 events", "launcher, 300 events", "no CDS, 30 events",
                "no CDS, 300 events", "plain JVM, 30 events", "plain JVM, 300 events");
        JsonNode target = report.path("comparisons").get(0);
        assertThat(target.path("subject").asText()).isEqualTo("launcher, 300 events (peak RSS)");
        assertThat(target.path("target").asText()).isEqualTo("< 1.2x");
        assertThat(target.path("verdict").asText()).isIn("PASS", "MISS");
        assertThat(report.path("notes").get(0).asText()).contains("-Xmx256m", "-XX:SharedArchiveFile");
    }

    private Map<String, String> flags(Map<String, String> environment) throws Exception {
        Processes.Result r = launch(environment, "--version");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, String> flags = new HashMap<>();
        Matcher m = FLAG.matcher(r.out());
        while (m.find()) {
            flags.put(m.group(1), m.group(2));
        }
        return flags;
    }

    private Processes.Result launch(Map<String, String> environment, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(environment);
        // The JDK that runs the tests, whatever java is on the PATH, and none of the caller's own options.
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putIfAbsent("ESBACKUP_JAVA_OPTS", "");
        List<String> command = new ArrayList<>(List.of(repo.resolve("esbackup").toString(), "--store",
                work.resolve("esdata").toString(), "--backups", work.resolve("esbackups").toString()));
        command.addAll(List.of(args));
        return Processes.run(work, env, command);
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(repo.resolve("esbackup-cli/target/cds"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
}
