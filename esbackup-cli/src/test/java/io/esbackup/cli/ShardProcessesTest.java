package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.backup.Shard;
import io.esbackup.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code esbackup backup-many order --all --shard K/3} processes at once (child JVMs on the test class
 * path) against one store and one backups folder: together they back up every aggregate exactly once, each
 * only its own; re-running a finished shard adds new backups of its aggregates and nothing else.
 */
class ShardProcessesTest {
    private static final int AGGREGATES = 60;
    private static final int SHARDS = 3;

    @TempDir
    Path dir;

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Processes.java(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--store", dir.resolve("esdata").toString(), "--backups", dir.resolve("esbackups").toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static JsonNode ok(Processes.Result r) throws Exception {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Json.tree(r.out().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void threeShardProcessesAtOnceBackUpEveryAggregateExactlyOnce() throws Exception {
        Aggregates.createMany(dir, "order", "A", AGGREGATES);
        List<String> ids = IntStream.rangeClosed(1, AGGREGATES).mapToObj(i -> "A-" + i).toList();
        ExecutorService pool = Executors.newFixedThreadPool(SHARDS);
        List<Future<Processes.Result>> runs = new ArrayList<>();
        try {
            for (int k = 0; k < SHARDS; k++) {
                List<String> command = command("--json", "backup-many", "order", "--all", "--shard",
                        k + "/" + SHARDS);
                runs.add(pool.submit(() -> Processes.run(dir, Map.of(), command)));
            }
            Map<String, Integer> reportedBy = new HashMap<>();
            for (int k = 0; k < SHARDS; k++) {
                JsonNode report = ok(runs.get(k).get());
                assertThat(report.path("shard").asText()).isEqualTo(k + "/" + SHARDS);
                assertThat(report.path("failureCount").asLong()).isZero();
                for (JsonNode b : report.path("backups")) {
                    String id = b.path("objectId").asText();
                    assertThat(Shard.of(id, SHARDS)).as(id).isEqualTo(k);
                    assertThat(reportedBy.put(id, k)).as("%s reported once", id).isNull();
                }
            }
            assertThat(reportedBy.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            pool.shutdownNow();
        }

        Map<String, Integer> backupsPerAggregate = backupsPerAggregate();
        assertThat(backupsPerAggregate.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(backupsPerAggregate.values()).containsOnly(1);

        // A finished shard run again: new backups of its own aggregates, the others untouched.
        JsonNode again = ok(Processes.run(dir, Map.of(), command("--json", "backup-many", "order", "--all",
                "--shard", "1/" + SHARDS)));
        assertThat(again.path("successCount").asLong()).isEqualTo(ids.stream().filter(new Shard(1, SHARDS)::contains)
                .count());
        backupsPerAggregate().forEach((id, n) -> assertThat(n).as(id).isEqualTo(Shard.of(id, SHARDS) == 1 ? 2 : 1));
        CliRun.Result valid = new CliRun(dir).run("validate", "--all");
        assertThat(valid.exitCode()).as(valid.out() + valid.err()).isZero();
    }

    /** Read in-process, through the command's own list. */
    private Map<String, Integer> backupsPerAggregate() throws Exception {
        CliRun.Result r = new CliRun(dir).run("--json", "list");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Integer> count = new HashMap<>();
        CliRun.oneDocument(r).forEach(b -> count.merge(b.path("objectId").asText(), 1, Integer::sum));
        return count;
    }
}
