package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.FileEventStore;
import io.esbackup.testkit.ReferenceBackupFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference library's backups in a folder ({@code file-reference:}) through the normal commands. */
class ReferenceBackupsCliTest {
    @TempDir
    Path dir;

    @Test
    void theReferencesBackupsAreListedShownValidatedRestoredAndCloned() throws IOException {
        ReferenceBackupFiles.write(dir.resolve("dotnet"));
        String backups = "file-reference:" + dir.resolve("dotnet");
        CliRun cli = new CliRun(dir);

        JsonNode listed = CliRun.oneDocument(cli.run("--backups", backups, "--json", "list", "--include-expired"));
        assertThat(listed).hasSize(2);
        CliRun.Result shown = cli.run("--backups", backups, "--json", "show", ReferenceBackupFiles.GZIPPED);
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(CliRun.oneDocument(shown).toString()).contains("before the migration").contains("reference");
        CliRun.Result valid = cli.run("--backups", backups, "validate", "--all");
        assertThat(valid.exitCode()).as(valid.out() + valid.err()).isZero();

        CliRun.Result restore = cli.run("--backups", backups, "--store", "esdata", "restore",
                ReferenceBackupFiles.GZIPPED);
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        ObjectDocument doc = new FileEventStore(dir.resolve("esdata")).readDocument("order", "o-1").orElseThrow()
                .document();
        assertThat(doc.active().currentStreamVersion()).isEqualTo(1);
        CliRun.Result clone = cli.run("--backups", backups, "--store", "esdata", "clone", ReferenceBackupFiles.PLAIN,
                "copy-2");
        assertThat(clone.exitCode()).as(clone.err()).isZero();
        assertThat(new FileEventStore(dir.resolve("esdata")).readDocument("order", "copy-2")).isPresent();
    }

    @Test
    void aBackupIntoTheReferencesFormatIsWrittenWhereTheReferenceLooksAndRecordedInItsRegistry() throws IOException {
        Aggregates.createMany(dir, "order", "o", 2);
        String backups = "file-reference:" + dir.resolve("out");
        CliRun cli = new CliRun(dir);
        CliRun.Result made = cli.run("--backups", backups, "--json", "backup-many", "order", "--all");
        assertThat(made.exitCode()).as(made.err()).isZero();
        JsonNode listed = CliRun.oneDocument(cli.run("--backups", backups, "--json", "list"));
        assertThat(listed).hasSize(2);
        String id = listed.get(0).path("backupId").asText();
        String objectId = listed.get(0).path("objectId").asText();
        assertThat(dir.resolve("out/migration-backups/backups/" + objectId + "/" + id + ".backup.json")).isRegularFile();
        assertThat(java.nio.file.Files.readString(dir.resolve("out/backup-registry/backup-registry.json")))
                .contains(id).contains("\"isCompressed\":true");
        assertThat(cli.run("--backups", backups, "validate", "--all").exitCode()).isZero();
    }
}
