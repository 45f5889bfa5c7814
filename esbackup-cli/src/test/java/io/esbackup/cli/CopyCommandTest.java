package io.esbackup.cli;

import static io.esbackup.cli.CliRun.oneDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code esbackup copy}: between folders, again (skipping), by ids, a dry run, a corrupt source, usage errors. */
class CopyCommandTest {
    @TempDir
    Path dir;
    private CliRun cli;
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void threeOrdersBackedUp() throws IOException {
        cli = new CliRun(dir);
        Aggregates.createMany(dir, "order", "o", 3);
        for (String id : List.of("o-1", "o-2", "o-3")) {
            CliRun.Result r = cli.run("--json", "backup", "order", id);
            assertThat(r.exitCode()).as(r.err()).isZero();
            ids.add(oneDocument(r).path("backupId").asText());
        }
    }

    private JsonNode ok(CliRun.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return oneDocument(r);
    }

    /** Every backup's id with its size and checksum, as {@code list --json} prints them from {@code backups}. */
    private Map<String, String> listed(String backups) throws IOException {
        JsonNode list = ok(cli.run("--backups", backups, "--json", "list"));
        Map<String, String> out = new TreeMap<>();
        list.forEach(b -> out.put(b.path("backupId").asText(), b.path("sizeBytes").asText()));
        return out;
    }

    private static long files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void copiesEveryBackupThenSkipsThemAndTheCopyValidatesAndRestores() throws IOException {
        JsonNode first = ok(cli.run("--json", "copy", "--to", "file:./dr"));
        assertThat(first.path("copied").asInt()).isEqualTo(3);
        assertThat(first.path("skipped").asInt()).isZero();
        assertThat(first.path("failed").asInt()).isZero();
        assertThat(first.path("bytesCopied").asLong()).isPositive();
        assertThat(first.path("to").asText()).endsWith("dr");
        assertThat(listed("file:./dr")).isEqualTo(listed("file:./esbackups"));

        JsonNode valid = ok(cli.run("--backups", "file:./dr", "--json", "validate", "--all"));
        assertThat(StreamSupport.stream(valid.spliterator(), false).map(v -> v.path("valid").asBoolean()))
                .hasSize(3).containsOnly(true);
        ok(cli.run("--backups", "file:./dr", "--json", "clone", ids.get(0), "o-9"));

        CliRun.Result again = cli.run("copy", "--to", "file:./dr");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("Copied 0 backups").contains("3 already there");
    }

    @Test
    void aDryRunWritesNothing() throws IOException {
        CliRun.Result dry = cli.run("copy", "--to", "file:./dr", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).startsWith("Would copy 3 backups");
        assertThat(files(dir.resolve("dr"))).isZero();
    }

    @Test
    void idsFromStandardInputWithALineThatIsNotAnIdCopyTheOthersAndExitOne() throws IOException {
        CliRun.Result r = cli.stdin(ids.get(1) + "\nnot-an-id\n" + ids.get(2) + "\n")
                .run("--json", "copy", "--to", "file:./dr", "--ids", "-");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        JsonNode json = oneDocument(r);
        assertThat(json.path("copied").asInt()).isEqualTo(2);
        assertThat(json.path("failed").asInt()).isEqualTo(1);
        assertThat(json.path("processed").asInt()).as("every line, the one that is not an id too").isEqualTo(3);
        assertThat(json.path("failures").get(0).path("error").asText()).isEqualTo("MalformedBackupId");
        assertThat(listed("file:./dr").keySet()).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
    }

    @Test
    void aCorruptSourceArchiveIsReportedByIdAndNotCopied() throws IOException {
        Path archive;
        try (Stream<Path> all = Files.walk(dir.resolve("esbackups/backups"))) {
            archive = all.filter(p -> p.getFileName().toString().equals(ids.get(0) + ".json")).findFirst()
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(archive, bytes);

        CliRun.Result r = cli.run("copy", "--to", "file:./dr");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).contains("Copied 2 backups").contains("1 failed:").contains(ids.get(0))
                .contains("SHA-256");
        assertThat(listed("file:./dr").keySet()).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        assertThat(r.err()).contains("run copy again");
    }

    @Test
    void backupsItselfIsRefusedHoweverItIsWritten() throws IOException {
        String absolute = dir.resolve("esbackups").toAbsolutePath().toString();
        for (String to : List.of("esbackups/", "./esbackups/.", "file:esbackups/", absolute, "file:" + absolute,
                "file://" + dir.resolve("esbackups").toAbsolutePath().toUri().getPath(), "dr/../esbackups")) {
            CliRun.Result r = cli.run("copy", "--to", to);
            assertThat(r.exitCode()).as("%s: %s", to, r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(to).contains("--to is --backups itself");
        }
        CliRun.Result other = cli.run("--backups", absolute + "/", "copy", "--to", "file:./esbackups");
        assertThat(other.exitCode()).as(other.err()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aBadDestinationAccountIsNamedWhereItCameFromAndNeverShown() {
        String bad = "DefaultEndpointsProtocol=http;AccountName=x;AccountKey=bm90LWEta2V5;Bogus";
        CliRun.Result byOption = cli.run("copy", "--to", "azure://dr-copy", "--to-azure-connection-string", bad);
        assertThat(byOption.exitCode()).as(byOption.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(byOption.err()).contains("from --to-azure-connection-string");

        CliRun.Result byVariable = cli.variables(Map.of(CopyCommand.TO_AZURE_VARIABLE, bad))
                .run("copy", "--to", "azure://dr-copy");
        assertThat(byVariable.exitCode()).as(byVariable.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(byVariable.err()).contains("from " + CopyCommand.TO_AZURE_VARIABLE)
                .doesNotContain("--to-azure-connection-string");
        for (CliRun.Result r : List.of(byOption, byVariable)) {
            assertThat(r.out() + r.err()).doesNotContain("bm90LWEta2V5").doesNotContain("AccountKey");
        }
    }

    @Test
    void usageErrorsNameTheOptionAndWriteNothing() throws IOException {
        String[][] cases = {
            {"copy"},
            {"copy", "--to", "file:./esbackups"},
            {"copy", "--to", "./esbackups"},
            {"copy", "--to", "file:./dr", "--object-id", "o-1"},
            {"copy", "--to", "file:./dr", "--ids", "-", "--since", "2024-01-01"},
            {"copy", "--to", "nosuch://x"},
            {"copy", "--to", "file:./dr", "--concurrency", "0"},
            {"copy", "--to", "file-reference:./ref"},
        };
        String[] mentions = {"--to", "--to", "--to", "--object-name", "--ids", "--to", "--concurrency",
            "destination"};
        for (int i = 0; i < cases.length; i++) {
            CliRun.Result r = cli.run(cases[i]);
            assertThat(r.exitCode()).as("%s: %s", String.join(" ", cases[i]), r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(String.join(" ", cases[i])).startsWith("esbackup: ").contains(mentions[i]);
        }
        assertThat(files(dir.resolve("dr"))).isZero();
    }
}
