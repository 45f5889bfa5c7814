package io.esbackup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.archive.ArchiveFormat;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.ValidationReport;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.ShreddedException;
import io.esbackup.store.InMemoryEventStore;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format-version-3 fixtures ({@link CompatV3FixtureWriter}): every encrypted backup written then restores with
 * its keyset, event for event, validates in full with it and for integrity without it; the shredded one stays
 * shredded. {@code compat/v3} was written before incremental manifests were sealed (their digests in the clear),
 * {@code compat/v3-sealed} after, by the same writer.
 */
class CompatV3Test {
    @TempDir
    Path dir;

    final InMemoryEventStore store = new InMemoryEventStore();
    String keyset;

    void copyFixtures(String fixtures) throws IOException, URISyntaxException {
        Path from = Path.of(getClass().getResource("/compat/" + fixtures).toURI());
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path to = dir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        keyset = Files.readString(dir.resolve("keyset.json"));
    }

    BackupRestoreService service(boolean withKeyset) {
        var b = BackupRestoreService.builder(store, new BlobBackupProvider(new LocalBlobStore(dir.resolve("backups"))));
        return (withKeyset ? b.encryption(new TinkEncryption(Keysets.parse(keyset, "fixture keyset"))) : b).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3", "v3-sealed"})
    void everyEncryptedBackupRestoresEventForEvent(String fixtures) throws Exception {
        copyFixtures(fixtures);
        BackupRestoreService service = service(true);
        List<BackupHandle> all = service.listBackups();
        assertThat(all).hasSize(6);
        Map<String, Integer> newest = Map.of("o-1", 15, "p-0", 3, "p-1", 4, "p-2", 5);
        for (BackupHandle h : all) {
            if (h.objectId().equals("s-1")) {
                assertThatThrownBy(() -> service.restoreToNewStream(h, "s-copy"))
                        .isInstanceOf(ShreddedException.class).hasMessageContaining("shredded");
                continue;
            }
            String copy = h.objectId() + "-" + h.eventCount() + "-" + h.backupId().toString().substring(0, 8);
            service.restoreToNewStream(h, copy);
            int expected = h.parentBackupId() == null && h.objectId().equals("o-1") ? 10 : newest.get(h.objectId());
            List<String> payloads = Aggregates.readAll(store, copy).stream().map(e -> e.payload().text()).toList();
            List<String> written = new ArrayList<>();
            Aggregates.events(h.objectId(), 0, expected).forEachRemaining(e -> written.add(e.payload().text()));
            assertThat(payloads).as("backup %s of %s", h.backupId(), h.objectId()).isEqualTo(written);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3", "v3-sealed"})
    void validationIsFullWithTheKeysetAndIntegrityOnlyWithout(String fixtures) throws Exception {
        copyFixtures(fixtures);
        Map<String, ValidationReport> full;
        try (Stream<ValidationReport> s = service(true).validateAll()) {
            full = s.collect(Collectors.toMap(r -> r.backupId().toString(), Function.identity()));
        }
        assertThat(full).hasSize(6);
        for (BackupHandle h : service(true).listBackups()) {
            ValidationReport r = full.get(h.backupId().toString());
            if (h.objectId().equals("s-1")) {
                assertThat(String.join(" ", r.problems())).contains("shredded");
            } else {
                assertThat(r.problems()).as(h.objectId()).isEmpty();
                assertThat(r.contentChecked()).isTrue();
            }
        }
        try (Stream<ValidationReport> s = service(false).validateAll()) {
            List<ValidationReport> keyless = s.toList();
            assertThat(keyless).hasSize(6).allSatisfy(r -> assertThat(r.contentChecked()).isFalse());
            for (BackupHandle h : service(false).listBackups()) {
                ValidationReport r = keyless.stream().filter(v -> v.backupId().equals(h.backupId())).findFirst()
                        .orElseThrow();
                if (h.objectId().equals("s-1")) {
                    // the key is gone and its tombstone there: that needs no keyset to see
                    assertThat(String.join(" ", r.problems())).contains("shredded");
                } else {
                    assertThat(r.problems()).as(h.objectId()).isEmpty();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3", "v3-sealed"})
    void theFixturesAreFormatVersionThree(String fixtures) throws Exception {
        copyFixtures(fixtures);
        try (Stream<Path> metas = Files.walk(dir.resolve("backups/backups"))) {
            for (Path m : metas.filter(p -> p.toString().endsWith(".meta")).toList()) {
                String meta = Files.readString(m);
                assertThat(meta).contains("\"formatVersion\":" + ArchiveFormat.ENCRYPTED_VERSION)
                        .contains("\"algorithm\":\"AES256_GCM_HKDF_1MB\"");
                if (m.toString().contains("/o-1/")) { // the incremental chain
                    assertThat(meta).contains(fixtures.equals("v3") ? "\"lastEventSha256\"" : "\"sealedChain\"");
                }
            }
        }
    }

    /**
     * The sealed fixtures' seals open as FORMAT.md section 20 says, with Tink alone: the data key object unwrapped
     * by the keyset, the base64 decrypted by its streaming AEAD with {@code esbackup-manifest} NUL backup id NUL
     * object name NUL object id, to the compact JSON of the four members in their order.
     */
    @Test
    void aSealOpensAsTheFormatSays() throws Exception {
        copyFixtures("v3-sealed");
        var kek = Keysets.parse(keyset, "fixture keyset").getPrimitive(
                com.google.crypto.tink.RegistryConfiguration.get(), com.google.crypto.tink.Aead.class);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var key = mapper.readTree(dir.resolve("backups/keys/Order/o-1.key").toFile());
        var dataKey = com.google.crypto.tink.TinkJsonProtoKeysetFormat.parseEncryptedKeyset(key.get("keyset")
                .asText(), kek, "esbackup-data-key\0Order\0o-1".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .getPrimitive(com.google.crypto.tink.RegistryConfiguration.get(),
                        com.google.crypto.tink.StreamingAead.class);
        List<Path> metas;
        try (Stream<Path> all = Files.list(dir.resolve("backups/backups/Order/o-1"))) {
            metas = all.filter(p -> p.toString().endsWith(".meta")).toList();
        }
        assertThat(metas).hasSize(2);
        for (Path meta : metas) {
            var manifest = mapper.readTree(meta.toFile());
            byte[] sealed = java.util.Base64.getDecoder().decode(manifest.get("sealedChain").asText());
            byte[] associated = ("esbackup-manifest\0" + manifest.get("backupId").asText() + "\0Order\0o-1")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] plain;
            try (var in = dataKey.newDecryptingStream(new java.io.ByteArrayInputStream(sealed), associated)) {
                plain = in.readAllBytes();
            }
            var seen = mapper.readTree(plain);
            assertThat(seen.fieldNames()).toIterable().containsExactly("lastEventSha256", "streamFingerprint",
                    "documentSha256", "documentEtag");
            assertThat(seen.get("lastEventSha256").asText()).matches("[0-9a-f]{64}");
            assertThat(seen.get("documentSha256").asText()).matches("[0-9a-f]{64}");
            assertThat(new String(plain, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(mapper
                    .writeValueAsString(seen)); // compact
            assertThat(manifest.has("lastEventSha256")).isFalse();
        }
    }

    /** A chain written with its digests in the clear is continued by a delta that seals its own. */
    @Test
    void aChainWrittenBeforeSealsIsContinuedByASealedDelta() throws Exception {
        copyFixtures("v3");
        Aggregates.create(store, "o-1", 10);
        Aggregates.append(store, "o-1", 5);
        BackupRestoreService service = service(true);
        BackupOptions incremental = BackupOptions.builder().encrypt(true).incremental(true).build();
        Aggregates.append(store, "o-1", 2);

        BackupHandle delta = service.backupStream("Order", "o-1", incremental);

        // The fixtures' two backups share one instant; the tie goes to the first id, the root (ParentLookup).
        // Continuing it means its clear lastEventSha256 matched the stored event 9.
        assertThat(delta.parentBackupId()).isEqualTo("94339789-23c8-4b9c-83f0-cc243cd8cac1");
        assertThat(delta.eventCount()).isEqualTo(7);
        assertThat(Files.readString(dir.resolve("backups/backups/Order/o-1/" + delta.backupId() + ".meta")))
                .contains("\"sealedChain\"").doesNotContain("lastEventSha256");
        service.restoreToNewStream(delta, "copy");
        assertThat(Aggregates.readAll(store, "copy")).hasSize(17);
        assertThat(service.validateBackup(delta).problems()).isEmpty();
    }
}
