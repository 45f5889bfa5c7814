package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Shard}: its bounds, {@code K/N} as the command line writes it, and the documented rule, checked
 * against values computed outside Java and against the rule recomputed here with {@link BigInteger}.
 */
class ShardTest {

    /** The documented rule, computed another way: unsigned through BigInteger, not Long.remainderUnsigned. */
    private static int rule(String objectId, int count) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(objectId.getBytes(StandardCharsets.UTF_8));
        return new BigInteger(1, Arrays.copyOf(digest, 8)).mod(BigInteger.valueOf(count)).intValueExact();
    }

    /**
     * Expected shards from Python: {@code int.from_bytes(hashlib.sha256(id.encode()).digest()[:8], 'big') % n}.
     * The digest of Bestellung-Müller starts with 0xbc, so a signed reading would put it elsewhere.
     */
    @ParameterizedTest
    @CsvSource({
        "A-1001, 1, 2, 6, 567, 10671",
        "o-1, 0, 0, 2, 522, 42370",
        "order-42, 1, 1, 5, 703, 36591",
        "Bestellung-Müller, 0, 0, 1, 456, 27760",
        "00000000-0000-0000-0000-000000000000, 0, 2, 1, 868, 23700",
    })
    void fixedIdsLandWhereTheDocumentedRuleSays(String id, int of2, int of3, int of7, int of1000, int of65536)
            throws Exception {
        int[] counts = {2, 3, 7, 1000, 65_536};
        int[] expected = {of2, of3, of7, of1000, of65536};
        for (int i = 0; i < counts.length; i++) {
            assertThat(Shard.of(id, counts[i])).as("%s of %d", id, counts[i]).isEqualTo(expected[i])
                    .isEqualTo(rule(id, counts[i]));
            assertThat(new Shard(expected[i], counts[i]).contains(id)).isTrue();
        }
        assertThat(Shard.ALL.contains(id)).isTrue();
    }

    @Test
    void overManyIdsEachIdIsInExactlyOneShardAndTheRuleHolds() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int trial = 0; trial < 2_000; trial++) {
            int count = 1 + random.nextInt(trial % 2 == 0 ? 16 : Shard.MAX_COUNT);
            String id = trial % 3 == 0 ? UUID.randomUUID().toString() : "o-" + random.nextInt(1_000_000);
            int in = 0;
            int found = -1;
            for (int k = 0; k < Math.min(count, 64); k++) {
                if (new Shard(k, count).contains(id)) {
                    in++;
                    found = k;
                }
            }
            int expected = rule(id, count);
            assertThat(Shard.of(id, count)).as("seed %d: %s of %d", seed, id, count).isEqualTo(expected);
            assertThat(in).as("seed %d: shards among the first 64 of %d holding %s", seed, count, id)
                    .isEqualTo(expected < 64 ? 1 : 0);
            if (expected < 64) {
                assertThat(found).isEqualTo(expected);
            }
            assertThat(new Shard(expected, count).contains(id)).isTrue();
        }
    }

    @Test
    void idsSpreadOverTheShards() {
        int[] sizes = new int[4];
        for (int i = 0; i < 4_000; i++) {
            sizes[Shard.of("o-" + i, 4)]++;
        }
        // About 1,000 each; far outside this would mean the rule is not using the hash.
        assertThat(IntStream.of(sizes).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(850, 1_150));
    }

    @ParameterizedTest
    @CsvSource({"0/1, 0, 1", "2/3, 2, 3", " 0 / 4 , 0, 4", "65535/65536, 65535, 65536", "007/010, 7, 10"})
    void parseReadsKOverN(String text, int index, int count) {
        assertThat(Shard.parse(text)).isEqualTo(new Shard(index, count));
    }

    @Test
    void toStringIsWhatParseReads() {
        assertThat(new Shard(3, 8)).hasToString("3/8");
        assertThat(Shard.parse(new Shard(3, 8).toString())).isEqualTo(new Shard(3, 8));
        assertThat(Shard.ALL).isEqualTo(new Shard(0, 1)).hasToString("0/1");
        assertThat(Shard.ALL.isAll()).isTrue();
        assertThat(new Shard(0, 2).isAll()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3", "3/", "/3", "a/b", "1/2/3", "-1/3", "1.5/3", "1,3", "99999999999/3"})
    void parseRefusesWhatIsNotKOverN(String text) {
        assertThatThrownBy(() -> Shard.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "' is not K/N").hasMessageContaining("0 <= K < N <= 65536");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3/3", "4/3", "0/0", "0/65537", "1/0"})
    void parseRefusesKOverNOutOfRange(String text) {
        assertThatThrownBy(() -> Shard.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "' is out of range").hasMessageContaining("0 <= K < N <= 65536");
    }

    @Test
    void parseRefusesNull() {
        assertThatThrownBy(() -> Shard.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shard must not be null").hasMessageContaining("K/N");
    }

    @Test
    void theConstructorNamesTheArgumentOutOfRange() {
        assertThatThrownBy(() -> new Shard(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count must be between 1 and 65536, was 0");
        assertThatThrownBy(() -> new Shard(0, 65_537)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count must be between 1 and 65536, was 65537");
        assertThatThrownBy(() -> new Shard(3, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index must be between 0 and count - 1 (2), was 3");
        assertThatThrownBy(() -> new Shard(-1, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index must be between 0 and count - 1 (2), was -1");
        assertThatThrownBy(() -> Shard.of("o-1", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count must be between 1 and 65536");
        assertThatThrownBy(() -> new Shard(0, 2).contains(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("objectId must not be null");
        assertThatThrownBy(() -> BulkBackupOptions.builder().shard(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shard must not be null");
    }
}
