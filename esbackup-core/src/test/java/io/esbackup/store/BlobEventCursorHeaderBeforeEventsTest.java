package io.esbackup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.Blob;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.BackupException;
import io.esbackup.model.RawEvent;
import io.esbackup.model.StreamHeader;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** Counts how often the document is opened, and how many of those are not closed yet. */
    private static final class CountingReads extends ForwardingBlobStore {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();

        CountingReads(String document) {
            this(document.getBytes(StandardCharsets.UTF_8));
        }

        CountingReads(byte[] document) {
            super(new InMemoryBlobStore());
            write(KEY, WriteCondition.createOnly(), document);
        }

        @Override
        public Optional<Blob> read(String key) {
            reads.incrementAndGet();
            return super.read(key).map(b -> {
                open.incrementAndGet();
                return new Blob(b.info(), new FilterInputStream(b.content()) {
                    private boolean closed;

                    @Override
                    public void close() throws IOException {
                        if (!closed) {
                            closed = true;
                            open.decrementAndGet();
                        }
                        super.close();
                    }
                });
            });
        }
    }

    private static String event(int v) {
        return "{\"type\":\"A\",\"version\":" + v + ",\"payload\":{\"n\":" + v + ",\"text\":\"" + "x".repeat(280)
                + "\"}}";
    }

    private static String events(int count) {
        StringBuilder b = new StringBuilder("[");
        for (int v = 0; v < count; v++) {
            b.append(v == 0 ? "" : ",\n").append(event(v));
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

    /** The header of the two-pass read (header() first), for comparison. */
    private static StreamHeader twoPassHeader(String document) {
        return twoPassHeader(document.getBytes(StandardCharsets.UTF_8));
    }

    private static StreamHeader twoPassHeader(byte[] document) {
        try (BlobEventCursor c = cursor(new CountingReads(document), Integer.MAX_VALUE)) {
            return c.header();
        }
    }

    /** Each member as name, JSON type and text, in order: equal maps could still differ in order or scale. */
    private static List<String> members(StreamHeader h) {
        List<String> out = new ArrayList<>();
        h.fields().forEach((k, v) -> out.add(k + "=" + v.getNodeType() + ":" + v));
        return out;
    }

    /** headerBeforeEvents gives what the two-pass read gives, and the events are read to the end without error. */
    private static void assertSameHeader(String document) {
        assertSameHeader(document.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertSameHeader(byte[] document) {
        StreamHeader twoPass = twoPassHeader(document);
        try (BlobEventCursor c = cursor(new CountingReads(document), Integer.MAX_VALUE)) {
            StreamHeader once = c.headerBeforeEvents();
            assertThat(members(once)).isEqualTo(members(twoPass));
            assertThat(once).isEqualTo(twoPass);
            raw(c);
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
    void theHeaderIsTheTwoPassOneWhateverItsMembersHold() throws Exception {
        assertSameHeader("{\"a\":1,\"b\":2,\"a\":3,\"events\":" + events(LONG) + "}");
        assertSameHeader("{ \r\n\t\"a\" \t: \r\n1 ,\r\n\t\"events\" \n:\t " + events(LONG) + " \r\n\t }");
        assertSameHeader("{\"ob\\u006aectId\":\"s\",\"a\\\"b\":\"\\ud83d\\ude00\\n\",\"events\":" + events(LONG) + "}");
        assertSameHeader("{\"n\":1.50,\"e\":1e3,\"E\":1E-7,\"z\":-0,\"zf\":-0.0,\"big\":"
                + "123456789012345678901234567890123,\"events\":" + events(LONG) + "}");
        assertSameHeader("{\"x\":{\"y\":[1,{\"z\":null,\"y\":2,\"y\":3}],\"t\":true},\"events\":" + events(LONG) + "}");
        assertSameHeader("{\"big\":\"" + "y".repeat(300_000) + "\",\"events\":[]}");
        ByteArrayOutputStream bom = new ByteArrayOutputStream();
        bom.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bom.write(("{\"objectId\":\"s\",\"events\":" + events(LONG) + "}").getBytes(StandardCharsets.UTF_8));
        assertSameHeader(bom.toByteArray());
    }

    /** The header pass leaves out every member named events; so does this one, whatever it holds. */
    @ParameterizedTest
    @ValueSource(strings = {"null", "{}", "5", "\"x\"", "{\"a\":[1]}"})
    void anEventsMemberThatIsNotTheArrayIsLeftOut(String value) {
        assertSameHeader("{\"objectId\":\"s\",\"events\":" + value + ",\"objectName\":\"order\",\"events\":"
                + events(LONG) + "}");
        assertSameHeader("{\"objectId\":\"s\",\"big\":\"" + "y".repeat(300_000) + "\",\"events\":" + value + "}");
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
    void theDocumentIsClosedWhenHeaderMembersAreFoundAfterTheEvents() {
        CountingReads blobs = new CountingReads("{\"objectId\":\"s\",\"events\":" + events(LONG) + ",\"o\":1}");
        BlobEventCursor c = cursor(blobs, Integer.MAX_VALUE);
        try {
            c.headerBeforeEvents();
            assertThatThrownBy(() -> raw(c)).isInstanceOf(HeaderAfterEventsException.class);
            assertThat(blobs.open).as("documents open after the exception, before close()").hasValue(0);
        } finally {
            c.close();
        }
    }

    /**
     * Events past the cut are passed over unchecked, as when the header had a pass of its own (it only matched
     * strings and brackets, and the events pass stopped at the first of them): one a reader refuses (no type)
     * and that is not the first past the cut does not fail the read, but a member after them is still found.
     */
    @Test
    void eventsPastTheCutArePassedOverUnchecked() {
        String damaged = ",\n{\"version\":" + LONG + ",\"payload\":{\"s\":\"]}\\\"]\"}}]";
        String doc = "{\"objectId\":\"s\",\"events\":" + events(LONG).replaceAll("]$", "") + damaged;
        try (BlobEventCursor c = cursor(new CountingReads(doc + "}"), 9)) {
            c.headerBeforeEvents();
            assertThat(raw(c)).extracting(RawEvent::eventVersion).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
        try (BlobEventCursor c = cursor(new CountingReads(doc + ",\"o\":1}"), 9)) {
            c.headerBeforeEvents();
            assertThatThrownBy(() -> raw(c)).isInstanceOf(HeaderAfterEventsException.class);
        }
        try (BlobEventCursor c = cursor(new CountingReads(doc.substring(0, doc.length() - 1)), 9)) {
            c.headerBeforeEvents();
            assertThatThrownBy(() -> raw(c)).isInstanceOf(BackupException.class)
                    .hasMessageContaining("ends early");
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
