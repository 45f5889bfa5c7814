package io.esbackup.testkit;

import static io.esbackup.blob.WriteCondition.createOnly;
import static io.esbackup.blob.WriteCondition.ifMatch;
import static io.esbackup.blob.WriteCondition.overwrite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link BlobStore} must have. An implementation's test extends this class and only
 * supplies a {@link BlobStoreFixture}; every test runs against a new, empty store and asserts a documented
 * outcome, so a store that cannot do something fails here rather than in a backup.
 */
public abstract class BlobStoreConformance {
    private static final int RACERS = 8;
    private static final int RACE_ROUNDS = 10;

    private BlobStoreFixture fixture;
    /** The store under test; a new one for every test. */
    protected BlobStore store;

    /** The implementation under test. */
    protected abstract BlobStoreFixture fixture();

    @BeforeEach
    void createStore() {
        fixture = fixture();
        store = fixture.create();
    }

    @AfterEach
    void cleanUpStore() throws Exception {
        if (fixture != null) {
            fixture.cleanup();
        }
    }

    @Test
    void writeThenReadReturnsTheSameBytesAndInfo() throws IOException {
        for (String key : List.of("docs/greeting.txt", "ünïcödé/日本/with space & sign+=.json")) {
            byte[] data = utf8("hello from " + key);
            BlobInfo written = store.write(key, createOnly(), data);
            assertThat(written.key()).isEqualTo(key);
            assertThat(written.size()).isEqualTo(data.length);
            assertThat(written.etag()).isNotBlank();
            try (Blob blob = store.read(key).orElseThrow(() -> new AssertionError("no blob at " + key))) {
                assertThat(blob.info().key()).isEqualTo(key);
                assertThat(blob.info().size()).isEqualTo(data.length);
                assertThat(blob.info().etag()).isEqualTo(written.etag());
                assertThat(blob.content().readAllBytes()).isEqualTo(data);
            }
        }
    }

    @Test
    void emptyBlobRoundTrips() {
        BlobInfo written = store.write("empty/blob", createOnly(), new byte[0]);
        assertThat(written.size()).isZero();
        assertThat(store.readAllBytes("empty/blob")).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(store.stat("empty/blob")).map(BlobInfo::size).hasValue(0L);
    }

    @Test
    void multiMegabyteBlobIsStreamedBothWays() throws IOException {
        long size = 8L * 1024 * 1024 + 321;
        BlobInfo written = store.write("big/archive.bin", createOnly(), Content.streamed(7, size));
        assertThat(written.size()).isEqualTo(size);
        try (Blob blob = store.read("big/archive.bin").orElseThrow(); InputStream in = blob.content()) {
            assertThat(Content.lengthAndSha256(in)).isEqualTo(size + ":" + Content.sha256(7, size));
        }
        assertThat(store.stat("big/archive.bin")).map(BlobInfo::size).hasValue(size);
    }

    @Test
    void rangeReadReturnsExactlyTheRangeAndTheWholeBlobsInfo() throws IOException {
        long size = 5L * 1024 * 1024 + 77; // past one Azure block, so a range may span two
        BlobInfo written = store.write("range/pack", createOnly(), Content.streamed(11, size));
        byte[] all;
        try (Blob blob = store.read("range/pack").orElseThrow()) {
            all = blob.content().readAllBytes();
        }
        long[][] ranges = {{0, 10}, {1234, 1}, {4L * 1024 * 1024 - 3, 9}, {size - 5, 5}, {size - 5, 100}, {17, 0},
                {size, 10}, {size + 10, 3}};
        for (long[] r : ranges) {
            try (Blob blob = store.readRange("range/pack", r[0], r[1]).orElseThrow()) {
                int from = (int) Math.min(r[0], size);
                int to = (int) Math.min(size, r[0] + r[1]);
                assertThat(blob.content().readAllBytes()).as("bytes %d+%d", r[0], r[1])
                        .isEqualTo(Arrays.copyOfRange(all, from, to));
                assertThat(blob.info().size()).as("the whole blob's size").isEqualTo(size);
                assertThat(blob.info().etag()).isEqualTo(written.etag());
            }
        }
        assertThat(store.readRange("range/missing", 0, 10)).isEmpty();
        assertThatThrownBy(() -> store.readRange("range/pack", -1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset");
        assertThatThrownBy(() -> store.readRange("range/pack", 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
    }

    /**
     * Whether writing the same bytes again gives a new ETag: true for a store whose ETags name a write (Azure, a
     * local folder, memory), false for one whose ETags name the content (S3's are the MD5 of the bytes). Either
     * way different bytes always get a different ETag, which is what a conditional write needs.
     */
    protected boolean sameBytesGetANewEtag() {
        return true;
    }

    @Test
    void etagChangesOnEveryWriteOfNewBytes() {
        String key = "etag/new";
        Set<String> seen = new HashSet<>();
        BlobInfo current = store.write(key, createOnly(), utf8("v0"));
        seen.add(current.etag());
        for (int i = 1; i <= 20; i++) {
            current = i % 2 == 0 ? store.write(key, overwrite(), utf8("v" + i))
                    : store.write(key, ifMatch(current.etag()), utf8("v" + i));
            assertThat(seen.add(current.etag())).as("write %d returned a new ETag, not %s", i, current.etag()).isTrue();
            assertThat(store.stat(key)).map(BlobInfo::etag).hasValue(current.etag());
        }
    }

    @Test
    void theSameBytesWrittenAgainGetANewEtagOrTheSameAsTheStoreDeclares() {
        String key = "etag/k";
        Set<String> seen = new HashSet<>();
        BlobInfo current = store.write(key, createOnly(), utf8("same"));
        seen.add(current.etag());
        for (int i = 0; i < 20; i++) {
            current = i % 2 == 0 ? store.write(key, overwrite(), utf8("same"))
                    : store.write(key, ifMatch(current.etag()), utf8("same"));
            if (sameBytesGetANewEtag()) {
                assertThat(seen.add(current.etag())).as("write %d returned a new ETag, not %s", i, current.etag())
                        .isTrue();
            } else {
                assertThat(seen).as("write %d of the same bytes: the ETag names the content", i)
                        .containsExactly(current.etag());
            }
            assertThat(store.stat(key)).map(BlobInfo::etag).hasValue(current.etag());
        }
        assertThat(store.delete(key)).isTrue();
        BlobInfo recreated = store.write(key, createOnly(), utf8("same"));
        if (sameBytesGetANewEtag()) {
            assertThat(seen).as("ETag of a deleted and recreated blob").doesNotContain(recreated.etag());
        }
    }

    @Test
    void createOnlyOnAnExistingKeyThrowsAndKeepsTheOldContent() {
        BlobInfo old = store.write("co/k", createOnly(), utf8("first"));
        assertThatThrownBy(() -> store.write("co/k", createOnly(), utf8("second")))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(text("co/k")).hasValue("first");
        assertThat(store.stat("co/k")).map(BlobInfo::etag).hasValue(old.etag());
    }

    @Test
    void ifMatchWithAStaleEtagThrowsConflictAndKeepsTheContent() {
        BlobInfo first = store.write("im/k", createOnly(), utf8("v1"));
        BlobInfo second = store.write("im/k", ifMatch(first.etag()), utf8("v2"));
        assertThatThrownBy(() -> store.write("im/k", ifMatch(first.etag()), utf8("v3")))
                .isInstanceOf(ConflictException.class);
        assertThat(text("im/k")).hasValue("v2");
        assertThat(store.stat("im/k")).map(BlobInfo::etag).hasValue(second.etag());
    }

    @Test
    void ifMatchWithTheCurrentEtagReplacesTheContent() {
        BlobInfo first = store.write("im/k", createOnly(), utf8("v1"));
        String current = store.stat("im/k").orElseThrow().etag();
        assertThat(current).isEqualTo(first.etag());
        BlobInfo second = store.write("im/k", ifMatch(current), utf8("version two"));
        assertThat(second.etag()).isNotEqualTo(first.etag());
        assertThat(second.size()).isEqualTo(utf8("version two").length);
        assertThat(text("im/k")).hasValue("version two");
    }

    @Test
    void ifMatchOnAMissingKeyThrowsConflictAndCreatesNothing() {
        BlobInfo gone = store.write("im/gone", createOnly(), utf8("soon deleted"));
        assertThat(store.delete("im/gone")).isTrue();
        assertThatThrownBy(() -> store.write("im/gone", ifMatch(gone.etag()), utf8("resurrected")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.write("im/never", ifMatch("\"no-such-etag\""), utf8("x")))
                .isInstanceOf(ConflictException.class);
        assertThat(store.stat("im/gone")).isEmpty();
        assertThat(store.stat("im/never")).isEmpty();
    }

    @Test
    void overwriteReplacesExistingContentAndCreatesMissingKeys() {
        store.write("ow/k", createOnly(), utf8("old content, longer"));
        BlobInfo replaced = store.write("ow/k", overwrite(), utf8("new"));
        assertThat(text("ow/k")).hasValue("new");
        assertThat(replaced.size()).isEqualTo(3);
        store.write("ow/fresh", overwrite(), utf8("created"));
        assertThat(text("ow/fresh")).hasValue("created");
    }

    @Test
    void aFailingWriterLeavesNothingVisibleUnderANewKey() {
        store.write("partial/sibling", createOnly(), utf8("kept"));
        for (WriteCondition condition : List.of(createOnly(), overwrite())) {
            IOException boom = new IOException("writer failed");
            Throwable thrown = catchThrowable(() -> store.write("partial/new", condition, failingWriter(boom)));
            assertWriterFailure(thrown, "partial/new", boom);
            assertThat(store.read("partial/new")).isEmpty();
            assertThat(store.stat("partial/new")).isEmpty();
            assertThat(keys("partial/")).containsExactly("partial/sibling");
            assertThat(keys("")).containsExactly("partial/sibling");
        }
    }

    @Test
    void aFailingWriterKeepsTheOldContentOfAnExistingKey() {
        BlobInfo old = store.write("partial/k", createOnly(), utf8("old"));
        for (WriteCondition condition : List.of(overwrite(), ifMatch(old.etag()))) {
            IOException boom = new IOException("writer failed");
            Throwable thrown = catchThrowable(() -> store.write("partial/k", condition, failingWriter(boom)));
            assertWriterFailure(thrown, "partial/k", boom);
            assertThat(text("partial/k")).hasValue("old");
            assertThat(store.stat("partial/k")).map(BlobInfo::etag).hasValue(old.etag());
        }
        store.write("partial/k", ifMatch(old.etag()), utf8("new"));
        assertThat(text("partial/k")).hasValue("new");
    }

    @Test
    void statAgreesWithReadAndWrite() throws IOException {
        for (int size : new int[] {0, 1, 1000}) {
            String key = "stat/" + size;
            BlobInfo written = store.write(key, createOnly(), new byte[size]);
            BlobInfo stat = store.stat(key).orElseThrow(() -> new AssertionError("no stat for " + key));
            try (Blob blob = store.read(key).orElseThrow()) {
                for (BlobInfo info : List.of(stat, blob.info())) {
                    assertThat(info.key()).isEqualTo(key);
                    assertThat(info.size()).isEqualTo(size);
                    assertThat(info.etag()).isEqualTo(written.etag());
                    assertThat(info.lastModified()).isNotNull();
                }
                assertThat(blob.content().readAllBytes()).hasSize(size);
            }
        }
        assertThat(store.stat("stat/missing")).isEmpty();
        assertThat(store.read("stat/missing")).isEmpty();
    }

    @Test
    void listReturnsExactlyTheKeysUnderAPrefix() {
        List<String> all = List.of("a/b/c1", "a/b/c2", "a/bc/d", "a/b2", "a/x/y/z", "ab/c", "top");
        all.forEach(k -> store.write(k, createOnly(), utf8(k)));
        assertThat(keys("")).containsExactlyInAnyOrderElementsOf(all);
        assertThat(keys("a/b/")).containsExactlyInAnyOrder("a/b/c1", "a/b/c2");
        assertThat(keys("a/b")).containsExactlyInAnyOrder("a/b/c1", "a/b/c2", "a/bc/d", "a/b2");
        assertThat(keys("a/")).containsExactlyInAnyOrder("a/b/c1", "a/b/c2", "a/bc/d", "a/b2", "a/x/y/z");
        assertThat(keys("a")).containsExactlyInAnyOrder("a/b/c1", "a/b/c2", "a/bc/d", "a/b2", "a/x/y/z", "ab/c");
        assertThat(keys("a/x/y/")).containsExactly("a/x/y/z");
        assertThat(keys("a/b/c1")).containsExactly("a/b/c1");
        assertThat(keys("t")).containsExactly("top");
        assertThat(keys("a/q")).isEmpty();
        assertThat(keys("nothing/")).isEmpty();
        try (Stream<BlobInfo> listed = store.list("a/b/")) {
            listed.forEach(info -> assertThat(info).isEqualTo(store.stat(info.key()).orElseThrow()));
        }
    }

    /**
     * Laziness itself cannot be observed through the interface; what it is for can: a listing larger than
     * one page of a cloud store (1,000 keys on S3) comes back whole, a short-circuiting consumer stops
     * early, and retention clean-up can delete what it is being handed.
     */
    @Test
    void listStreamsMorePagesThanOneAndToleratesDeletesWhileConsumed() {
        Set<String> expected = IntStream.range(0, 1050).mapToObj(i -> String.format("many/%04d", i))
                .collect(Collectors.toSet());
        expected.forEach(k -> store.write(k, createOnly(), new byte[] {1}));
        try (Stream<BlobInfo> listed = store.list("many/")) {
            assertThat(listed.limit(5).map(BlobInfo::key).toList()).hasSize(5).doesNotHaveDuplicates()
                    .allMatch(expected::contains);
        }
        assertThat(keys("many/")).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
        List<String> deleted = new ArrayList<>();
        try (Stream<BlobInfo> listed = store.list("many/")) {
            for (Iterator<BlobInfo> it = listed.iterator(); it.hasNext(); ) {
                String key = it.next().key();
                assertThat(store.delete(key)).as("deleting %s", key).isTrue();
                deleted.add(key);
            }
        }
        assertThat(deleted).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(keys("many/")).isEmpty();
    }

    @Test
    void deleteReportsWhetherTheBlobExistedAndRemovesOnlyIt() {
        store.write("del/a", createOnly(), utf8("a"));
        store.write("del/ab", createOnly(), utf8("ab"));
        assertThat(store.delete("del/a")).isTrue();
        assertThat(store.read("del/a")).isEmpty();
        assertThat(store.stat("del/a")).isEmpty();
        assertThat(keys("del/")).containsExactly("del/ab");
        assertThat(store.delete("del/a")).isFalse();
        assertThat(store.delete("del/never")).isFalse();
        assertThat(text("del/ab")).hasValue("ab");
    }

    static Stream<String> invalidKeys() {
        return Stream.of(null, "", "..", "a/../b", "a/..", "./a", "/a", "a/", "a//b", "a\\b", "a\u0000b", "a\nb",
                "a\u007fb", "k".repeat(1025));
    }

    @ParameterizedTest
    @MethodSource("invalidKeys")
    void invalidKeysAreRejectedByEveryMethod(String key) {
        assertThatThrownBy(() -> store.write(key, overwrite(), utf8("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.stat(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.checkKey(key)).isInstanceOf(IllegalArgumentException.class);
        assertThat(keys("")).isEmpty();
    }

    @Test
    void checkKeyAcceptsTheKeysTheStoreWritesAndWritesNothing() {
        for (String key : List.of("a", "a/b/c.json", "backups/order/o-1/" + "x".repeat(40) + ".meta")) {
            store.checkKey(key);
        }
        assertThat(keys("")).isEmpty();
        store.write("a/b/c.json", createOnly(), utf8("x"));
        store.checkKey("a/b/c.json");
        assertThat(keys("")).containsExactly("a/b/c.json");
    }

    @Test
    void invalidPrefixesAreRejectedAndTheEmptyPrefixListsEverything() {
        for (String prefix : new String[] {null, "/", "/a", "..", "a/../", "a//", "a\\", "a\u0001"}) {
            assertThatThrownBy(() -> store.list(prefix)).as("prefix %s", prefix)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        store.write("x/y", createOnly(), utf8("x"));
        assertThat(keys("")).containsExactly("x/y");
    }

    @Test
    void concurrentCreateOnlyWritersOfOneKeyHaveExactlyOneWinner() {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            String key = "race/create-" + round;
            List<Race.Outcome<BlobInfo>> outcomes = Race.run(RACERS, i -> store.write(key, createOnly(), racer(i)));
            assertExactlyOneWinner(key, outcomes, AlreadyExistsException.class);
        }
    }

    @Test
    void concurrentIfMatchWritersWithTheSameEtagHaveExactlyOneWinner() {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            String key = "race/update-" + round;
            String etag = store.write(key, createOnly(), utf8("initial")).etag();
            List<Race.Outcome<BlobInfo>> outcomes = Race.run(RACERS, i -> store.write(key, ifMatch(etag), racer(i)));
            assertExactlyOneWinner(key, outcomes, ConflictException.class);
        }
    }

    private void assertExactlyOneWinner(String key, List<Race.Outcome<BlobInfo>> outcomes,
                                        Class<? extends Throwable> loss) {
        List<Integer> winners = IntStream.range(0, outcomes.size()).filter(i -> outcomes.get(i).succeeded())
                .boxed().toList();
        assertThat(winners).as("writers of %s that succeeded", key).hasSize(1);
        outcomes.stream().filter(o -> !o.succeeded())
                .forEach(o -> assertThat(o.error()).as("a losing writer of %s", key).isInstanceOf(loss));
        int winner = winners.get(0);
        assertThat(store.readAllBytes(key)).hasValueSatisfying(b -> assertThat(b).isEqualTo(racer(winner)));
        assertThat(store.stat(key)).map(BlobInfo::etag).hasValue(outcomes.get(winner).value().etag());
    }

    /** Distinct content per racer, large enough that writes overlap in time. */
    private static byte[] racer(int index) {
        return utf8(("racer " + index + ";").repeat(4000));
    }

    private static BlobWriter failingWriter(IOException failure) {
        return out -> {
            // Past a megabyte, so that stores which hand big writes to another thread fail there too.
            out.write(new byte[1_100_000]);
            throw failure;
        };
    }

    /** A writer's IOException surfaces as a StorageException naming the key, with the writer's failure kept. */
    private static void assertWriterFailure(Throwable thrown, String key, IOException boom) {
        assertThat(thrown).as("what the write threw").isInstanceOf(StorageException.class).hasMessageContaining(key);
        assertThat(causes(thrown)).as("the thrown exception or its causes").contains(boom);
    }

    private static List<Throwable> causes(Throwable thrown) {
        return Stream.iterate(thrown, Objects::nonNull, Throwable::getCause).toList();
    }

    private Optional<String> text(String key) {
        return store.readAllBytes(key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The keys listed under {@code prefix}, checking that none is listed twice. */
    private List<String> keys(String prefix) {
        try (Stream<BlobInfo> listed = store.list(prefix)) {
            List<String> keys = listed.map(BlobInfo::key).toList();
            assertThat(keys).as("keys listed under '%s'", prefix).doesNotHaveDuplicates();
            return keys;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
