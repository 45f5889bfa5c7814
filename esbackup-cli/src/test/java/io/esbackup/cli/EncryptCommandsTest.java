package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.crypto.Keysets;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup --encrypt, --keyset, ESBACKUP_KEYSET, validate and restore of encrypted backups, shred: exit codes, text. */
class EncryptCommandsTest {
    @TempDir
    Path dir;

    final String keyset = Keysets.newKeysetJson();
    Map<String, String> variables = Map.of();
    private CliRun cli;

    /** Runs the command line with {@link #variables} as its environment. */
    CliRun.Result run(String... args) {
        if (cli == null) {
            cli = new CliRun(dir);
        }
        return cli.variables(variables).run(args);
    }

    List<CliRun.Result> all() {
        return cli == null ? List.of() : cli.all();
    }

    Path keysetFile(String json) throws IOException {
        Path f = dir.resolve("keyset-" + all().size() + ".json");
        Files.writeString(f, json);
        return f;
    }

    String backupId(CliRun.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return CliRun.oneDocument(r).path("backupId").asText();
    }

    /** Everything under the backups folder, as text. */
    String backupsText() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir.resolve("esbackups"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                sb.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return sb.toString();
    }

    @Test
    void anEncryptedBackupRestoresWithTheKeysetFromAFileOrTheEnvironment() throws Exception {
        Aggregates.create(dir, "order", "A-1", 5);
        Path file = keysetFile(keyset);
        String id = backupId(run("--json", "--keyset", file.toString(), "backup", "order", "A-1", "--encrypt"));
        assertThat(backupsText()).doesNotContain("ItemAdded");

        CliRun.Result restored = run("--keyset", file.toString(), "clone", id, "A-2");
        assertThat(restored.exitCode()).as(restored.err()).isZero();
        variables = Map.of("ESBACKUP_KEYSET", keyset);
        CliRun.Result valid = run("--json", "validate", id);
        assertThat(valid.exitCode()).as(valid.err()).isZero();
        assertThat(CliRun.oneDocument(valid).get(0).path("contentChecked").asBoolean()).isTrue();
        CliRun.Result show = run("--json", "show", id);
        assertThat(show.exitCode()).isZero();
        var details = CliRun.oneDocument(show);
        assertThat(details.path("encrypted").asBoolean()).isTrue();
        assertThat(details.path("encryption").path("algorithm").asText()).isEqualTo("AES256_GCM_HKDF_1MB");
        assertThat(details.path("encryption").path("dataKey").asText()).isEqualTo("keys/order/A-1.key");
        assertThat(run("show", id).out()).contains("encrypted                  true");

        // list says which backups are encrypted, in its lines and its JSON; a plain one is not
        String plain = backupId(run("--json", "backup", "order", "A-1"));
        CliRun.Result list = run("list");
        assertThat(list.out().lines().filter(l -> l.startsWith(id))).singleElement().asString()
                .endsWith("order/A-1  (encrypted)");
        assertThat(list.out().lines().filter(l -> l.startsWith(plain))).singleElement().asString()
                .endsWith("order/A-1");
        var listed = CliRun.oneDocument(run("--json", "list"));
        assertThat(listed).hasSize(2);
        for (var b : listed) {
            assertThat(b.path("encrypted").asBoolean()).as(b.toString()).isEqualTo(b.path("backupId").asText()
                    .equals(id));
        }
    }

    @Test
    void withoutAKeysetValidateChecksIntegrityAndRestoreExitsTwoNamingTheVariableAndOption() throws Exception {
        Aggregates.create(dir, "order", "A-1", 5);
        variables = Map.of("ESBACKUP_KEYSET", keyset);
        String id = backupId(run("--json", "backup", "order", "A-1", "--encrypt"));
        variables = Map.of();

        CliRun.Result valid = run("validate", id);
        assertThat(valid.exitCode()).as(valid.err()).isZero();
        assertThat(valid.out()).contains("content not checked");
        JsonNode report = CliRun.oneDocument(run("--json", "validate", id)).get(0);
        assertThat(report.path("valid").asBoolean()).isTrue();
        assertThat(report.path("contentChecked").asBoolean()).isFalse();

        CliRun.Result restore = run("clone", id, "A-2");
        assertThat(restore.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(restore.err()).contains("ESBACKUP_KEYSET").contains("--keyset");
        CliRun.Result backup = run("backup", "order", "A-1", "--encrypt");
        assertThat(backup.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(backup.err()).contains("ESBACKUP_KEYSET");
    }

    @Test
    void anotherKeysetOrATamperedArchiveExitsThree() throws Exception {
        Aggregates.create(dir, "order", "A-1", 40);
        Path file = keysetFile(keyset);
        String id = backupId(run("--json", "--keyset", file.toString(), "backup", "order", "A-1", "--encrypt"));
        CliRun.Result wrong = run("--keyset", keysetFile(Keysets.newKeysetJson()).toString(), "clone", id, "A-2");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
        assertThat(wrong.err()).contains("does not decrypt with the given keyset");

        Path archive;
        try (Stream<Path> files = Files.walk(dir.resolve("esbackups/backups"))) {
            archive = files.filter(f -> f.getFileName().toString().equals(id + ".json")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length - 20] ^= 0x10;
        Files.write(archive, bytes);
        CliRun.Result tampered = run("--keyset", file.toString(), "validate", id);
        assertThat(tampered.exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
        assertThat(tampered.out()).contains("INVALID");
    }

    @Test
    void shredNeedsYesThenMakesOnlyThatAggregatesBackupsUnreadable() throws Exception {
        Aggregates.create(dir, "order", "A-1", 3);
        Aggregates.create(dir, "order", "B-1", 3);
        Path file = keysetFile(keyset);
        String a = backupId(run("--json", "--keyset", file.toString(), "backup", "order", "A-1", "--encrypt"));
        String b = backupId(run("--json", "--keyset", file.toString(), "backup", "order", "B-1", "--encrypt"));

        CliRun.Result unconfirmed = run("shred", "order", "A-1");
        assertThat(unconfirmed.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unconfirmed.err()).contains("--yes");
        assertThat(run("--keyset", file.toString(), "validate", a).exitCode()).isZero();

        CliRun.Result shred = run("--json", "shred", "order", "A-1", "--yes");
        assertThat(shred.exitCode()).as(shred.err()).isZero();
        assertThat(CliRun.oneDocument(shred).path("keyDestroyed").asBoolean()).isTrue();

        CliRun.Result restoreA = run("--keyset", file.toString(), "clone", a, "A-2");
        assertThat(restoreA.exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
        assertThat(restoreA.err()).contains("shredded");
        CliRun.Result validateA = run("--keyset", file.toString(), "validate", a);
        assertThat(validateA.exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
        assertThat(validateA.out()).contains("shredded");
        CliRun.Result keylessA = run("validate", a); // the key's absence needs no keyset to see
        assertThat(keylessA.exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
        assertThat(keylessA.out()).contains("shredded");
        assertThat(run("validate", b).exitCode()).isZero();
        CliRun.Result restoreB = run("--keyset", file.toString(), "clone", b, "B-2");
        assertThat(restoreB.exitCode()).as(restoreB.err()).isZero();
    }

    @Test
    void backupManyEncryptsPackedEntriesAndWithoutAKeysetStopsAtOnceWithTwo() throws Exception {
        Aggregates.createMany(dir, "order", "P", 4);
        CliRun.Result none = run("backup-many", "order", "--all", "--pack", "--encrypt");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("ESBACKUP_KEYSET").contains("--keyset");
        assertThat(Files.exists(dir.resolve("esbackups/packs"))).isFalse();

        variables = Map.of("ESBACKUP_KEYSET", keyset);
        CliRun.Result packed = run("--json", "backup-many", "order", "--all", "--pack", "--encrypt");
        assertThat(packed.exitCode()).as(packed.err()).isZero();
        assertThat(backupsText()).doesNotContain("ItemAdded");
        CliRun.Result valid = run("validate", "--all");
        assertThat(valid.exitCode()).as(valid.err()).isZero();
        assertThat(valid.out().lines().filter(l -> l.endsWith("valid"))).hasSize(4);
    }

    @Test
    void restoreManyWithoutAKeysetExitsTwoNamingIt() throws Exception {
        Aggregates.create(dir, "order", "A-1", 3);
        Aggregates.create(dir, "order", "B-1", 3);
        Path file = keysetFile(keyset);
        String a = backupId(run("--json", "--keyset", file.toString(), "backup", "order", "A-1", "--encrypt"));
        String b = backupId(run("--json", "--keyset", file.toString(), "backup", "order", "B-1", "--encrypt"));
        CliRun.Result none = run("restore-many", a, b, "--overwrite");
        assertThat(none.exitCode()).as(none.out() + none.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("ESBACKUP_KEYSET").contains("--keyset");
        CliRun.Result with = run("--keyset", file.toString(), "restore-many", a, b, "--overwrite");
        assertThat(with.exitCode()).as(with.out() + with.err()).isZero();
    }

    @Test
    void theReferenceFormatRefusesEncryption() throws Exception {
        Aggregates.create(dir, "order", "A-1", 3);
        CliRun.Result r = run("--keyset", keysetFile(keyset).toString(), "--backups",
                "file-reference:" + dir.resolve("ref"), "backup", "order", "A-1", "--encrypt");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("cannot hold encrypted backups");
    }

    @Test
    void keyMaterialIsNeverPrinted() throws Exception {
        Aggregates.create(dir, "order", "A-1", 3);
        String secret = Json.readTree(keyset.getBytes(StandardCharsets.UTF_8)).path("key").get(0)
                .path("keyData").path("value").asText();
        assertThat(secret).hasSizeGreaterThan(20);
        Path file = keysetFile(keyset);
        String id = backupId(run("--json", "--verbose", "--keyset", file.toString(), "backup", "order", "A-1",
                "--encrypt"));
        run("--verbose", "--keyset", file.toString(), "validate", id);
        run("--verbose", "--keyset", file.toString(), "clone", id, "A-9");
        run("--verbose", "--json", "show", id);
        run("--verbose", "--keyset", keysetFile(Keysets.newKeysetJson()).toString(), "clone", id, "A-10");
        // A keyset that is not one, given as the variable: the message names the variable, not its text.
        variables = Map.of("ESBACKUP_KEYSET", keyset.substring(0, keyset.length() / 2));
        CliRun.Result broken = run("--verbose", "clone", id, "A-11");
        assertThat(broken.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(broken.err()).contains("ESBACKUP_KEYSET is not a Tink keyset");
        for (CliRun.Result r : all()) {
            assertThat(r.out() + r.err()).doesNotContain(secret).doesNotContain(keyset.substring(0, 60));
        }
        assertThat(backupsText()).doesNotContain(secret);
    }
}
