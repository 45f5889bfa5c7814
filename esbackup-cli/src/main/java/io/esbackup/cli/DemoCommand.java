package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.backup.RestoreResult;
import io.esbackup.backup.ValidationReport;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.StreamNotFoundException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.StoredDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code esbackup demo}: creates sample aggregates in the store, backs each up in full, validates the
 * backups, clones one to a new id and checks the clone against its source. Every run uses new ids,
 * so it can be run again in the same folders.
 */
@Command(name = "demo",
        header = "Create a sample store and run a backup round trip on it.",
        description = {"",
            "1. Creates four aggregates of object name \"order\" in --store: a plain one",
            "   (20 events), one with two snapshots, one split into chunks of 5 events",
            "   and one with a terminated stream.",
            "2. Backs each one up in full to --backups: events, snapshots, the object",
            "   document and terminated streams.",
            "3. Validates every backup: checksum, structure, counts.",
            "4. Clones the chunked one's backup to a new object id and compares the",
            "   clone's events with the source's.",
            "",
            "Object ids carry a random run id, so the demo can run again in the same",
            "folders.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class DemoCommand implements Callable<Integer> {

    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Override
    public Integer call() {
        CliEnvironment environment = root.environment();
        Output out = root.output();
        String run = environment.randomToken(6);
        BackupRestoreService service = root.service();
        ObjectNode json = Output.object().put("run", run).put("store", root.storeDisplay())
                .put("backups", root.backupsDisplay());
        out.line("esbackup demo, run %s", run);
        out.line("  store    %s", root.storeDisplay());
        out.line("  backups  %s", root.backupsDisplay());

        SampleOrders samples = new SampleOrders(service.store(), environment, run);
        List<SampleOrders.Sample> created = samples.createAll();
        out.line("Created %d aggregates of \"%s\":", created.size(), SampleOrders.OBJECT_NAME);
        created.forEach(s -> out.line("  %-26s %s", s.objectId(), s.summary()));

        BackupOptions options = BackupOptions.FULL.toBuilder()
                .description("esbackup demo run " + run).tag("demo-run", run).build();
        out.line("Backed up in full (%s) and validated:", options.compression().wireName());
        ArrayNode aggregates = json.putArray("aggregates");
        List<BackupHandle> handles = new ArrayList<>();
        List<ValidationReport> invalid = new ArrayList<>();
        for (SampleOrders.Sample s : created) {
            BackupHandle handle = service.backupStream(SampleOrders.OBJECT_NAME, s.objectId(), options);
            ValidationReport report = service.validateBackup(handle);
            handles.add(handle);
            if (!report.valid()) {
                invalid.add(report);
            }
            out.line("  %-26s %s %3d events %9s  %s", s.objectId(), handle.backupId(),
                    handle.eventCount(), Sizes.human(handle.sizeBytes()),
                    report.valid() ? "valid" : "INVALID: " + String.join("; ", report.problems()));
            aggregates.add(sampleJson(s).set("backup", backupJson(handle, report)));
        }

        int cloneIndex = 2; // the chunked aggregate: the case the reference library backs up as empty
        SampleOrders.Sample source = created.get(cloneIndex);
        String cloneId = samples.objectId("clone");
        RestoreResult clone = service.restoreToNewStream(handles.get(cloneIndex), cloneId, RestoreOptions.DEFAULT);
        long identical = compare(service.store(), source.objectId(), cloneId);
        out.line("Cloned the backup of %s to %s: %d events, identical to the source.", source.objectId(),
                cloneId, clone.eventsRestored());
        json.set("clone", cloneJson(source, clone, identical));

        BackupQuery query = BackupQuery.builder().objectName(SampleOrders.OBJECT_NAME).tag("demo-run", run).build();
        int listed = service.listBackups(query).size();
        json.put("listedBackups", listed);
        out.line("Listing backups tagged demo-run=%s finds %d.", run, listed);
        out.result(json);
        if (!invalid.isEmpty()) {
            ValidationReport first = invalid.get(0);
            throw new BackupCorruptedException(first.backupId().toString(), first.problems());
        }
        return ExitCodes.OK;
    }

    /**
     * Reads the source and the clone side by side and returns how many events they have; any
     * difference in an event (type, version, payload bytes, metadata, timestamp) fails the demo.
     */
    private static long compare(EventStore store, String sourceId, String cloneId) {
        ObjectDocument source = document(store, sourceId);
        ObjectDocument clone = document(store, cloneId);
        long count = 0;
        try (EventCursor a = store.readEvents(SampleOrders.OBJECT_NAME, source.active(), 0,
                source.active().currentStreamVersion());
             EventCursor b = store.readEvents(SampleOrders.OBJECT_NAME, clone.active(), 0,
                     clone.active().currentStreamVersion())) {
            while (a.hasNext() || b.hasNext()) {
                Event x = a.hasNext() ? a.next() : null;
                Event y = b.hasNext() ? b.next() : null;
                if (x == null || !x.equals(y)) {
                    throw new IllegalStateException("the clone " + cloneId + " differs from its source " + sourceId
                            + " at event " + count + "; this is a bug in esbackup, please report it");
                }
                count++;
            }
        }
        return count;
    }

    private static ObjectDocument document(EventStore store, String objectId) {
        return store.readDocument(SampleOrders.OBJECT_NAME, objectId).map(StoredDocument::document)
                .orElseThrow(() -> new StreamNotFoundException(SampleOrders.OBJECT_NAME, objectId));
    }

    private static ObjectNode sampleJson(SampleOrders.Sample s) {
        return Output.object().put("objectName", SampleOrders.OBJECT_NAME).put("objectId", s.objectId())
                .put("kind", s.kind()).put("streamIdentifier", s.streamIdentifier()).put("events", s.events())
                .put("snapshots", s.snapshots()).put("chunks", s.chunks())
                .put("terminatedStreams", s.terminatedStreams()).put("terminatedEvents", s.terminatedEvents());
    }

    private static ObjectNode backupJson(BackupHandle h, ValidationReport report) {
        ObjectNode n = Output.object().put("backupId", h.backupId().toString()).put("location", h.location())
                .put("createdAt", h.createdAt().toString()).put("eventCount", h.eventCount())
                .put("streamVersion", h.streamVersion()).put("sizeBytes", h.sizeBytes())
                .put("sha256", h.manifest().sha256()).put("valid", report.valid());
        ArrayNode problems = n.putArray("problems");
        report.problems().forEach(problems::add);
        return n;
    }

    private static ObjectNode cloneJson(SampleOrders.Sample source, RestoreResult r, long identical) {
        return Output.object().put("backupId", r.backupId().toString()).put("sourceObjectId", source.objectId())
                .put("objectName", r.objectName()).put("objectId", r.objectId())
                .put("streamIdentifier", r.streamIdentifier()).put("streamVersion", r.streamVersion())
                .put("eventsRestored", r.eventsRestored()).put("snapshotsRestored", r.snapshotsRestored())
                .put("identicalEvents", identical);
    }
}
