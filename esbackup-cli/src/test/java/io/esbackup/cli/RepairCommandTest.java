package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue #19 on the command line: {@code --backups} pointing at a plain file copy of {@code backups/} alone works
 * (list, show, validate with a warning, clone, delete), and {@code repair} recreates the pointers, with its exit
 * codes: 0 when every pointer is right, 3 when one disagrees with its manifest, 1 when one cannot be written.
 */
class RepairCommandTest {
    @TempDir
    Path dir;

    CliRun cli;
    Path copy;
    List<String> ids;

    @BeforeEach
    void backUpAndCopyOnlyBackups() throws IOException {
        Aggregates.createMany(dir, "order", "o", 3);
        cli = new CliRun(dir);
        assertThat(cli.run("--quiet", "backup-many", "order", "--all").exitCode()).isZero();
        copy = dir.resolve("copy");
        copyTree(dir.resolve("esbackups/backups"), copy.resolve("backups"));
        ids = new ArrayList<>();
        CliRun.oneDocument(cli.run("--json", "list")).forEach(b -> ids.add(b.path("backupId").asText()));
        assertThat(ids).hasSize(3);
    }

    @Test
    void theCopyWorksWithWarningsAndRepairRecreatesTheOriginalsPointers() throws IOException {
        assertThat(CliRun.oneDocument(run("--json", "list"))).hasSize(3);
        CliRun.Result shown;
        List<ILoggingEvent> logged = logged(() -> run("show", ids.get(0)));
        shown = lastRun;
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains(ids.get(0));
        assertThat(logged).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains(ids.get(0), "has no id pointer", "esbackup repair");
        });

        CliRun.Result validate = run("validate", "--all");
        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).contains(ids.get(0) + "  3 events  valid", "  warning: its id pointer is missing",
                "3 backups with warnings");
        JsonNode reports = CliRun.oneDocument(run("--json", "validate", ids.get(1)));
        assertThat(reports.get(0).path("valid").asBoolean()).isTrue();
        assertThat(reports.get(0).path("warnings").get(0).asText()).contains("id pointer is missing");
        CliRun.Result clone = run("clone", ids.get(2), "o-clone");
        assertThat(clone.exitCode()).as(clone.err()).isZero();

        CliRun.Result dry = run("repair", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Checked the id pointers of 3 backups:", "missing        3 (dry run",
                "already right  0");
        assertThat(copy.resolve("backup-index")).doesNotExist();

        CliRun.Result repaired = run("--json", "repair");
        assertThat(repaired.exitCode()).as(repaired.err()).isZero();
        JsonNode report = CliRun.oneDocument(repaired);
        assertThat(report.path("dryRun").asBoolean()).isFalse();
        assertThat(report.path("manifestsScanned").asLong()).isEqualTo(3);
        assertThat(report.path("recreated").asLong()).isEqualTo(3);
        assertThat(report.path("disagreements")).isEmpty();
        assertThat(files(copy.resolve("backup-index"))).isEqualTo(files(dir.resolve("esbackups/backup-index")));

        CliRun.Result again = run("repair");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out().strip()).isEqualTo("Nothing to repair: all 3 backups have their id pointers.");
        assertThat(run("validate", "--all").out()).doesNotContain("warning");
        CliRun.Result deleted = run("delete", ids.get(0));
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(files(copy).keySet()).noneMatch(f -> f.contains(ids.get(0)));
    }

    @Test
    void aPointerThatDisagreesExitsWith3AndOneThatCannotBeWrittenWith1() throws IOException {
        Path index = Files.createDirectories(copy.resolve("backup-index"));
        String elsewhere = "{\"objectName\":\"order\",\"objectId\":\"o-9\",\"location\":null}";
        Files.writeString(index.resolve(ids.get(0)), elsewhere);

        CliRun.Result disagrees = run("repair");

        assertThat(disagrees.exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
        assertThat(disagrees.out()).contains("recreated      2", "disagreeing    1", "disagrees  " + ids.get(0));
        assertThat(disagrees.err()).contains(ids.get(0), "its id pointer names order/o-9",
                "repair never overwrites a pointer");
        assertThat(Files.readString(index.resolve(ids.get(0)))).isEqualTo(elsewhere);
        CliRun.Result validate = run("validate", "--all");
        assertThat(validate.exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
        assertThat(validate.out()).contains(ids.get(0) + "  3 events  INVALID: its id pointer names order/o-9");

        // A pointer that cannot be written: a folder stands where it belongs.
        Files.delete(index.resolve(ids.get(0)));
        Files.delete(index.resolve(ids.get(1)));
        Files.createDirectories(index.resolve(ids.get(1)).resolve("in-the-way"));
        CliRun.Result failed = run("--json", "repair");
        assertThat(failed.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(failed.err()).contains("1 id pointer could not be checked or written", ids.get(1),
                "run repair again");
        JsonNode report = CliRun.oneDocument(failed);
        assertThat(report.path("recreated").asLong()).isEqualTo(1);
        assertThat(report.path("failures").get(0).path("backupId").asText()).isEqualTo(ids.get(1));
    }

    @Test
    void rebuildingARegistryOverTheCopyRecreatesThePointersAndSaysSo() throws IOException {
        CliRun.Result rebuilt = run("--registry", dir.resolve("registry").toString(), "registry", "rebuild");

        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.out()).contains("3 backups recorded", "3 missing id pointers recreated");
        assertThat(files(copy.resolve("backup-index"))).isEqualTo(files(dir.resolve("esbackups/backup-index")));
    }

    @Test
    void repairOfBackupsThatKeepNoPointersIsAUsageError() {
        CliRun.Result r = cli.run("--backups", "file-reference:" + dir.resolve("dotnet"), "repair");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("keep no id pointers", "nothing to repair");
    }

    // ---- helpers

    private CliRun.Result lastRun;

    private CliRun.Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--backups";
        all[1] = copy.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        lastRun = cli.run(all);
        return lastRun;
    }

    /** What the lookup of a backup without its pointer logs while {@code action} runs. */
    private static List<ILoggingEvent> logged(Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger("io.esbackup.backup.PointerLookup");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list;
    }

    /** A plain recursive file copy: no esbackup involved. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                out.put(root.relativize(p).toString(), new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
