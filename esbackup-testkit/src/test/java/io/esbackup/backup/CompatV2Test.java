package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.json.Json;
import io.esbackup.store.InMemoryEventStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of format version 2 (packs, deltas in packs, a delta with a packed parent, a tombstone), written once
 * by {@link CompatV2FixtureWriter} into {@code src/test/resources/compat/v2}, are listed, found, validated and
 * restored to exactly what {@code expected.json} says. Never regenerated: a later version failing here broke
 * compatibility (STYLE habit 8).
 */
class CompatV2Test {
    @TempDir
    Path dir;
    private BackupRestoreService service;
    private JsonNode expected;

    @BeforeEach
    void copyFixture() throws IOException, URISyntaxException {
        Path source = Path.of(CompatV2Test.class.getResource(CompatV2.ROOT).toURI());
        Path backups = dir.resolve("backups");
        try (Stream<Path> files = Files.walk(source.resolve("backups"))) {
            for (Path p : files.toList()) {
                Path to = backups.resolve(source.resolve("backups").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        try (InputStream in = Files.newInputStream(source.resolve("expected.json"))) {
            expected = Json.readTree(in.readAllBytes());
        }
        service = BackupRestoreService.builder(new InMemoryEventStore(),
                new BlobBackupProvider(new LocalBlobStore(backups))).clock(new MutableClock(CompatV2.NOW)).build();
    }

    private List<JsonNode> backups() {
        List<JsonNode> all = new ArrayList<>();
        expected.path("backups").forEach(all::add);
        return all;
    }

    @Test
    void theFixtureHoldsPackedBackupsDeltasInPacksAndADeltaOfItsOwnWithAPackedParent() {
        List<JsonNode> all = backups();
        // 12 of the first run, 3 deltas and the 3 chunked streams (always in full) of the second, the delta of its
        // own, less the deleted one
        assertThat(all).hasSize(CompatV2.AGGREGATES + 3 + 3 + 1 - 1);
        assertThat(all).filteredOn(b -> b.path("location").asText().startsWith("packs/")).hasSize(all.size() - 1);
        assertThat(all).filteredOn(b -> !b.path("parentBackupId").isNull()).hasSize(4);
        JsonNode own = all.stream().filter(b -> b.path("location").asText().startsWith("backups/")).findFirst()
                .orElseThrow();
        assertThat(PackedId.of(UUID.fromString(own.path("parentBackupId").asText()))).isPresent();
    }

    @Test
    void everyLiveBackupIsListedFoundValidAndRestoresToWhatItHeldAndTheDeletedOneStaysDeleted() {
        List<JsonNode> all = backups();
        assertThat(service.listBackups()).extracting(h -> h.backupId().toString())
                .containsExactlyInAnyOrderElementsOf(all.stream().map(b -> b.path("backupId").asText()).toList());
        assertThat(service.getBackup(UUID.fromString(expected.path("deleted").asText()))).isEmpty();
        for (JsonNode b : all) {
            UUID id = UUID.fromString(b.path("backupId").asText());
            String what = b.toString();
            BackupHandle h = service.requireBackup(id);
            assertThat(h.objectId()).as(what).isEqualTo(b.path("objectId").asText());
            assertThat(h.streamVersion()).as(what).isEqualTo(b.path("streamVersion").asInt());
            assertThat(h.eventCount()).as(what).isEqualTo(b.path("eventCount").asLong());
            assertThat(h.location()).as(what).isEqualTo(b.path("location").asText());
            assertThat(h.manifest().parentBackupId()).as(what).isEqualTo(b.path("parentBackupId").isNull() ? null
                    : b.path("parentBackupId").asText());
            assertThat(service.validateBackup(id).problems()).as(what).isEmpty();

            InMemoryEventStore target = new InMemoryEventStore();
            BackupRestoreService.builder(target, service.provider()).build().restoreStream(h);
            ObjectDocument restored = Streams.document(target, h.objectName(), h.objectId());
            assertThat(restored.active().currentStreamVersion()).as(what).isEqualTo(b.path("streamVersion").asInt());
            assertThat(CompatV2.eventsSha256(target, restored)).as(what).isEqualTo(b.path("eventsSha256").asText());
            assertThat(restored.active().snapShots()).as(what).hasSize(b.path("snapshots").asInt());
        }
    }

    @Test
    void eachPackIndexSaysItsFormatAndVersionInItsFirstTwelveBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("backups/packs"))) {
            List<Path> indexes = files.filter(p -> p.toString().endsWith(".index")).toList();
            assertThat(indexes).hasSizeGreaterThanOrEqualTo(4);
            for (Path index : indexes) {
                byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(index), 12);
                assertThat(new String(head, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("ESBKPIDX");
                assertThat(java.nio.ByteBuffer.wrap(head, 8, 4).getInt()).isEqualTo(2);
            }
        }
    }
}
