package io.esbackup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BackgroundOutputStreamTest {
    private static final int B = BackgroundOutputStream.BUFFER;

    /** Records what reaches it, on which threads, and how often it is closed. */
    static class Sink extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public synchronized void write(int b) {
            threads.add(Thread.currentThread().getName());
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            threads.add(Thread.currentThread().getName());
            bytes.write(b, off, len);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, B - 1, B, B + 1, 10 * B + 123})
    void everyByteArrivesInOrderAndTheTargetIsClosedOnce(int size) throws IOException {
        byte[] data = random(size, size);
        Sink sink = new Sink();
        BackgroundOutputStream out = new BackgroundOutputStream(sink, "bg-test");
        Random r = new Random(7);
        int i = 0;
        while (i < size) {
            if (r.nextInt(4) == 0) {
                out.write(data[i++]);
            } else {
                int n = Math.min(size - i, 1 + r.nextInt(3 * B / 2));
                out.write(data, i, n);
                i += n;
            }
        }
        out.close();
        out.close();
        assertThat(sink.bytes.toByteArray()).isEqualTo(data);
        assertThat(sink.closes).hasValue(1);
    }

    @Test
    void aSmallOutputIsWrittenOnTheCallersThreadAndABigOneOnTheWorker() throws IOException {
        Sink small = new Sink();
        try (BackgroundOutputStream out = new BackgroundOutputStream(small, "bg-worker")) {
            out.write(random(B - 1, 1));
        }
        assertThat(small.threads).containsExactly(Thread.currentThread().getName());

        Sink big = new Sink();
        try (BackgroundOutputStream out = new BackgroundOutputStream(big, "bg-worker")) {
            out.write(random(3 * B, 2));
        }
        assertThat(big.threads).contains("bg-worker");
    }

    @Test
    void aFailureDownstreamIsThrownToTheProducerAndTheTargetIsClosed() {
        AtomicInteger closes = new AtomicInteger();
        OutputStream failing = new OutputStream() {
            int writes;

            @Override
            public void write(int b) {
                throw new AssertionError("not used");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes == 2) {
                    throw new IOException("disk full");
                }
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        BackgroundOutputStream out = new BackgroundOutputStream(failing, "bg-fail");
        assertThatThrownBy(() -> {
            byte[] chunk = new byte[B];
            for (int i = 0; i < 100; i++) {
                out.write(chunk);
            }
            out.close();
        }).isInstanceOf(IOException.class).hasMessage("disk full");
        out.abandon();
        assertThat(closes).hasValue(1);
    }

    @Test
    void aFailureThrownByTheBodyAndByCloseStaysTheRealErrorAndCloseKeepsFailing() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("not used");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        BackgroundOutputStream[] out = new BackgroundOutputStream[1];
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (BackgroundOutputStream o = new BackgroundOutputStream(full, "bg-full")) {
                out[0] = o;
                byte[] chunk = new byte[B];
                for (int i = 0; i < 100; i++) {
                    o.write(chunk);
                }
            }
        });
        // try-with-resources adds close's exception to the body's: it must not be the same object.
        assertThat(thrown).isInstanceOf(IOException.class).hasMessage("No space left on device");
        assertThat(thrown.getSuppressed()).singleElement().satisfies(s -> assertThat(s)
                .isInstanceOf(IOException.class).hasCause(thrown));
        assertThatThrownBy(out[0]::close).as("a later close fails too").isInstanceOf(IOException.class)
                .hasRootCauseMessage("No space left on device");
    }

    @Test
    void aSlowTargetHoldsTheProducerBackSoMemoryStaysBounded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        OutputStream blocked = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        BackgroundOutputStream out = new BackgroundOutputStream(blocked, "bg-slow");
        AtomicLong accepted = new AtomicLong();
        Thread producer = new Thread(() -> {
            try {
                byte[] chunk = new byte[B];
                for (int i = 0; i < 64; i++) {
                    out.write(chunk);
                    accepted.addAndGet(B);
                }
                out.close();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        producer.start();
        Thread.sleep(300);
        // One buffer in the worker's hands, IN_FLIGHT waiting, one being filled.
        assertThat(accepted.get()).isLessThanOrEqualTo((BackgroundOutputStream.IN_FLIGHT + 3L) * B);
        release.countDown();
        producer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(accepted.get()).isEqualTo(64L * B);
    }

    @Test
    void abandonStopsTheWorkerAndClosesTheTarget() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        Sink sink = new Sink() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writing.countDown();
                super.write(b, off, len);
            }
        };
        BackgroundOutputStream out = new BackgroundOutputStream(sink, "bg-abandon");
        out.write(random(5 * B, 3));
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
        out.abandon();
        assertThat(sink.closes).hasValue(1);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("bg-abandon"));
    }
}
