package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.ArchiveReader;
import io.esbackup.archive.ArchiveSummary;
import io.esbackup.archive.ArchiveWriter;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.Compression;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.json.DocumentCodec;
import io.esbackup.model.json.Json;
import io.esbackup.store.EventCursor;
import io.esbackup.store.FileEventStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples in docs/FORMAT.md are fixtures (STYLE habit 7): section 13's manifest and archive, read
 * from the doc itself, must be exactly what esbackup writes and pass every check of section 11; the index
 * pointer of section 2, the summary of 7.4 and the store layout of section 14 must match them.
 */
class FormatDocExamplesTest {
    static final FormatDoc DOC = FormatDoc.load();
    static final String MANIFEST = DOC.fixture("manifest-v1");
    static final String ARCHIVE = DOC.fixture("archive-v1");

    @TempDir
    Path dir;

    static BackupManifest manifest() {
        return ManifestCodec.fromBytes(MANIFEST.getBytes(StandardCharsets.UTF_8));
    }

    /** Section 13: the stored archive is the example's compact JSON, numbers' literal text unchanged. */
    static byte[] storedArchive() {
        return Json.normalize(ARCHIVE).getBytes(StandardCharsets.UTF_8);
    }

    /** Section 19: the lease example is exactly the object a lease taken at its instant is. */
    @Test
    void theLeaseExampleIsExactlyWhatBlobJobLocksWrites() {
        String example = Json.normalize(DOC.fixture("lease"));
        java.time.Instant at = java.time.Instant.parse(Json.tree(example.getBytes(StandardCharsets.UTF_8))
                .get("acquiredAt").textValue());
        io.esbackup.blob.InMemoryBlobStore blobs = new io.esbackup.blob.InMemoryBlobStore();
        new BlobJobLocks(blobs, Clock.fixed(at, ZoneOffset.UTC)).tryAcquire("nightly-backup", "instance-a",
                Duration.ofMinutes(1)).orElseThrow();

        assertThat(new String(blobs.readAllBytes("locks/nightly-backup.lease").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo(example);
    }

    @Test
    void theManifestExampleIsExactlyWhatEsbackupWrites() {
        BackupManifest m = manifest();
        assertThat(m.formatVersion()).isEqualTo(ArchiveFormat.VERSION);
        assertThat(m.compression()).isEqualTo(Compression.NONE);
        // Section 5: compact, members in the table's order.
        assertThat(new String(ManifestCodec.toBytes(m), StandardCharsets.UTF_8)).isEqualTo(Json.normalize(MANIFEST));
    }

    @Test
    void theCompactArchiveHasTheManifestsSizeAndSha256() {
        byte[] stored = storedArchive();
        BackupManifest m = manifest();
        assertThat((long) stored.length).as("storedSize").isEqualTo(m.storedSize());
        assertThat(sha256(stored)).as("sha256").isEqualTo(m.sha256());
        Matcher prose = Pattern.compile("exactly `storedSize` \\((\\d+)\\) bytes").matcher(DOC.text().replace('\n', ' '));
        assertThat(prose.find()).as("section 13 states the size in its text").isTrue();
        assertThat(Long.parseLong(prose.group(1))).isEqualTo(m.storedSize());
    }

    @Test
    void theArchiveExamplePassesEveryCheckAgainstTheManifest() {
        BackupManifest m = manifest();
        ArchiveCheck check = new ArchiveCheck(m);
        ArchiveSummary summary = readThrough(storedArchive(), check);
        assertThat(check.problems()).isEmpty();
        assertThat(check.eventsRead()).isEqualTo(2);
        assertThat(summary.sha256()).isEqualTo(m.sha256());
        assertThat(summary.storedSize()).isEqualTo(m.storedSize());
        assertThat(summary).extracting(ArchiveSummary::eventCount, ArchiveSummary::snapshotCount,
                ArchiveSummary::terminatedStreamCount, ArchiveSummary::terminatedEventCount)
                .containsExactly(2L, 1, 1, 1L);
    }

    @Test
    void thePrettyPrintedArchiveIsReadButFailsOnlyTheSizeAndChecksum() {
        // Section 6: readers accept any JSON whitespace; the stored bytes are then not the manifest's.
        byte[] pretty = ARCHIVE.getBytes(StandardCharsets.UTF_8);
        ArchiveCheck check = new ArchiveCheck(manifest());
        readThrough(pretty, check);
        assertThat(check.problems()).containsExactly(
                "stored size is " + pretty.length + " bytes, manifest says " + manifest().storedSize(),
                "SHA-256 of the stored bytes is " + sha256(pretty) + ", manifest says " + manifest().sha256());
    }

    @Test
    void theArchiveExampleIsExactlyWhatArchiveWriterWrites() throws IOException {
        // Sections 7 to 9: member order of the archive, its events and its documents.
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        ArchiveWriter w = new ArchiveWriter(rewritten, Compression.NONE);
        try (ArchiveReader r = new ArchiveReader(new ByteArrayInputStream(storedArchive()), Compression.NONE)) {
            w.start(r.readHeader());
            r.events().forEachRemaining(e -> write(w, e));
            r.readSnapshots((ref, data) -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                data.writeTo(bytes);
                w.snapshot(ref, new ByteArrayInputStream(bytes.toByteArray()));
            });
            r.readTerminatedStreams(w::terminatedStream);
            r.finish();
        }
        ArchiveSummary written = w.finish();
        assertThat(rewritten.toString(StandardCharsets.UTF_8)).isEqualTo(Json.normalize(ARCHIVE));
        assertThat(written.sha256()).isEqualTo(manifest().sha256());
    }

    @Test
    void theSummaryExampleOfSection74IsTheArchiveExamplesSummary() {
        JsonNode summary = Json.tree(DOC.blockAfter("### 7.4", "json").getBytes(StandardCharsets.UTF_8));
        assertThat(summary).isEqualTo(archiveTree().get("summary"));
    }

    /**
     * The example backup, put in a backup folder by the provider, is found, validates, and restores into
     * an empty store as section 14's example layout; the id pointer is section 2's example.
     */
    @Test
    void theExampleBackupValidatesAndRestoresToTheLayoutOfSection14() throws IOException {
        BackupManifest m = manifest();
        LocalBlobStore blobs = new LocalBlobStore(dir.resolve("backups"));
        BlobBackupProvider provider = new BlobBackupProvider(blobs);
        BackupLocation location = new BackupLocation(UUID.fromString(m.backupId()), m.objectName(), m.objectId(),
                m.location());
        provider.writeArchive(location, out -> out.write(storedArchive()));
        provider.writeManifest(location, m);
        assertThat(new String(blobs.readAllBytes("backup-index/" + m.backupId()).orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo(Json.normalize(DOC.blockAfter("### The index pointer", "json")));

        FileEventStore store = new FileEventStore(dir.resolve("store"));
        BackupRestoreService service = BackupRestoreService.builder(store, provider)
                .clock(Clock.fixed(m.createdAt().plus(Duration.ofDays(1)), ZoneOffset.UTC))
                .ids(() -> {
                    throw new AssertionError("no backup is written");
                })
                .build();
        BackupHandle handle = service.getBackup(location.backupId()).orElseThrow();
        assertThat(service.validateBackup(handle).problems()).isEmpty();
        service.restoreStream(handle);

        List<String> layout = DOC.blockAfter("Example (the aggregate of section 13", "text").lines()
                .filter(l -> !l.isBlank()).sorted().toList();
        assertThat(relativeFiles(dir.resolve("store"))).isEqualTo(layout);
        ObjectDocument archived = DocumentCodec.fromTree(archiveTree().get("document"));
        ObjectDocument restored = store.readDocument(m.objectName(), m.objectId()).orElseThrow().document();
        assertThat(restored).isEqualTo(archived);
        List<Event> archivedEvents = new ArrayList<>();
        try (ArchiveReader r = new ArchiveReader(new ByteArrayInputStream(storedArchive()), Compression.NONE)) {
            r.readHeader();
            r.events().forEachRemaining(archivedEvents::add);
        }
        assertThat(events(store, restored.active())).hasSize(2).isEqualTo(archivedEvents);
    }

    /** Reads an archive once through the checks that validate and restore run (section 11). */
    private static ArchiveSummary readThrough(byte[] stored, ArchiveCheck check) {
        try (ArchiveReader r = new ArchiveReader(new ByteArrayInputStream(stored), Compression.NONE)) {
            check.header(r.readHeader());
            check.events(r.events(), n -> { }).forEachRemaining(e -> { });
            r.readSnapshots((ref, data) -> check.snapshot(ref));
            r.readTerminatedStreams((ts, header, events) -> check.terminatedEvents(ts, events)
                    .forEachRemaining(e -> { }));
            ArchiveSummary summary = r.finish();
            check.finish(summary);
            return summary;
        }
    }

    private static void write(ArchiveWriter w, Event e) {
        try {
            w.event(e);
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    private static JsonNode archiveTree() {
        return Json.tree(ARCHIVE.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Event> events(FileEventStore store, StreamInformation stream) {
        List<Event> out = new ArrayList<>();
        try (EventCursor c = store.readEvents("Order", stream, 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<String> relativeFiles(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
        }
        return out.stream().sorted().toList();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
