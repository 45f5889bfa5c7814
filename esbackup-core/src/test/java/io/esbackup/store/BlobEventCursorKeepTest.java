package io.esbackup.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.model.StreamHeader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The header pass keeps a short first document only for an events pass still to come: a cursor that is closed,
 * has an empty range or has already opened that document keeps nothing.
 */
class BlobEventCursorKeepTest {
    private static final String KEY = "order/s-0000000000.json";

    private static BlobEventCursor cursor(int from, int to) {
        InMemoryBlobStore blobs = new InMemoryBlobStore();
        blobs.write(KEY, WriteCondition.createOnly(), ("{\"objectName\":\"order\",\"events\":["
                + "{\"type\":\"A\",\"version\":0,\"payload\":{}},{\"type\":\"A\",\"version\":1,\"payload\":{}}]}")
                .getBytes(StandardCharsets.UTF_8));
        return new BlobEventCursor(blobs, List.of(KEY), List.of(), from, to, new StreamHeader(Map.of()));
    }

    private static Object kept(BlobEventCursor c) throws ReflectiveOperationException {
        Field f = BlobEventCursor.class.getDeclaredField("keptBytes");
        f.setAccessible(true);
        return f.get(c);
    }

    @Test
    void aCursorThatWillReadTheEventsKeepsTheShortDocumentUntilItDoes() throws Exception {
        try (BlobEventCursor c = cursor(0, 1)) {
            assertThat(c.header().fields()).containsOnlyKeys("objectName");
            assertThat(kept(c)).isNotNull();
            assertThat(c.hasNext()).isTrue();
            assertThat(kept(c)).isNull();
        }
    }

    @Test
    void aClosedCursorKeepsNothing() throws Exception {
        BlobEventCursor c = cursor(0, 1);
        c.close();
        assertThat(c.header().fields()).containsOnlyKeys("objectName");
        assertThat(kept(c)).as("bytes kept by a closed cursor").isNull();
    }

    @Test
    void aCursorWithAnEmptyRangeKeepsNothing() throws Exception {
        try (BlobEventCursor c = cursor(0, -1)) {
            assertThat(c.header().fields()).containsOnlyKeys("objectName");
            assertThat(kept(c)).as("bytes kept for events that are never read").isNull();
        }
    }

    @Test
    void aCursorThatAlreadyOpenedTheDocumentKeepsNothing() throws Exception {
        try (BlobEventCursor c = cursor(0, 1)) {
            assertThat(c.hasNext()).isTrue();
            assertThat(c.header().fields()).containsOnlyKeys("objectName");
            assertThat(kept(c)).as("bytes kept for a document the events pass has opened already").isNull();
            assertThat(c).toIterable().hasSize(2);
        }
    }
}
