package io.esbackup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadAheadInputStreamTest {
    private static final int D = ReadAheadInputStream.DIRECT;
    private static final int B = ReadAheadInputStream.BUFFER;

    /** Records the threads that read it and how often it is closed. */
    static final class Source extends FilterInputStream {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger closes = new AtomicInteger();

        Source(byte[] data) {
            super(new ByteArrayInputStream(data));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            threads.add(Thread.currentThread().getName());
            return super.read(b, off, len);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, D - 1, D, D + 1, D + 10 * B + 7})
    void everyByteIsReadInOrder(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Source source = new Source(data);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        Random r = new Random(3);
        try (ReadAheadInputStream in = new ReadAheadInputStream(source, "ra-test")) {
            while (true) {
                if (r.nextInt(5) == 0) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    read.write(b);
                } else {
                    byte[] buf = new byte[1 + r.nextInt(2 * B)];
                    int n = in.read(buf, 0, buf.length);
                    if (n < 0) {
                        break;
                    }
                    read.write(buf, 0, n);
                }
            }
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(read.toByteArray()).isEqualTo(data);
        assertThat(source.closes).hasValue(1);
    }

    @Test
    void aSmallInputIsReadOnTheCallersThread() throws IOException {
        Source small = new Source(new byte[D - 1]);
        try (ReadAheadInputStream in = new ReadAheadInputStream(small, "ra-worker")) {
            in.transferTo(ByteArrayOutputStream.nullOutputStream());
        }
        assertThat(small.threads).doesNotContain("ra-worker");

        Source big = new Source(new byte[D + 3 * B]);
        try (ReadAheadInputStream in = new ReadAheadInputStream(big, "ra-worker")) {
            in.transferTo(ByteArrayOutputStream.nullOutputStream());
        }
        assertThat(big.threads).contains("ra-worker");
    }

    @Test
    void aFailureComesAfterTheBytesReadBeforeIt() throws IOException {
        int good = D + 2 * B + 11;
        InputStream failing = new InputStream() {
            int pos;

            @Override
            public int read() {
                throw new AssertionError("not used");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos == good) {
                    throw new IOException("connection reset");
                }
                int n = Math.min(len, good - pos);
                pos += n;
                return n;
            }
        };
        try (ReadAheadInputStream in = new ReadAheadInputStream(failing, "ra-fail")) {
            byte[] buf = new byte[good];
            assertThat(in.readNBytes(buf, 0, good)).isEqualTo(good);
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("connection reset");
            // The input broke; it did not end: every later read says so.
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasRootCauseMessage("connection reset");
            assertThatThrownBy(() -> in.read(new byte[10], 0, 10)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void closeMidwayStopsTheWorkerAndClosesTheSource() throws IOException {
        Source source = new Source(new byte[D + 50 * B]);
        ReadAheadInputStream in = new ReadAheadInputStream(source, "ra-close");
        in.readNBytes(D + B);
        in.close();
        assertThat(source.closes).hasValue(1);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("ra-close"));
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }
}
