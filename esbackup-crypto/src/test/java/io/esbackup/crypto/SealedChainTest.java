package io.esbackup.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ChainLink;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.model.json.Json;
import io.esbackup.store.InMemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What an encrypted incremental backup saw of the stream (its last event's and its document's SHA-256, the
 * store's ETag and fingerprint) is sealed under the aggregate's data key (FORMAT.md section 20): in the clear
 * those digests would confirm a guess of the content, and would outlive a shred.
 */
class SealedChainTest {
    static final BackupOptions PLAIN = BackupOptions.builder().incremental(true).build();
    static final BackupOptions ENCRYPTED = PLAIN.toBuilder().encrypt(true).build();

    final InMemoryEventStore store = new InMemoryEventStore();
    final InMemoryBlobStore encryptedBackups = new InMemoryBlobStore();
    final InMemoryBlobStore plainBackups = new InMemoryBlobStore();
    final KeysetHandle keyset = Keysets.parse(Keysets.newKeysetJson(), "test keyset");
    final TickingClock clock = new TickingClock(Instant.parse("2026-01-01T00:00:00Z"));

    BackupRestoreService encrypted(KeysetHandle k) {
        var b = BackupRestoreService.builder(store, new BlobBackupProvider(encryptedBackups)).clock(clock);
        return (k == null ? b : b.encryption(new TinkEncryption(k))).build();
    }

    BackupRestoreService plain() {
        return BackupRestoreService.builder(store, new BlobBackupProvider(plainBackups)).clock(clock).build();
    }

    static String text(InMemoryBlobStore blobs) {
        try (Stream<io.esbackup.blob.BlobInfo> keys = blobs.list("")) {
            return keys.map(i -> new String(blobs.readAllBytes(i.key()).orElseThrow(), StandardCharsets.ISO_8859_1))
                    .collect(Collectors.joining("\n"));
        }
    }

    static String metaKey(BackupHandle h) {
        return "backups/Order/" + h.objectId() + "/" + h.backupId() + ".meta";
    }

    BackupManifest manifest(InMemoryBlobStore blobs, BackupHandle h) {
        return ManifestCodec.fromBytes(blobs.readAllBytes(metaKey(h)).orElseThrow());
    }

    /** What a plain incremental backup of the same state records in the clear: the values that must not leak. */
    static List<String> seen(BackupManifest plain) {
        ChainLink c = plain.chain();
        List<String> values = new ArrayList<>(List.of(c.lastEventSha256(), c.documentSha256(), c.documentEtag(),
                c.streamFingerprint()));
        assertThat(values).doesNotContainNull();
        return values;
    }

    @Test
    void anEncryptedChainRecordsNoDigestOfItsContentInTheClearAndStillContinues() {
        Aggregates.create(store, "o-1", 10);
        List<String> secrets = new ArrayList<>(seen(manifest(plainBackups, plain().backupStream("Order", "o-1",
                PLAIN))));
        BackupRestoreService service = encrypted(keyset);
        BackupHandle root = service.backupStream("Order", "o-1", ENCRYPTED);
        Aggregates.append(store, "o-1", 5);
        secrets.addAll(seen(manifest(plainBackups, plain().backupStream("Order", "o-1", PLAIN))));
        BackupHandle delta = service.backupStream("Order", "o-1", ENCRYPTED);

        assertThat(delta.parentBackupId()).isEqualTo(root.backupId().toString());
        String stored = text(encryptedBackups);
        assertThat(secrets).allSatisfy(s -> assertThat(stored).doesNotContain(s));
        assertThat(text(plainBackups)).contains(secrets.get(0)); // the needles are what a manifest would hold
        for (BackupHandle h : List.of(root, delta)) {
            String meta = new String(encryptedBackups.readAllBytes(metaKey(h)).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(meta).contains("\"sealedChain\"").doesNotContain("lastEventSha256")
                    .doesNotContain("documentSha256").doesNotContain("documentEtag").doesNotContain("streamFingerprint");
            assertThat(manifest(encryptedBackups, h).chain().isSealed()).isTrue();
        }

        // The sealed chain still decides: unchanged, then a delta continuing the delta, restored whole.
        BackupHandle again = service.backupStream("Order", "o-1", ENCRYPTED);
        assertThat(again.unchanged()).isTrue();
        assertThat(again.backupId()).isEqualTo(delta.backupId());
        Aggregates.append(store, "o-1", 2);
        BackupHandle next = service.backupStream("Order", "o-1", ENCRYPTED);
        assertThat(next.parentBackupId()).isEqualTo(delta.backupId().toString());
        service.restoreToNewStream(next, "copy");
        assertThat(Aggregates.readAll(store, "copy")).hasSize(17);
        assertThat(service.validateBackup(next).problems()).isEmpty();
    }

    @Test
    void aPackedEncryptedIncrementalRunSealsEveryEntrysChain() {
        List<String> ids = List.of("p-0", "p-1", "p-2");
        List<String> secrets = new ArrayList<>();
        for (String id : ids) {
            Aggregates.create(store, id, 4);
            secrets.addAll(seen(manifest(plainBackups, plain().backupStream("Order", id, PLAIN))));
        }
        BackupRestoreService service = encrypted(keyset);
        var result = service.backupMany(ids, "Order", BulkBackupOptions.builder().pack(true).encrypt(true)
                .incremental(true).maxConcurrency(1).build());
        assertThat(result.failedBackups()).isEmpty();

        String stored = text(encryptedBackups);
        assertThat(stored).contains("sealedChain");
        assertThat(secrets).allSatisfy(s -> assertThat(stored).doesNotContain(s));
        Aggregates.append(store, "p-1", 3);
        var second = service.backupMany(ids, "Order", BulkBackupOptions.builder().pack(true).encrypt(true)
                .incremental(true).maxConcurrency(1).build());
        assertThat(second.successfulBackups()).filteredOn(BackupHandle::unchanged).hasSize(2);
        BackupHandle delta = second.successfulBackups().stream().filter(h -> h.objectId().equals("p-1")).findFirst()
                .orElseThrow();
        assertThat(delta.parentBackupId()).isNotNull();
        service.restoreToNewStream(delta, "p-1-copy");
        assertThat(Aggregates.readAll(store, "p-1-copy")).hasSize(7);
    }

    @Test
    void aChangedSealIsFoundByValidateAndTheNextBackupIsAFullOne() throws Exception {
        Aggregates.create(store, "o-1", 10);
        BackupRestoreService service = encrypted(keyset);
        BackupHandle root = service.backupStream("Order", "o-1", ENCRYPTED);
        Aggregates.append(store, "o-1", 5);
        BackupHandle delta = service.backupStream("Order", "o-1", ENCRYPTED);
        String sealed = manifest(encryptedBackups, delta).chain().sealed();
        char flipped = sealed.charAt(20) == 'A' ? 'B' : 'A';
        rewriteSeal(delta, sealed.substring(0, 20) + flipped + sealed.substring(21));

        assertThat(String.join(" ", service.validateBackup(delta).problems()))
                .contains("backup " + delta.backupId())
                .contains("sealed members of backup " + delta.backupId() + "'s manifest do not authenticate");
        assertThat(service.validateBackup(root).problems()).isEmpty();
        // Without the keyset a seal cannot be checked; the stored bytes still are.
        assertThat(encrypted(null).validateBackup(delta).problems()).isEmpty();

        Aggregates.append(store, "o-1", 1);
        BackupHandle next = service.backupStream("Order", "o-1", ENCRYPTED);
        assertThat(next.unchanged()).isFalse();
        assertThat(next.parentBackupId()).isNull();
        service.restoreToNewStream(next, "copy");
        assertThat(Aggregates.readAll(store, "copy")).hasSize(16);
    }

    @Test
    void aSealMovedFromAnotherBackupOfTheAggregateDoesNotOpen() throws Exception {
        Aggregates.create(store, "o-1", 10);
        BackupRestoreService service = encrypted(keyset);
        BackupHandle root = service.backupStream("Order", "o-1", ENCRYPTED);
        Aggregates.append(store, "o-1", 5);
        BackupHandle delta = service.backupStream("Order", "o-1", ENCRYPTED);
        rewriteSeal(delta, manifest(encryptedBackups, root).chain().sealed());

        assertThat(String.join(" ", service.validateBackup(delta).problems()))
                .contains("sealed members of backup " + delta.backupId() + "'s manifest do not authenticate");
    }

    @Test
    void aShreddedAggregatesSealsCanNoLongerBeOpened() {
        Aggregates.create(store, "o-1", 10);
        BackupRestoreService service = encrypted(keyset);
        BackupHandle root = service.backupStream("Order", "o-1", ENCRYPTED);
        service.shred("Order", "o-1");

        assertThat(String.join(" ", service.validateBackup(root).problems())).contains("shredded");
        BackupHandle after = service.backupStream("Order", "o-1", ENCRYPTED);
        assertThat(after.parentBackupId()).isNull();
        assertThat(manifest(encryptedBackups, after).chain().sealed())
                .isNotEqualTo(manifest(encryptedBackups, root).chain().sealed());
    }

    /**
     * A backup that is not encrypted never continues an encrypted parent (a chain is encrypted as a whole), so it
     * has no need of the parent's seal: without the keyset it is a full backup, as it was before seals.
     */
    @Test
    void aPlainIncrementalBackupAfterAnEncryptedOneNeedsNoKeyset() {
        Aggregates.create(store, "o-1", 10);
        encrypted(keyset).backupStream("Order", "o-1", ENCRYPTED);
        Aggregates.append(store, "o-1", 2);

        BackupHandle plain = encrypted(null).backupStream("Order", "o-1", PLAIN);

        assertThat(plain.parentBackupId()).isNull();
        assertThat(plain.manifest().encrypted()).isFalse();
        assertThat(plain.eventCount()).isEqualTo(12);
    }

    /** Nor, once the aggregate is shredded, does its encrypted parent's shredded key fail a plain backup. */
    @Test
    void aPlainIncrementalBackupOfAShreddedAggregateIsAFullOne() {
        Aggregates.create(store, "o-1", 10);
        BackupRestoreService service = encrypted(keyset);
        service.backupStream("Order", "o-1", ENCRYPTED);
        assertThat(service.shred("Order", "o-1")).isTrue();

        BackupHandle plain = service.backupStream("Order", "o-1", PLAIN);

        assertThat(plain.parentBackupId()).isNull();
        assertThat(plain.manifest().encrypted()).isFalse();
        service.restoreToNewStream(plain, "copy");
        assertThat(Aggregates.readAll(store, "copy")).hasSize(10);
    }

    /** A registry keeps the manifests as published, sealed: single and packed, and after a rebuild. */
    @Test
    void aRegistryHoldsTheSealedManifestsAndItsParentsStillContinue() {
        List<String> ids = List.of("o-1", "p-1");
        List<String> secrets = new ArrayList<>();
        for (String id : ids) {
            Aggregates.create(store, id, 6);
            secrets.addAll(seen(manifest(plainBackups, plain().backupStream("Order", id, PLAIN))));
        }
        BackupRestoreService service = BackupRestoreService.builder(store, new BlobBackupProvider(encryptedBackups))
                .clock(clock).encryption(new TinkEncryption(keyset))
                .registry(new io.esbackup.backup.BlobBackupRegistry(encryptedBackups)).build();
        service.backupStream("Order", "o-1", ENCRYPTED);
        assertThat(service.backupMany(List.of("p-1"), "Order", BulkBackupOptions.builder().pack(true).encrypt(true)
                .incremental(true).build()).failedBackups()).isEmpty();
        String stored = text(encryptedBackups);
        try (Stream<io.esbackup.blob.BlobInfo> registered = encryptedBackups.list("backup-registry/")) {
            assertThat(registered.map(i -> new String(encryptedBackups.readAllBytes(i.key()).orElseThrow(),
                    StandardCharsets.UTF_8))).filteredOn(t -> t.contains("esbackup-manifest")).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(t -> assertThat(t).contains("sealedChain"));
        }
        assertThat(secrets).allSatisfy(s -> assertThat(stored).doesNotContain(s));

        service.rebuildRegistry();
        assertThat(secrets).allSatisfy(s -> assertThat(text(encryptedBackups)).doesNotContain(s));
        for (String id : ids) {
            Aggregates.append(store, id, 2);
            BackupHandle delta = service.backupStream("Order", id, ENCRYPTED);
            assertThat(delta.parentBackupId()).as(id).isNotNull();
            assertThat(delta.eventCount()).isEqualTo(2);
        }
    }

    /** A delta without events (only the document changed) seals its parent's last event's digest and is continued. */
    @Test
    void aDeltaWithoutEventsSealsItsParentsLastEventAndIsContinued() {
        Aggregates.create(store, "o-1", 10);
        BackupRestoreService service = encrypted(keyset);
        BackupHandle root = service.backupStream("Order", "o-1", ENCRYPTED);
        var stored = store.readDocument("Order", "o-1").orElseThrow();
        store.writeDocument(stored.document().withHashes("h-1", null), stored.etag());

        BackupHandle empty = service.backupStream("Order", "o-1", ENCRYPTED);
        assertThat(empty.parentBackupId()).isEqualTo(root.backupId().toString());
        assertThat(empty.eventCount()).isZero();
        Aggregates.append(store, "o-1", 2);
        BackupHandle next = service.backupStream("Order", "o-1", ENCRYPTED);

        assertThat(next.parentBackupId()).isEqualTo(empty.backupId().toString());
        assertThat(service.validateBackup(next).problems()).isEmpty();
        service.restoreToNewStream(next, "copy");
        assertThat(Aggregates.readAll(store, "copy")).hasSize(12);
    }

    /** Whatever the seal was changed to, validate reports it as this backup's problem and the next backup is full. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "AAAA", "not base64!", "short", "long"})
    void anySealThatDoesNotOpenIsReportedAndNotContinued(String seal) throws Exception {
        Aggregates.create(store, "o-1", 10);
        BackupRestoreService service = encrypted(keyset);
        BackupHandle root = service.backupStream("Order", "o-1", ENCRYPTED);
        String real = manifest(encryptedBackups, root).chain().sealed();
        String changed = switch (seal) {
            case "short" -> real.substring(0, 40); // a stream header and no segment
            case "long" -> java.util.Base64.getEncoder().encodeToString(new byte[4096]);
            default -> seal;
        };
        rewriteSeal(root, changed);

        assertThat(service.validateBackup(root).problems()).singleElement().asString()
                .containsAnyOf("sealed members of backup " + root.backupId(), "its sealedChain is not base64");
        Aggregates.append(store, "o-1", 1);
        BackupHandle next = service.backupStream("Order", "o-1", ENCRYPTED);
        assertThat(next.parentBackupId()).isNull();
        assertThat(next.eventCount()).isEqualTo(11);
    }

    private void rewriteSeal(BackupHandle h, String seal) throws Exception {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.readTree(
                encryptedBackups.readAllBytes(metaKey(h)).orElseThrow());
        node.put("sealedChain", seal);
        encryptedBackups.write(metaKey(h), WriteCondition.overwrite(), Json.bytes(node));
    }
}
