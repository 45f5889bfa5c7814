package io.esbackup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadAheadIteratorTest {
    private static final int D = ReadAheadIterator.DIRECT;
    private static final int B = ReadAheadIterator.BATCH;

    /** 0..size-1, failing at {@code failAt} if that is below size; counts and records its callers. */
    static final class Counting implements Iterator<Integer> {
        final int size;
        final int failAt;
        final AtomicInteger produced = new AtomicInteger();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        Counting(int size, int failAt) {
            this.size = size;
            this.failAt = failAt;
        }

        @Override
        public boolean hasNext() {
            return produced.get() < size;
        }

        @Override
        public Integer next() {
            threads.add(Thread.currentThread().getName());
            int i = produced.get();
            if (i == failAt) {
                throw new IllegalStateException("bad event at " + i);
            }
            return produced.getAndIncrement();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, D, D + 1, D + 3 * B, D + 3 * B + 1})
    void everyElementComesInOrder(int size) {
        Counting source = new Counting(size, -1);
        List<Integer> seen = new ArrayList<>();
        try (ReadAheadIterator<Integer> it = new ReadAheadIterator<>(source, "ri-test")) {
            while (it.hasNext()) {
                seen.add(it.next());
            }
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        }
        assertThat(seen).hasSize(size);
        for (int i = 0; i < size; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
        assertThat(source.threads.contains("ri-test")).isEqualTo(size > D);
    }

    @Test
    void aFailureComesAfterTheElementsBeforeIt() {
        int failAt = D + 2 * B + 17;
        Counting source = new Counting(D + 10 * B, failAt);
        int seen = 0;
        try (ReadAheadIterator<Integer> it = new ReadAheadIterator<>(source, "ri-fail")) {
            while (seen < failAt) {
                assertThat(it.next()).isEqualTo(seen++);
            }
            assertThatThrownBy(it::hasNext).isInstanceOf(IllegalStateException.class)
                    .hasMessage("bad event at " + failAt);
            assertThatThrownBy(it::hasNext).as("the source broke; it did not end")
                    .hasRootCauseMessage("bad event at " + failAt);
        }
    }

    @Test
    void itReadsAtMostAFewBatchesAheadAndCloseStopsIt() throws InterruptedException {
        Counting source = new Counting(Integer.MAX_VALUE, -1);
        ReadAheadIterator<Integer> it = new ReadAheadIterator<>(source, "ri-ahead");
        for (int i = 0; i <= D; i++) {
            it.next();
        }
        Thread.sleep(300);
        // The batch being read, AHEAD waiting and the one the consumer holds.
        assertThat(source.produced.get()).isLessThanOrEqualTo(D + (ReadAheadIterator.AHEAD + 2) * B);
        it.close();
        int after = source.produced.get();
        Thread.sleep(100);
        assertThat(source.produced.get()).isEqualTo(after);
        assertThat(it.hasNext()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("ri-ahead"));
    }
}
