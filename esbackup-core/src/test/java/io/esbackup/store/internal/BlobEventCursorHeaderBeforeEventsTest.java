package io.esbackup.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.Blob;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.BackupException;
import io.esbackup.model.RawEvent;
import io.esbackup.model.StreamHeader;
import io.esbackup.store.HeaderAfterEventsException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link BlobEventCursor#headerBeforeEvents}: a long document whose header stands before its events is read
 * once, with the same header and events as the two-pass read; a document with header members after its events
 * is caught at their end, even when the range stops earlier; a document whose header follows the events, a
 * short one and a chunked stream get their whole header at once.
 */
class BlobEventCursorHeaderBeforeEventsTest {
    private static final String KEY = "order/s-0000000000.json";
    /** Events enough for a document past what the header pass keeps (about 600 KB). */
    private static final int LONG = 2_000;

    /** Counts how often the document is opened. */
    private static final class CountingReads extends ForwardingBlobStore {
        final AtomicInteger reads = new AtomicInteger();

        CountingReads(String document) {
            super(new InMemoryBlobStore());
            write(KEY, WriteCondition.createOnly(), document.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public Optional<Blob> read(String key) {
            reads.incrementAndGet();
            return super.read(key);
        }
    }

    private static String events(int count) {
        StringBuilder b = new StringBuilder("[");
        for (int v = 0; v < count; v++) {
            b.append(v == 0 ? "" : ",\n").append("{\"type\":\"A\",\"version\":").append(v)
                    .append(",\"payload\":{\"n\":").append(v).append(",\"text\":\"").append("x".repeat(280))
                    .append("\"}}");
        }
        return b.append(']').toString();
    }

    private static BlobEventCursor cursor(CountingReads blobs, int to) {
        return new BlobEventCursor(blobs, List.of(KEY), List.of(), 0, to, new StreamHeader(Map.of()));
    }

    private static List<RawEvent> raw(BlobEventCursor c) {
        List<RawEvent> out = new ArrayList<>();
        for (Iterator<RawEvent> it = c.rawEvents(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    /** The header and raw events of the two-pass read (header() first), for comparison. */
    private static StreamHeader twoPassHeader(String document) {
        try (BlobEventCursor c = cursor(new CountingReads(document), Integer.MAX_VALUE)) {
            return c.header();
        }
    }

    @Test
    void aLongDocumentWithItsHeaderFirstIsReadOnceWithTheSameHeaderAndEvents() {
        String doc = "{\"objectId\":\"s\",\"objectName\":\"order\",\"n\":1.50,\"more\":{\"a\":[1,2]},\n\"events\":"
                + events(LONG) + "\n}\n";
        CountingReads blobs = new CountingReads(doc);
        List<RawEvent> once;
        try (BlobEventCursor c = cursor(blobs, Integer.MAX_VALUE)) {
            StreamHeader h = c.headerBeforeEvents();
            assertThat(h).isEqualTo(twoPassHeader(doc));
            assertThat(h.fields()).containsOnlyKeys("objectId", "objectName", "n", "more");
            assertThat(c.header()).as("header() after it").isSameAs(h);
            once = raw(c);
        }
        assertThat(blobs.reads).as("reads of the document").hasValue(1);
        List<RawEvent> twice;
        try (BlobEventCursor c = cursor(new CountingReads(doc), Integer.MAX_VALUE)) {
            c.header();
            twice = raw(c);
        }
        assertThat(once).hasSize(LONG).isEqualTo(twice);
    }

    @Test
    void headerMembersAfterTheEventsAreFoundAtTheirEnd() {
        String doc = "{\"objectId\":\"s\",\"events\":" + events(LONG) + ",\"objectName\":\"order\"}";
        try (BlobEventCursor c = cursor(new CountingReads(doc), Integer.MAX_VALUE)) {
            assertThat(c.headerBeforeEvents().fields()).containsOnlyKeys("objectId");
            Iterator<RawEvent> it = c.rawEvents();
            for (int v = 0; v < LONG; v++) {
                assertThat(it.next().eventVersion()).isEqualTo(v);
            }
            assertThatThrownBy(it::hasNext).isInstanceOf(HeaderAfterEventsException.class)
                    .hasMessageContaining(KEY);
        }
    }

    @Test
    void aRangeThatStopsEarlyStillChecksWhatFollowsTheEvents() {
        String after = "{\"objectId\":\"s\",\"events\":" + events(LONG) + ",\"objectName\":\"order\"}";
        try (BlobEventCursor c = cursor(new CountingReads(after), 9)) {
            c.headerBeforeEvents();
            Iterator<RawEvent> it = c.rawEvents();
            for (int v = 0; v <= 9; v++) {
                assertThat(it.next().eventVersion()).isEqualTo(v);
            }
            assertThatThrownBy(it::hasNext).isInstanceOf(HeaderAfterEventsException.class);
        }
        String first = "{\"objectId\":\"s\",\"events\":" + events(LONG) + "}";
        try (BlobEventCursor c = cursor(new CountingReads(first), 9)) {
            c.headerBeforeEvents();
            assertThat(raw(c)).extracting(RawEvent::eventVersion).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void aDocumentWhoseEventsComeFirstGetsItsWholeHeaderInAPassOfItsOwn() {
        String doc = "{\"events\":" + events(LONG) + ",\"objectId\":\"s\",\"objectName\":\"order\"}";
        CountingReads blobs = new CountingReads(doc);
        try (BlobEventCursor c = cursor(blobs, Integer.MAX_VALUE)) {
            assertThat(c.headerBeforeEvents()).isEqualTo(twoPassHeader(doc));
            assertThat(raw(c)).hasSize(LONG);
        }
        assertThat(blobs.reads.get()).as("reads: the first member, the header pass, the events").isEqualTo(3);
    }

    @Test
    void aShortDocumentGetsItsWholeHeaderAndIsReadOnce() {
        String doc = "{\"objectId\":\"s\",\"events\":" + events(3) + ",\"objectName\":\"order\"}";
        CountingReads blobs = new CountingReads(doc);
        try (BlobEventCursor c = cursor(blobs, Integer.MAX_VALUE)) {
            assertThat(c.headerBeforeEvents().fields()).containsOnlyKeys("objectId", "objectName");
            assertThat(raw(c)).hasSize(3);
        }
        assertThat(blobs.reads).hasValue(1);
    }

    @Test
    void aChunkedStreamGetsEveryChunksHeaderAtOnce() {
        String doc = "{\"objectId\":\"s\",\"events\":" + events(LONG) + ",\"objectName\":\"order\"}";
        CountingReads blobs = new CountingReads(doc);
        try (BlobEventCursor c = new BlobEventCursor(blobs, List.of(KEY), List.of(0), 0, Integer.MAX_VALUE,
                new StreamHeader(Map.of()))) {
            assertThat(c.headerBeforeEvents().fields()).containsOnlyKeys("objectId", "objectName");
            assertThat(raw(c)).hasSize(LONG);
        }
    }

    @Test
    void aLongDocumentWithoutEventsHasItsWholeHeaderReadAndNoEvents() {
        String doc = "{\"objectId\":\"s\",\"big\":\"" + "y".repeat(300_000) + "\",\"objectName\":\"order\"}";
        CountingReads blobs = new CountingReads(doc);
        try (BlobEventCursor c = cursor(blobs, Integer.MAX_VALUE)) {
            assertThat(c.headerBeforeEvents().fields()).containsOnlyKeys("objectId", "big", "objectName");
            assertThat(raw(c)).isEmpty();
        }
        assertThat(blobs.reads).hasValue(1);
    }

    @Test
    void somethingElseAfterTheEventsIsAnError() {
        String doc = "{\"objectId\":\"s\",\"events\":" + events(LONG) + " 7}";
        try (BlobEventCursor c = cursor(new CountingReads(doc), Integer.MAX_VALUE)) {
            c.headerBeforeEvents();
            assertThatThrownBy(() -> raw(c)).isInstanceOf(BackupException.class)
                    .hasMessageContaining("not valid JSON").hasMessageContaining("found '7'");
        }
        String cut = "{\"objectId\":\"s\",\"events\":" + events(LONG);
        try (BlobEventCursor c = cursor(new CountingReads(cut), Integer.MAX_VALUE)) {
            c.headerBeforeEvents();
            assertThatThrownBy(() -> raw(c)).isInstanceOf(BackupException.class)
                    .hasMessageContaining("the end of the document");
        }
    }

    @Test
    void theEventsAreThenReadAsStoredBytesOnly() {
        String doc = "{\"objectId\":\"s\",\"events\":" + events(LONG) + "}";
        try (BlobEventCursor c = cursor(new CountingReads(doc), Integer.MAX_VALUE)) {
            c.headerBeforeEvents();
            assertThatThrownBy(c::hasNext).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rawEvents");
        }
    }
}
