package io.esbackup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunksTest {

    @Test
    void takesTheInputInChunksReadingEachOnlyWhenAskedFor() {
        AtomicInteger read = new AtomicInteger();
        Iterator<Integer> input = IntStream.range(0, 7).peek(i -> read.incrementAndGet()).iterator();
        Chunks<Integer> chunks = new Chunks<>(input, 3);

        assertThat(read).hasValue(0);
        assertThat(chunks.next()).containsExactly(0, 1, 2);
        assertThat(read).hasValue(3);
        assertThat(chunks.next()).containsExactly(3, 4, 5);
        assertThat(chunks.hasNext()).isTrue();
        assertThat(chunks.next()).containsExactly(6);
        assertThat(chunks.hasNext()).isFalse();
        assertThatThrownBy(chunks::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aFailureOfTheInputPartWayThroughAChunkComesAfterTheItemsReadBeforeIt() {
        IllegalStateException broken = new IllegalStateException("ids file broke at line 5");
        Iterator<Integer> input = IntStream.range(0, 10).map(i -> {
            if (i == 4) {
                throw broken;
            }
            return i;
        }).iterator();
        Chunks<Integer> chunks = new Chunks<>(input, 3);

        assertThat(chunks.next()).containsExactly(0, 1, 2);
        assertThat(chunks.next()).as("the item read before the failure").containsExactly(3);
        assertThatThrownBy(chunks::hasNext).isSameAs(broken);
    }

    @Test
    void aSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> new Chunks<>(List.<Integer>of().iterator(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size must be at least 1");
    }
}
