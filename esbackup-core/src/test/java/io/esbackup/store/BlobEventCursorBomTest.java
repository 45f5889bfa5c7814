package io.esbackup.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.model.RawEvent;
import io.esbackup.model.StreamHeader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An events document that starts with a UTF-8 byte order mark is read like one without: its header, and its
 * events as built and as stored bytes, short (kept by the header pass) or long.
 */
class BlobEventCursorBomTest {
    private static final String KEY = "order/s-0000000000.json";

    @ParameterizedTest
    @ValueSource(ints = {3, 2_000})
    void readsADocumentThatStartsWithAByteOrderMark(int events) {
        StringBuilder doc = new StringBuilder("{\"objectName\":\"order\",\"events\":[");
        for (int v = 0; v < events; v++) {
            doc.append(v == 0 ? "" : ",").append("{\"type\":\"A\",\"version\":").append(v)
                    .append(",\"payload\":{\"name\":\"").append("caf\u00e9 ".repeat(40)).append("\"}}");
        }
        doc.append("],\"after\":1}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(0xEF);
        bytes.write(0xBB);
        bytes.write(0xBF);
        bytes.writeBytes(doc.toString().getBytes(StandardCharsets.UTF_8));
        InMemoryBlobStore blobs = new InMemoryBlobStore();
        blobs.write(KEY, WriteCondition.createOnly(), bytes.toByteArray());

        try (BlobEventCursor raw = new BlobEventCursor(blobs, List.of(KEY), List.of(), 0, Integer.MAX_VALUE,
                new StreamHeader(Map.of()))) {
            assertThat(raw.header().fields()).containsOnlyKeys("objectName", "after");
            List<RawEvent> read = new ArrayList<>();
            for (Iterator<RawEvent> it = raw.rawEvents(); it.hasNext(); ) {
                read.add(it.next());
            }
            assertThat(read).hasSize(events);
            assertThat(read.get(events - 1).json().text()).startsWith("{\"type\":\"A\",\"version\":" + (events - 1));
        }
        try (BlobEventCursor built = new BlobEventCursor(blobs, List.of(KEY), List.of(), 0, Integer.MAX_VALUE,
                new StreamHeader(Map.of()))) {
            built.header();
            int n = 0;
            while (built.hasNext()) {
                assertThat(built.next().eventVersion()).isEqualTo(n++);
            }
            assertThat(n).isEqualTo(events);
        }
    }
}
