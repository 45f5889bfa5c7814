package io.esbackup.spring;

import io.esbackup.backup.Operation;
import io.esbackup.backup.OperationListener;
import io.esbackup.backup.OperationOutcome;
import io.esbackup.backup.OperationType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * esbackup's operations as Micrometer observations and meters. Each operation is an {@link Observation} named
 * {@code esbackup.backup}, {@code esbackup.restore}, {@code esbackup.cleanup}, {@code esbackup.forget},
 * {@code esbackup.shred}, {@code esbackup.copy}, {@code esbackup.bulk.backup} or {@code esbackup.bulk.restore},
 * with the low-cardinality keys {@code object.name}, {@code kind} and {@code outcome} ({@code success} or
 * {@code failure}) and the high-cardinality key {@code object.id}: Spring Boot's meter handler makes a timer of
 * each, and a tracing bridge (OpenTelemetry, Brave) a span. Beside them: counters {@code esbackup.backup.events}
 * and {@code esbackup.restore.events}, distribution summaries {@code esbackup.backup.bytes} and
 * {@code esbackup.restore.bytes} (archive bytes as stored), counters {@code esbackup.cleanup.deleted},
 * {@code esbackup.forget.deleted} and {@code esbackup.copy.backups} with the summary {@code esbackup.copy.bytes}
 * (dry runs not counted), and for the latest bulk run of each type and object name the gauges
 * {@code esbackup.bulk.processed}, {@code esbackup.bulk.failed} and {@code esbackup.bulk.total} ({@code -1} while
 * the total is unknown).
 */
public class EsbackupMetrics implements OperationListener {
    private static final String NONE = "none";

    private final ObservationRegistry observations;
    private final MeterRegistry meters;
    private final Map<Long, Observation> running = new ConcurrentHashMap<>();
    private final Map<Tags, BulkRun> bulkRuns = new ConcurrentHashMap<>();

    public EsbackupMetrics(ObservationRegistry observations, MeterRegistry meters) {
        this.observations = observations;
        this.meters = meters;
    }

    @Override
    public void started(Operation operation) {
        Observation observation = Observation.createNotStarted(name(operation.type()), observations)
                .contextualName(contextualName(operation))
                .lowCardinalityKeyValue("object.name", orNone(operation.objectName()))
                .lowCardinalityKeyValue("kind", operation.kind());
        if (operation.objectId() != null) {
            observation.highCardinalityKeyValue("object.id", operation.objectId());
        }
        running.put(operation.id(), observation.start());
        if (isBulk(operation.type())) {
            bulkRun(operation).reset();
        }
    }

    @Override
    public void progressed(Operation operation, long processed, long total, long failed) {
        BulkRun run = bulkRun(operation);
        run.processed.set(processed);
        run.total.set(total);
        run.failed.set(failed);
    }

    @Override
    public void succeeded(Operation operation, OperationOutcome outcome) {
        Tags tags = tags(operation);
        switch (operation.type()) {
            case BACKUP -> {
                Counter.builder("esbackup.backup.events").description("Events written by backups").tags(tags)
                        .register(meters).increment(outcome.events());
                bytes("esbackup.backup.bytes", "Archive bytes written by backups, as stored", tags, outcome);
            }
            case RESTORE -> {
                Counter.builder("esbackup.restore.events").description("Events written by restores and clones")
                        .tags(tags).register(meters).increment(outcome.events());
                bytes("esbackup.restore.bytes", "Archive bytes read by restores, as stored", tags, outcome);
            }
            case CLEANUP -> {
                if (!"dry-run".equals(operation.kind())) {
                    Counter.builder("esbackup.cleanup.deleted")
                            .description("Expired and unfinished backups removed by clean-ups")
                            .register(meters).increment(outcome.items());
                }
            }
            case FORGET -> {
                if (!"dry-run".equals(operation.kind())) {
                    Counter.builder("esbackup.forget.deleted")
                            .description("Backups removed by retention policies (forget)")
                            .register(meters).increment(outcome.items());
                }
            }
            case SHRED -> {
                // the observation (a timer by outcome) is its record
            }
            case COPY -> {
                if (!"dry-run".equals(operation.kind())) {
                    Counter.builder("esbackup.copy.backups").description("Backups copied to another location")
                            .register(meters).increment(outcome.items());
                    bytes("esbackup.copy.bytes", "Archive bytes copied to another location, as stored", tags,
                            outcome);
                }
            }
            case REPAIR -> {
                if (!"dry-run".equals(operation.kind())) {
                    Counter.builder("esbackup.repair.recreated").description("Missing id pointers written again "
                            + "by repair").register(meters).increment(outcome.items());
                }
            }
            case BULK_BACKUP, BULK_RESTORE -> {
                BulkRun run = bulkRun(operation);
                run.processed.set(outcome.items() + outcome.failures());
                run.failed.set(outcome.failures());
            }
        }
        stop(operation, "success", null);
    }

    @Override
    public void failed(Operation operation, Throwable error) {
        stop(operation, "failure", error);
    }

    private void stop(Operation operation, String outcome, Throwable error) {
        Observation observation = running.remove(operation.id());
        if (observation == null) {
            return;
        }
        observation.lowCardinalityKeyValue("outcome", outcome);
        if (error != null) {
            observation.error(error);
        }
        observation.stop();
    }

    private void bytes(String name, String description, Tags tags, OperationOutcome outcome) {
        DistributionSummary.builder(name).description(description).baseUnit("bytes").tags(tags)
                .register(meters).record(outcome.bytes());
    }

    private BulkRun bulkRun(Operation operation) {
        Tags tags = Tags.of("type", operation.type() == OperationType.BULK_BACKUP ? "backup" : "restore",
                "object.name", orNone(operation.objectName()));
        return bulkRuns.computeIfAbsent(tags, t -> new BulkRun(t, meters));
    }

    private static Tags tags(Operation operation) {
        return Tags.of("object.name", orNone(operation.objectName()), "kind", operation.kind());
    }

    private static boolean isBulk(OperationType type) {
        return type == OperationType.BULK_BACKUP || type == OperationType.BULK_RESTORE;
    }

    static String name(OperationType type) {
        return switch (type) {
            case BACKUP -> "esbackup.backup";
            case RESTORE -> "esbackup.restore";
            case CLEANUP -> "esbackup.cleanup";
            case BULK_BACKUP -> "esbackup.bulk.backup";
            case BULK_RESTORE -> "esbackup.bulk.restore";
            case FORGET -> "esbackup.forget";
            case SHRED -> "esbackup.shred";
            case COPY -> "esbackup.copy";
            case REPAIR -> "esbackup.repair";
        };
    }

    // A span's name: what was done to what, without the id (which is a key of its own).
    private static String contextualName(Operation operation) {
        String what = name(operation.type()).substring("esbackup.".length()).replace('.', ' ');
        return operation.objectName() == null ? "esbackup " + what : "esbackup " + what + " " + operation.objectName();
    }

    private static String orNone(String value) {
        return value == null ? NONE : value;
    }

    /** The gauges of the latest bulk run of one type and object name. */
    private static final class BulkRun {
        final AtomicLong processed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong total = new AtomicLong(-1);

        BulkRun(Tags tags, MeterRegistry meters) {
            Gauge.builder("esbackup.bulk.processed", processed, AtomicLong::get)
                    .description("Items the latest bulk run has finished").tags(tags).register(meters);
            Gauge.builder("esbackup.bulk.failed", failed, AtomicLong::get)
                    .description("Items of the latest bulk run that failed").tags(tags).register(meters);
            Gauge.builder("esbackup.bulk.total", total, AtomicLong::get)
                    .description("Items of the latest bulk run, -1 while unknown").tags(tags).register(meters);
        }

        void reset() {
            processed.set(0);
            failed.set(0);
            total.set(-1);
        }
    }
}
