package io.esbackup.cli;

import static io.esbackup.cli.CliRun.oneDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.backup.Shard;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --shard K/N} on backup-many, validate --all and cleanup, in-process: each run touches only its
 * shard's aggregates, the N runs together touch each once, and the reports say which shard they are.
 */
class ShardCommandsTest {
    private static final int AGGREGATES = 12;

    @TempDir
    Path dir;
    private CliRun cli;
    private final List<String> ids = IntStream.rangeClosed(1, AGGREGATES).mapToObj(i -> "A-" + i).toList();

    @BeforeEach
    void aStore() {
        cli = new CliRun(dir);
        Aggregates.createMany(dir, "order", "A", AGGREGATES);
    }

    private JsonNode ok(CliRun.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return oneDocument(r);
    }

    @Test
    void threeShardsOfBackupManyBackUpEachAggregateOnceAndSaySo() throws IOException {
        Map<String, Integer> shardOf = new HashMap<>();
        for (int k = 0; k < 3; k++) {
            JsonNode r = ok(cli.run("--json", "backup-many", "order", "--all", "--shard", k + "/3"));
            assertThat(r.path("shard").asText()).isEqualTo(k + "/3");
            assertThat(r.path("totalProcessed").asLong()).isEqualTo(r.path("backups").size());
            for (JsonNode b : r.path("backups")) {
                String id = b.path("objectId").asText();
                assertThat(Shard.of(id, 3)).as(id).isEqualTo(k);
                assertThat(shardOf.put(id, k)).as("%s backed up once", id).isNull();
            }
        }
        assertThat(shardOf.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ok(cli.run("--json", "list"))).hasSize(AGGREGATES);
    }

    @Test
    void aShardOfAnIdsListTakesOnlyItsIdsAndTheTextSummaryNamesTheShard() throws IOException {
        List<String> mine = ids.stream().filter(new Shard(1, 2)::contains).toList();
        CliRun.Result r = cli.stdin(String.join("\n", ids) + "\n").run("backup-many", "order", "--ids", "-",
                "--shard", "1/2");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Backed up " + mine.size() + " streams of shard 1/2 in ");
        List<String> listed = new ArrayList<>();
        ok(cli.run("--json", "list")).forEach(b -> listed.add(b.path("objectId").asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(mine);
    }

    @Test
    void withoutShardTheJsonHasNoShardMember() throws IOException {
        assertThat(ok(cli.run("--json", "backup-many", "order", "--all")).has("shard")).isFalse();
        assertThat(ok(cli.run("--json", "cleanup")).has("shard")).isFalse();
    }

    @Test
    void validateAllOfEachShardChecksEachBackupOnce() throws IOException {
        ok(cli.run("--json", "backup-many", "order", "--all"));
        Map<String, Integer> checkedBy = new HashMap<>();
        for (int k = 0; k < 4; k++) {
            for (JsonNode report : ok(cli.run("--json", "validate", "--all", "--shard", k + "/4"))) {
                assertThat(report.path("valid").asBoolean()).isTrue();
                assertThat(checkedBy.put(report.path("backupId").asText(), k)).isNull();
            }
        }
        List<String> all = new ArrayList<>();
        ok(cli.run("--json", "list")).forEach(b -> all.add(b.path("backupId").asText()));
        assertThat(checkedBy.keySet()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void cleanupOfAShardRemovesOnlyItsExpiredBackups() throws IOException {
        ok(cli.run("--json", "backup-many", "order", "--all", "--retention", "1d"));
        cli.at(CliRun.NOW.plus(Duration.ofDays(2)));

        JsonNode r = ok(cli.run("--json", "cleanup", "--shard", "0/2"));

        assertThat(r.path("shard").asText()).isEqualTo("0/2");
        List<String> removed = new ArrayList<>();
        r.path("expired").forEach(b -> removed.add(b.path("objectId").asText()));
        assertThat(removed).containsExactlyInAnyOrderElementsOf(ids.stream().filter(new Shard(0, 2)::contains)
                .toList());
        List<String> left = new ArrayList<>();
        ok(cli.run("--json", "list", "--include-expired")).forEach(b -> left.add(b.path("objectId").asText()));
        assertThat(left).containsExactlyInAnyOrderElementsOf(ids.stream().filter(new Shard(1, 2)::contains)
                .toList());
    }
}
