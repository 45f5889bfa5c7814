package io.esbackup.bench;

import static io.esbackup.bench.Measurement.Kind.BASELINE;
import static io.esbackup.bench.Measurement.Kind.ESBACKUP;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code list --object-name order-3 --tag env=audit --max 100} over N registered backups (1,000,000 by default;
 * {@code --streams} sets N), with the PostgreSQL registry against scanning every manifest, as a service without a
 * registry does. The database is {@code ESBACKUP_BENCH_POSTGRES} (a {@code postgresql://} URL; bench/postgres.sh
 * starts one); without it the scenario is skipped and says so. The run's tables are in a schema of its own, dropped
 * after it. The registry's query runs 21 times in one JVM and the median counts (issue #16's target: at most 50 ms);
 * the scan runs once.
 */
final class RegistryScenario implements Scenario {
    static final String NAME = "registry";
    static final int BACKUPS = 1_000_000;
    static final int QUERY_RUNS = 21;
    /** Issue #16: at most 50 ms per query, that is at least 20 queries/s. */
    static final double QUERIES_PER_SECOND = 20;
    static final String URL_PROPERTY = "esbackup.bench.postgres";
    private static final Pattern MEDIAN = Pattern.compile("median ([0-9.]+) ms");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Workspace w, BenchOptions options, Results r) {
        String url = url();
        if (url == null) {
            r.add(Measurement.skipped(NAME, "list with the PostgreSQL registry", ESBACKUP,
                    "skipped: no " + RegistryOperations.POSTGRES_VARIABLE));
            r.note(NAME, "skipped: set " + RegistryOperations.POSTGRES_VARIABLE + " to a postgresql:// URL "
                    + "(bench/postgres.sh starts a local server)");
            return;
        }
        long count = options.streams() == null ? BACKUPS : options.streams();
        String schema = "esbench_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = Map.of(RegistryOperations.POSTGRES_VARIABLE, url);
        Path backups = w.folder("registry-backups");
        Path store = w.folder("registry-store");
        try {
            w.log("%s: writing %,d manifests ...", NAME, count);
            RegistryFixtures.writeManifests(backups, count);
            w.log("%s: recording them in PostgreSQL ...", NAME);
            ProbeResult fill = w.jvm().run("registry-fill", Map.of("count", String.valueOf(count), "schema", schema,
                    "concurrency", "8"), env);
            r.add(fill.measurement(NAME, "record in the PostgreSQL registry", ESBACKUP, 0, "backups",
                    "PostgresBackupRegistry.record of every manifest, 8 at a time (an upsert each)"));

            w.log("%s: the query with the registry, %d times ...", NAME, QUERY_RUNS);
            ProbeResult q = w.jvm().run("registry-query", Map.of("schema", schema, "runs", String.valueOf(QUERY_RUNS),
                    "store", store.toString(), "backups", backups.toString()), env);
            Measurement registry = r.add(perQuery(q, "list with the PostgreSQL registry", ESBACKUP,
                    "listBackups(--object-name " + RegistryFixtures.NAME + " --tag env=audit --max 100) with "
                            + "PostgresBackupRegistry over " + count + " backups: " + q.detail() + " of "
                            + QUERY_RUNS + " runs in one JVM"));
            w.log("%s: the query scanning every manifest ...", NAME);
            ProbeResult s = w.jvm().run("scan-query", Map.of("runs", "1", "store", store.toString(), "backups",
                    backups.toString()), env);
            Measurement scan = r.add(perQuery(s, "list scanning every manifest", BASELINE,
                    "the same listBackups without a registry: every .meta file read; " + s.detail()));
            r.compare(Comparison.ofTimes(registry, scan, null));
            r.compare(Comparison.ofRates(registry, QUERIES_PER_SECOND));
        } finally {
            dropSchema(url, schema);
        }
    }

    /** The database: the system property {@value #URL_PROPERTY} if set, else {@code ESBACKUP_BENCH_POSTGRES}. */
    static String url() {
        String property = System.getProperty(URL_PROPERTY);
        String value = property != null ? property : System.getenv(RegistryOperations.POSTGRES_VARIABLE);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** One query's time: the median the probe reports. */
    private static Measurement perQuery(ProbeResult p, String operation, Measurement.Kind kind, String note) {
        Matcher m = MEDIAN.matcher(p.detail());
        double seconds = m.find() ? Double.parseDouble(m.group(1)) / 1000 : p.seconds();
        return new Measurement(NAME, operation, kind, seconds, 0, 1, "queries", p.heapPeakBytes(), p.rssPeakBytes(),
                note);
    }

    private static void dropSchema(String url, String schema) {
        java.net.URI u = java.net.URI.create(url);
        String[] user = u.getRawUserInfo() == null ? new String[] {""} : u.getRawUserInfo().split(":", 2);
        String password = user.length > 1 ? java.net.URLDecoder.decode(user[1], java.nio.charset.StandardCharsets.UTF_8)
                : System.getenv("PGPASSWORD");
        String jdbc = "jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()) + u.getPath();
        try (Connection c = DriverManager.getConnection(jdbc, user[0], password); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // The run's schema stays behind; say so rather than fail the measurements.
            System.err.println("registry bench: could not drop schema " + schema + ": " + e.getMessage());
        }
    }
}
