package io.esbackup.blob;

import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.TransientStorageException;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link BlobStore} wrapper that retries what failed with a {@link TransientStorageException}.
 *
 * <p><b>Policy.</b> Only a {@code TransientStorageException} (or a subclass) is retried, decided by the
 * type of the thrown exception itself, never by its message or its causes; every other exception goes to
 * the caller at once. Attempts and waits follow a {@link RetryPolicy}: exponential backoff with jitter,
 * at most {@code maxAttempts} attempts. When they are used up, the caller gets a
 * {@code TransientStorageException} that names the operation, the key and the number of attempts, with the
 * last failure as its cause and the earlier ones suppressed. The waits go through an injected
 * {@link Sleeper} and the jitter comes from an injected {@link RandomGenerator}, so tests neither sleep
 * nor depend on chance. If the thread is interrupted while waiting, the interrupt flag is restored and the
 * last failure is thrown.
 *
 * <ul>
 *   <li>{@code read}, {@code stat} and {@code delete} are retried freely. A read is retried while it is
 *       being opened; a failure while its content is being read goes to the caller.</li>
 *   <li>{@code list} is retried until its first element has been returned (opening the listing and
 *       fetching the first element); once the caller has seen an element, a failure goes to the caller,
 *       since a new listing could repeat or skip elements.</li>
 *   <li>{@code write} is retried by calling the {@link BlobWriter} again, whether the failure came from
 *       the store or from the writer's stream. A writer given to this store must therefore be re-runnable:
 *       each call writes the same content from the start (the service's writers are: the archive writer
 *       reads the event store again, other writers write a byte array). A store abandons a write whose
 *       writer threw, so an attempt that failed part-way leaves nothing visible.</li>
 *   <li>A {@linkplain WriteCondition#createOnly() create-only} write that gets an
 *       {@link AlreadyExistsException} on a retry is <em>not</em> reported as a success: the earlier
 *       attempt's outcome was unknown, and the key may hold our content or someone else's. The caller
 *       gets an {@code AlreadyExistsException} that says so (the earlier failure suppressed), exactly as
 *       if another writer had taken the key. An if-match write that loses on a retry likewise reports the
 *       store's {@code ConflictException}.</li>
 * </ul>
 *
 * <p>Thread-safe if the {@link Sleeper} and the {@link RandomGenerator} are.
 */
public final class RetryingBlobStore extends ForwardingBlobStore {

    /** Waits between attempts; {@code Thread::sleep} in production, a recorder in tests. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper THREAD = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

        void sleep(Duration duration) throws InterruptedException;
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run();
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();

    /** Retries with {@link RetryPolicy#DEFAULT}, real sleeps and {@code random}'s jitter. */
    public RetryingBlobStore(BlobStore delegate, RandomGenerator random) {
        this(delegate, RetryPolicy.DEFAULT, Sleeper.THREAD, random);
    }

    public RetryingBlobStore(BlobStore delegate, RetryPolicy policy, Sleeper sleeper, RandomGenerator random) {
        super(delegate);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** How many retries this store has made (attempts after the first of each operation). */
    public long retries() {
        return retries.get();
    }

    /** How many operations gave up after {@code maxAttempts} transient failures. */
    public long givenUp() {
        return givenUp.get();
    }

    @Override
    public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
        TransientStorageException[] earlier = new TransientStorageException[1];
        return retry("write", key, () -> {
            try {
                return super.write(key, condition, writer);
            } catch (AlreadyExistsException e) {
                if (earlier[0] == null) {
                    throw e;
                }
                AlreadyExistsException unknown = new AlreadyExistsException(key + " exists after an earlier "
                        + "attempt to create it failed with an unknown outcome; it may or may not hold this "
                        + "write's content", e);
                unknown.addSuppressed(earlier[0]);
                throw unknown;
            } catch (TransientStorageException e) {
                earlier[0] = e;
                throw e;
            }
        });
    }

    @Override
    public Optional<Blob> read(String key) {
        return retry("read", key, () -> super.read(key));
    }

    @Override
    public Optional<Blob> readRange(String key, long offset, long length) {
        return retry("read", key, () -> super.readRange(key, offset, length));
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        return retry("stat", key, () -> super.stat(key));
    }

    @Override
    public boolean delete(String key) {
        return retry("delete", key, () -> super.delete(key));
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        Stream<BlobInfo> first = retry("list", prefix, () -> super.list(prefix));
        FirstElementRetry it = new FirstElementRetry(prefix, first);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.NONNULL), false)
                .onClose(it::close);
    }

    private <T> T retry(String op, String key, Attempt<T> attempt) {
        TransientStorageException last = null;
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (TransientStorageException e) {
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
                if (n >= policy.maxAttempts()) {
                    givenUp.incrementAndGet();
                    throw new TransientStorageException(op + " of " + key + " failed after " + n
                            + (n == 1 ? " attempt: " : " attempts: ") + e.getMessage(), e);
                }
            }
            try {
                sleeper.sleep(policy.delay(n, random));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientStorageException(op + " of " + key + " interrupted while waiting to retry "
                        + "after " + n + " attempts: " + last.getMessage(), last);
            }
            retries.incrementAndGet();
        }
    }

    /** A listing whose opening and first element are retried; after that, failures go to the caller. */
    private final class FirstElementRetry implements Iterator<BlobInfo> {
        private final String prefix;
        private Stream<BlobInfo> stream;
        private Iterator<BlobInfo> iterator;
        private boolean returned;

        FirstElementRetry(String prefix, Stream<BlobInfo> opened) {
            this.prefix = prefix;
            this.stream = opened;
        }

        @Override
        public boolean hasNext() {
            if (returned) {
                return iterator.hasNext();
            }
            boolean[] reopen = {false};
            return retry("list", prefix, () -> {
                if (reopen[0]) {
                    stream.close();
                    stream = RetryingBlobStore.super.list(prefix);
                    iterator = null;
                }
                reopen[0] = true;
                if (iterator == null) {
                    iterator = stream.iterator();
                }
                return iterator.hasNext();
            });
        }

        @Override
        public BlobInfo next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            returned = true;
            return iterator.next();
        }

        void close() {
            stream.close();
        }
    }
}
