package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.store.FileEventStore;
import io.esbackup.testkit.Reliability;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, suite 6 (security): secrets given on the command line never appear in its output, errors, stack
 * traces or logs, and a backup is never overwritten, even by two writers racing for the same backup id.
 */
class SecretsTest {
    /** Base64, as an account key is, so the client is built and the failure comes from the endpoint. */
    private static final String ACCOUNT_KEY = "c3VwZXItc2VjcmV0LWFjY291bnQta2V5LWRvLW5vdC1wcmludA==";
    private static final String SAS_SIGNATURE = "s1gN4tur3DoNotPrintMe";
    private static final String PASSWORD = "hunter2-Do-Not-Print";
    /** Port 9 (discard) refuses the connection, so each run fails after the client's retries, not a timeout. */
    private static final String KEY_CONNECTION = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=" + ACCOUNT_KEY + ";BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;";
    private static final String SAS_CONNECTION = "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;"
            + "SharedAccessSignature=sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2099-01-01T00:00:00Z&sig="
            + SAS_SIGNATURE;

    @TempDir
    Path dir;

    @Test
    void secretsNeverAppearInOutputErrorsOrLogs() throws Exception {
        Aggregates.create(dir, "order", "A-1", 3);
        List<String[]> runs = new ArrayList<>();
        for (String connection : List.of(KEY_CONNECTION, SAS_CONNECTION)) {
            for (List<String> mode : List.of(List.<String>of(), List.of("--verbose"), List.of("--json"),
                    List.of("--json", "--verbose"))) {
                List<String> args = new ArrayList<>(mode);
                args.addAll(List.of("--azure-connection-string", connection, "--backups", "azure://backups",
                        "backup", "order", "A-1"));
                runs.add(args.toArray(String[]::new));
            }
            runs.add(new String[] {"--verbose", "--azure-connection-string", connection,
                    "--store", "azure://?documentContainer=docs", "backup", "order", "A-1"});
        }
        for (String uri : List.of("ftp://admin:" + PASSWORD + "@host/backups",
                "s3://AKIA:" + PASSWORD + "@bucket/x", "file://admin:" + PASSWORD + "@host/x",
                "file://admin:" + PASSWORD + "@ho st/x", "file://admin:" + PASSWORD + "@/x")) {
            runs.add(new String[] {"--verbose", "--backups", uri, "backup", "order", "A-1"});
            runs.add(new String[] {"--json", "--backups", uri, "list"});
            runs.add(new String[] {"--verbose", "--store", uri, "backup", "order", "A-1"});
        }

        // Whatever a logger writes to the process's own streams is checked as well.
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(logged, true, StandardCharsets.UTF_8);
        List<CliRun.Result> results;
        ExecutorService pool = Executors.newFixedThreadPool(runs.size());
        try {
            System.setOut(capture);
            System.setErr(capture);
            List<Future<CliRun.Result>> futures = new ArrayList<>();
            for (String[] args : runs) {
                futures.add(pool.submit(() -> new CliRun(dir).run(args)));
            }
            results = new ArrayList<>();
            for (Future<CliRun.Result> f : futures) {
                results.add(f.get(3, TimeUnit.MINUTES));
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            pool.shutdownNow();
        }

        for (int i = 0; i < runs.size(); i++) {
            CliRun.Result r = results.get(i);
            String what = String.join(" ", runs.get(i)).replace(ACCOUNT_KEY, "KEY").replace(SAS_SIGNATURE, "SIG")
                    .replace(PASSWORD, "PW");
            assertThat(r.exitCode()).as(what).isNotZero();
            assertThat(r.err()).as(what).startsWith("esbackup: ");
            for (String secret : List.of(ACCOUNT_KEY, SAS_SIGNATURE, PASSWORD)) {
                assertThat(r.out()).as("stdout of %s", what).doesNotContain(secret);
                assertThat(r.err()).as("stderr of %s", what).doesNotContain(secret);
            }
        }
        String log = logged.toString(StandardCharsets.UTF_8);
        for (String secret : List.of(ACCOUNT_KEY, SAS_SIGNATURE, PASSWORD)) {
            assertThat(log).as("logs").doesNotContain(secret);
        }
    }

    @Test
    void twoWritersRacingForTheSameBackupIdNeverOverwrite() throws Exception {
        Aggregates.create(dir, "order", "A-1", 5);
        Aggregates.create(dir, "order", "B-1", 9);
        FileEventStore store = new FileEventStore(dir.resolve("esdata"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            int trials = Reliability.trials(20);
            for (int trial = 0; trial < trials; trial++) {
                UUID fixed = new UUID(trial + 1, 42);
                LocalBlobStore blobs = new LocalBlobStore(dir.resolve("backups-" + trial));
                BackupRestoreService service = BackupRestoreService
                        .builder(store, new BlobBackupProvider(blobs)).ids(() -> fixed).build();
                CountDownLatch go = new CountDownLatch(1);
                Future<BackupHandle> a = pool.submit(() -> {
                    go.await();
                    return service.backupStream("order", "A-1");
                });
                // Even trials race two backups of one stream, odd ones backups of two streams (other paths).
                String other = trial % 2 == 0 ? "A-1" : "B-1";
                Future<BackupHandle> b = pool.submit(() -> {
                    go.await();
                    return service.backupStream("order", other);
                });
                go.countDown();

                List<BackupHandle> won = new ArrayList<>();
                List<Throwable> lost = new ArrayList<>();
                for (Future<BackupHandle> f : List.of(a, b)) {
                    try {
                        won.add(f.get(1, TimeUnit.MINUTES));
                    } catch (java.util.concurrent.ExecutionException e) {
                        lost.add(e.getCause());
                    }
                }
                assertThat(won).as("trial %d", trial).hasSize(1);
                assertThat(lost).as("trial %d", trial).hasSize(1);
                assertThat(lost.get(0)).as("trial %d", trial).isInstanceOf(AlreadyExistsException.class);

                BackupHandle winner = won.get(0);
                assertThat(winner.backupId()).isEqualTo(fixed);
                assertThat(service.validateBackup(fixed).valid()).as("trial %d", trial).isTrue();
                BackupHandle stored = service.requireBackup(fixed);
                assertThat(stored.objectId()).as("trial %d", trial).isEqualTo(winner.objectId());
                assertThat(service.listBackups()).as("trial %d", trial).hasSize(1);
                // The loser left nothing behind: every file that is there is the winner's.
                String loserId = winner.objectId().equals("A-1") ? other : "A-1";
                if (!loserId.equals(winner.objectId())) {
                    try (Stream<Path> files = Files.walk(dir.resolve("backups-" + trial))) {
                        assertThat(files.map(p -> dir.relativize(p).toString()).toList())
                                .as("trial %d", trial).noneMatch(p -> p.contains("/" + loserId));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
