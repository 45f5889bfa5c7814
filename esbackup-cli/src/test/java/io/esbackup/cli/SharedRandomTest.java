package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #20: a bulk backup failed with "backup id ... is already taken" because its workers drew backup ids
 * at the same time from a generator that is not thread-safe, and two of them got the same id.
 */
class SharedRandomTest {
    @TempDir
    Path dir;

    @Test
    void idsDrawnByManyThreadsAtOnceAreDistinctWhateverTheGenerator() throws Exception {
        CliEnvironment env = new CliEnvironment(dir, Clock.systemUTC(), new RacyRandom(7));

        List<UUID> ids = drawConcurrently(8, 25, env::randomUuid);

        assertThat(new HashSet<>(ids)).hasSize(8 * 25);
        assertThat(ids).allSatisfy(id -> assertThat(id.version()).isEqualTo(4));
    }

    @Test
    void idsDrawnFromTheJdkDefaultGeneratorByManyThreadsAreDistinct() throws Exception {
        // The generator the command used before the fix; unguarded, 4 threads x 50,000 draws gave thousands
        // of repeats here.
        CliEnvironment env = new CliEnvironment(dir, Clock.systemUTC(), RandomGenerator.getDefault());

        List<UUID> ids = drawConcurrently(4, 50_000, env::randomUuid);

        assertThat(new HashSet<>(ids)).hasSize(4 * 50_000);
    }

    @Test
    void aSeededEnvironmentStillGivesTheSameIdsInTheSameOrder() {
        CliEnvironment a = new CliEnvironment(dir, Clock.systemUTC(), new java.util.Random(42));
        CliEnvironment b = new CliEnvironment(dir, Clock.systemUTC(), new java.util.Random(42));

        assertThat(List.of(a.randomUuid(), a.randomUuid(), a.randomToken(6)))
                .isEqualTo(List.of(b.randomUuid(), b.randomUuid(), b.randomToken(6)));
    }

    @Test
    void theSystemEnvironmentDrawsFromASecureGenerator() {
        // Backup ids must be as unlikely to meet another process's as UUID.randomUUID()'s.
        CliEnvironment system = CliEnvironment.system();

        assertThat(LockedRandom.of(system.random()).unlocked()).isInstanceOf(SecureRandom.class);
        assertThat(system.randomUuid().version()).isEqualTo(4);
    }

    @Test
    void aBulkBackupWithManyWorkersGetsOneDistinctIdPerAggregate() throws Exception {
        Aggregates.createMany(dir, "order", "o", 24);
        CliEnvironment env = new CliEnvironment(dir, Clock.systemUTC(), new RacyRandom(11));

        CliRun.Result r = new CliRun(env).run("--json", "backup-many", "order", "--all", "--concurrency", "8");

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode result = CliRun.oneDocument(r);
        assertThat(result.path("failureCount").asLong()).as(r.out()).isZero();
        Set<String> ids = new HashSet<>();
        StreamSupport.stream(result.path("backups").spliterator(), false)
                .forEach(b -> ids.add(b.path("backupId").asText()));
        assertThat(ids).hasSize(24);
    }

    private static <T> List<T> drawConcurrently(int threads, int each, Callable<T> draw) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<T>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    List<T> mine = new ArrayList<>(each);
                    for (int i = 0; i < each; i++) {
                        mine.add(draw.call());
                    }
                    return mine;
                }));
            }
            List<T> all = new ArrayList<>();
            for (Future<List<T>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
