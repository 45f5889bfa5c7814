package io.esbackup.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ArchiveReader#rawEvents}: the events walked as bytes, then the rest of the archive read on by Jackson. */
class ArchiveReaderRawEventsTest {
    private static final String HEADER = "{\"format\":\"esbackup-archive\",\"formatVersion\":1,"
            + "\"backupId\":\"0b6f4c3e-8f2a-4d1b-9c3e-5a7d2e1f4b60\",\"objectName\":\"Order\","
            + "\"objectId\":\"3f2a9c1e-7b4d-4e8a-9f01-2c3d4e5f6a7b\",\"createdAt\":\"2024-03-01T12:00:00Z\","
            + "\"stream\":{\"streamIdentifier\":\"3f2a9c1e7b4d4e8a9f012c3d4e5f6a7b-0000000001\",\"streamType\":\"blob\","
            + "\"currentStreamVersion\":1,\"streamChunks\":[],\"snapShots\":[],\"streamConnectionName\":\"Store\"},"
            + "\"streamHeader\":{\"objectName\":\"Order\"},\"document\":null,";
    private static final String EVENTS = "\"events\":[{\"type\":\"A\",\"version\":0},{\"type\":\"B\",\"version\":1}]";
    private static final String TERMINATED = "\"terminatedStreams\":[{\"stream\":{\"streamIdentifier\":"
            + "\"3f2a9c1e7b4d4e8a9f012c3d4e5f6a7b-0000000000\",\"streamType\":\"blob\",\"reason\":\"migrated\"},"
            + "\"events\":[{\"type\":\"C\",\"version\":0,\"payload\":{\"x\":1}}]}]";
    private static final String SUMMARY = "\"summary\":{\"eventCount\":2,\"snapshotCount\":0,"
            + "\"terminatedStreamCount\":1,\"terminatedEventCount\":1}}";

    /** Reads the archive as validation does: header, raw events, snapshots, terminated streams, summary. */
    private static ArchiveSummary readThrough(String archive, List<RawEvent> events, List<Event> terminated) {
        return readThrough(archive.getBytes(StandardCharsets.UTF_8), events, terminated);
    }

    private static ArchiveSummary readThrough(byte[] archive, List<RawEvent> events, List<Event> terminated) {
        try (ArchiveReader r = new ArchiveReader(new ByteArrayInputStream(archive), Compression.NONE)) {
            r.readHeader();
            r.rawEvents().forEachRemaining(events::add);
            r.readSnapshots((ref, data) -> { });
            r.readTerminatedStreams((ts, header, it) -> it.forEachRemaining(terminated::add));
            return r.finish();
        }
    }

    @Test
    void readsOnAfterTheEventsAndHashesEveryByte() throws Exception {
        String archive = HEADER + EVENTS + " ,\n\"snapshots\":[]," + TERMINATED + "," + SUMMARY + "\n";
        List<RawEvent> events = new ArrayList<>();
        List<Event> terminated = new ArrayList<>();
        ArchiveSummary s = readThrough(archive, events, terminated);
        assertThat(events).extracting(RawEvent::eventType).containsExactly("A", "B");
        assertThat(terminated).extracting(Event::eventType).containsExactly("C");
        assertThat(terminated.get(0).payload().text()).isEqualTo("{\"x\":1}");
        byte[] bytes = archive.getBytes(StandardCharsets.UTF_8);
        assertThat(s.storedSize()).isEqualTo(bytes.length);
        assertThat(s.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(s.eventCount()).isEqualTo(2);
    }

    @Test
    void readsAnArchiveWithoutEvents() {
        String archive = HEADER + "\"events\":[ ],\"snapshots\":[]," + TERMINATED + "," + SUMMARY;
        List<RawEvent> events = new ArrayList<>();
        readThrough(archive, events, new ArrayList<>());
        assertThat(events).isEmpty();
    }

    @Test
    void rejectsAMissingCommaAfterTheEvents() {
        String archive = HEADER + EVENTS + " \"snapshots\":[]," + TERMINATED + "," + SUMMARY;
        assertThatThrownBy(() -> readThrough(archive, new ArrayList<>(), new ArrayList<>()))
                .isInstanceOf(ArchiveFormatException.class);
    }

    @Test
    void rejectsWhatCannotFollowTheEvents() {
        for (String after : new String[] {"}", "]", ",,\"snapshots\":[]", ":\"snapshots\":[]", "x", "[]"}) {
            String archive = HEADER + EVENTS + after + ",\"snapshots\":[]," + TERMINATED + "," + SUMMARY;
            assertThatThrownBy(() -> readThrough(archive, new ArrayList<>(), new ArrayList<>()))
                    .as(after).isInstanceOf(ArchiveFormatException.class);
        }
    }

    @Test
    void rejectsWhatFollowsTheEventsWhenItIsNotUtf8() {
        // After "events":[...], the rest as UTF-16LE behind a NUL: not JSON in UTF-8, which the archive is.
        String rest = "\"snapshots\":[]," + TERMINATED + "," + SUMMARY;
        byte[] head = (HEADER + EVENTS + ",\u0000").getBytes(StandardCharsets.UTF_8);
        byte[] tail = rest.getBytes(StandardCharsets.UTF_16LE);
        byte[] archive = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, archive, head.length, tail.length);
        try (ArchiveReader jackson = new ArchiveReader(new ByteArrayInputStream(archive), Compression.NONE)) {
            jackson.readHeader();
            assertThatThrownBy(() -> {
                jackson.events().forEachRemaining(e -> { });
                jackson.readSnapshots((ref, data) -> { });
            }).as("read by Jackson's tokens").isInstanceOf(ArchiveFormatException.class);
        }
        assertThatThrownBy(() -> readThrough(archive, new ArrayList<>(), new ArrayList<>()))
                .isInstanceOf(ArchiveFormatException.class);
    }

    @Test
    void rejectsContentAfterTheSummary() {
        String archive = HEADER + EVENTS + ",\"snapshots\":[]," + TERMINATED + "," + SUMMARY + " {}";
        assertThatThrownBy(() -> readThrough(archive, new ArrayList<>(), new ArrayList<>()))
                .isInstanceOf(ArchiveFormatException.class);
    }

    @Test
    void rejectsABadEventAsAFormatError() {
        String archive = HEADER + "\"events\":[{\"type\":\"A\",\"version\":0,\"p\":01}],\"snapshots\":[]," + TERMINATED
                + "," + SUMMARY;
        assertThatThrownBy(() -> readThrough(archive, new ArrayList<>(), new ArrayList<>()))
                .isInstanceOf(ArchiveFormatException.class);
        String blank = HEADER + "\"events\":[{\"type\":\"\",\"version\":0}],\"snapshots\":[]," + TERMINATED + "," + SUMMARY;
        assertThatThrownBy(() -> readThrough(blank, new ArrayList<>(), new ArrayList<>()))
                .isInstanceOf(ArchiveFormatException.class);
    }
}
