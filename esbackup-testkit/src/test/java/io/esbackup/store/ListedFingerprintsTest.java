package io.esbackup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The listed ids come back as listed, whatever their length or script; each value is told apart by its id. */
class ListedFingerprintsTest {

    @Test
    void objectIdsComeBackInListingOrderWithTheirBytes() {
        ListedFingerprints listed = new ListedFingerprints();
        List<String> ids = new ArrayList<>();
        ids.add("o-1");
        ids.add("bestelling-ü-☕");
        ids.add("x".repeat(127)); // the longest length in one varint byte
        ids.add("y".repeat(128)); // the shortest in two
        ids.add("é".repeat(200)); // 400 bytes of UTF-8
        for (int i = 0; i < 5_000; i++) {
            ids.add(String.format("order-%07d", i));
        }
        ids.forEach(id -> listed.document(id, "\"etag-" + id.hashCode() + "\""));

        List<String> back = new ArrayList<>();
        listed.objectIds().forEachRemaining(back::add);

        assertThat(back).containsExactlyElementsOf(ids);
        assertThat(listed.objectIdCount()).isEqualTo(ids.size());
        assertThat(listed.documentIs("é".repeat(200), ListedFingerprints.hash("\"etag-" + "é".repeat(200).hashCode()
                + "\""))).isTrue();
        assertThat(listed.documentIs("o-1", ListedFingerprints.hash("\"etag-other\""))).isFalse();
    }

    @Test
    void anEmptyListingHasNoIds() {
        Iterator<String> none = new ListedFingerprints().objectIds();
        assertThat(none.hasNext()).isFalse();
        assertThatThrownBy(none::next).isInstanceOf(NoSuchElementException.class);
    }
}
