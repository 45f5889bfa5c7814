package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5, suite 5 (bad input) through the command line: each case exits with the documented code (2 for
 * usage, 4 for an unknown backup, 1 for a location that cannot be written) and one stderr line naming the
 * option or argument, prints nothing on stdout, and writes nothing: every path under the working directory
 * (store, backups and everything else), with each file's size and content hash, is the same before and after.
 *
 * <p>The tests run as root, so a folder made read-only with chmod would still be written. The unwritable
 * backups folder is therefore one whose parent is a regular file: no user can create it.
 */
class BadInputCliTest {
    private static final String KB4 = "a".repeat(4096);
    private static final String MB1 = "a".repeat(1 << 20);
    private static final String UNKNOWN = "00000000-0000-4000-8000-000000000001";
    private static final String BACKUP = "{backup}";

    @TempDir
    Path dir;
    private CliRun cli;
    private String backupId;

    @BeforeEach
    void oneOrderBackedUp() throws IOException {
        cli = new CliRun(dir);
        Aggregates.create(dir, "order", "A-1", 3);
        CliRun.Result r = cli.run("--json", "backup", "order", "A-1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        backupId = CliRun.oneDocument(r).path("backupId").asText();
        Files.writeString(dir.resolve("a-file"), "not a folder");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                usage("blank ID", "objectId", "backup", "order", " "),
                usage("empty ID", "objectId", "backup", "order", ""),
                usage("4 KB ID", "objectId", "backup", "order", KB4),
                usage("1 MB ID", "objectId", "backup", "order", MB1),
                usage(".. ID", "objectId", "backup", "order", ".."),
                usage("/ in ID", "objectId", "backup", "order", "../../etc"),
                usage("\\ in ID", "objectId", "backup", "order", "a\\b"),
                usage("NUL in ID", "objectId", "backup", "order", "a\0b"),
                usage("newline in ID", "objectId", "backup", "order", "a\nb"),
                usage("ESC in ID", "objectId", "backup", "order", "a\u001b[2Jb"),
                usage(".. NAME", "objectName", "backup", "..", "A-1"),
                usage("/ in NAME", "objectName", "backup", "or/der", "A-1"),
                usage("NUL in NAME", "objectName", "backup", "or\0der", "A-1"),
                usage("4 KB NAME", "objectName", "backup", KB4, "A-1"),
                usage(".. NEW_ID", "newObjectId", "clone", BACKUP, ".."),
                usage("/ in NEW_ID", "newObjectId", "clone", BACKUP, "a/b"),
                usage("\\ in NEW_ID", "newObjectId", "clone", BACKUP, "a\\b"),
                usage("NUL in NEW_ID", "newObjectId", "clone", BACKUP, "a\0b"),
                usage("TAB in NEW_ID", "newObjectId", "clone", BACKUP, "a\tb"),
                usage("4 KB NEW_ID", "newObjectId", "clone", BACKUP, KB4),
                usage("blank NEW_ID", "newObjectId", "clone", BACKUP, " "),
                usage("malformed UUID (restore)", "BACKUP_ID", "restore", "not-a-uuid"),
                usage("malformed UUID (show)", "BACKUP_ID", "show", "1234"),
                usage("malformed UUID (clone)", "BACKUP_ID", "clone", "zzzzzzzz-0000-4000-8000-000000000001", "B-1"),
                usage("malformed UUID (delete)", "BACKUP_ID", "delete", UNKNOWN.substring(1)),
                usage("malformed UUID (validate)", "BACKUP_ID", "validate", "00000000-0000-4000-8000-0000000000012"),
                notFound("unknown backup id (restore)", "restore", UNKNOWN, "--overwrite"),
                notFound("unknown backup id (show)", "show", UNKNOWN),
                notFound("unknown backup id (clone)", "clone", UNKNOWN, "B-1"),
                notFound("unknown backup id (validate)", "validate", UNKNOWN),
                notFound("unknown backup id (delete)", "delete", UNKNOWN),
                usage("negative retention", "--retention", "backup", "order", "A-1", "--retention", "-5m"),
                usage("zero retention", "--retention", "backup", "order", "A-1", "--retention", "0s"),
                usage("concurrency 0", "--concurrency", "backup-many", "order", "--all", "--concurrency", "0"),
                usage("shard not K/N", "--shard", "backup-many", "order", "--all", "--shard", "2"),
                usage("shard K = N", "--shard", "backup-many", "order", "--all", "--shard", "3/3"),
                usage("shard N = 0", "--shard", "cleanup", "--shard", "0/0"),
                usage("shard N too large", "--shard", "validate", "--all", "--shard", "0/65537"),
                usage("shard of backup ids", "--shard", "validate", BACKUP, "--shard", "0/2"),
                usage("concurrency 10,000", "--concurrency",
                        "backup-many", "order", "--all", "--concurrency", "10000"),
                usage("tag with empty key", "tag", "backup", "order", "A-1", "--tag", "=v"),
                usage("tag with blank key", "tag", "backup", "order", "A-1", "--tag", " =v"),
                usage("unknown compression", "--compression", "backup", "order", "A-1", "--compression", "lz4"),
                usage("unknown store scheme", "--store", "--store", "ftp://host/esdata", "backup", "order", "A-1"),
                usage("unknown backups scheme", "--backups", "--backups", "gs://bucket/x", "backup", "order", "A-1"),
                usage("store folder that is a file", "--store",
                        "--store", "file:./a-file", "backup", "order", "A-1"),
                usage("backups folder that is a file", "--backups",
                        "--backups", "file:./a-file", "backup", "order", "A-1"),
                Arguments.of("backups folder that cannot be created (its parent is a file)", 1,
                        "failed: Not a directory", new String[] {"--backups", "file:./a-file/backups", "backup",
                                "order", "A-1"}));
    }

    private static Arguments usage(String name, String mentions, String... args) {
        return Arguments.of(name, ExitCodes.USAGE, mentions, args);
    }

    private static Arguments notFound(String name, String... args) {
        return Arguments.of(name, ExitCodes.NOT_FOUND, UNKNOWN, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithAClearErrorAndNothingWritten(String name, int exitCode, String mentions, String[] args)
            throws IOException {
        String[] resolved = Arrays.stream(args).map(a -> a.equals(BACKUP) ? backupId : a).toArray(String[]::new);
        List<String> before = listing(dir);

        CliRun.Result r = cli.run(resolved);

        assertThat(r.exitCode()).as("%s: %s", name, r.err()).isEqualTo(exitCode);
        if (!args[0].equals("validate")) { // validate reports each backup it was given, found or not
            assertThat(r.out()).as(name).isEmpty();
        }
        assertThat(r.err()).as(name).startsWith("esbackup: ").contains(mentions);
        assertThat(r.err().length()).as("%s: the message stays short", name).isLessThan(2000);
        assertThat(listing(dir)).as(name).isEqualTo(before);
        assertThat(cli.run("validate", backupId).exitCode()).isZero();
    }

    @Test
    void aBackupsFolderInsideAFileFailsNamingTheKeyTheReasonAndTheFile() {
        CliRun.Result r = cli.run("--backups", "file:./a-file/backups", "backup", "order", "A-1");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err().strip()).matches("esbackup: writing blob backup-index/[0-9a-f-]{36} failed: "
                + "Not a directory \\(" + Pattern.quote(dir.resolve("a-file").toString()) + "/backups/backup-index/"
                + "\\.esb-tmp-[0-9a-f-]{36}\\)");
    }

    /** Every path under {@code root}, with the size and content hash of each file. */
    static List<String> listing(Path root) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted().forEach(p -> {
                try {
                    all.add(root.relativize(p) + (Files.isRegularFile(p)
                            ? " " + Files.size(p) + " " + Arrays.hashCode(Files.readAllBytes(p)) : "/"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return all;
    }
}
