package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The destination's manifests as hashes (section 7c, "Requests"): its bounds, which no copy test reaches. */
class ListedKeysTest {

    static List<String> keys(int n) {
        return IntStream.range(0, n).mapToObj(i -> "backups/Order/o-" + i + "/" + i + ".meta").toList();
    }

    @Test
    void anEmptyListingHoldsNothing() {
        ListedKeys listed = ListedKeys.of(Collections.emptyIterator(), 10);
        assertThat(listed).isNotNull();
        assertThat(listed.size()).isZero();
        assertThat(listed.mayContain("backups/Order/o-1/1.meta")).isFalse();
    }

    @Test
    void exactlyAtMostKeysAreKeptAndOneMoreIsTooMany() {
        // Past the first array of 1,024, so that it grows, and to a bound that is not a power of two.
        int atMost = 2_500;
        ListedKeys listed = ListedKeys.of(keys(atMost).iterator(), atMost);
        assertThat(listed).isNotNull();
        assertThat(listed.size()).isEqualTo(atMost);
        assertThat(keys(atMost)).allSatisfy(k -> assertThat(listed.mayContain(k)).as(k).isTrue());
        assertThat(listed.mayContain("backups/Order/o-" + atMost + "/" + atMost + ".meta")).isFalse();

        assertThat(ListedKeys.of(keys(atMost + 1).iterator(), atMost)).isNull();
    }
}
