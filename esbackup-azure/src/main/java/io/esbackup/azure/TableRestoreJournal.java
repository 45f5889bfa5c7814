package io.esbackup.azure;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import io.esbackup.blob.LazyListing;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.ConflictException;
import io.esbackup.model.json.Json;
import io.esbackup.store.JournaledRestore;
import io.esbackup.store.RestoreJournal;
import io.esbackup.store.RestoreJournalCodec;
import io.esbackup.store.RestoreJournalEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RestoreJournal} in a table of esbackup's own ({@code esbackuprestores} unless told otherwise, beside
 * the reference's tables, which ignore it): one row per run in partition {@value #PARTITION}, keyed by run id,
 * whose column {@code Entry} holds the entry as every journal stores it ({@link RestoreJournalCodec}). Rows are
 * added create-only and replaced on their ETag, which is the tag.
 */
final class TableRestoreJournal implements RestoreJournal {
    private static final Logger LOG = LoggerFactory.getLogger(TableRestoreJournal.class);
    static final String PARTITION = "restores";

    private final Supplier<TableClient> forWriting;
    private final TableClient table;

    /** {@code forWriting} gives the table, created if need be; {@code table} is for reads, which never create it. */
    TableRestoreJournal(TableClient table, Supplier<TableClient> forWriting) {
        this.table = table;
        this.forWriting = forWriting;
    }

    @Override
    public String record(RestoreJournalEntry entry) {
        TableEntity row = row(entry);
        try {
            return TableErrors.etag(forWriting.get().createEntityWithResponse(row, null, null));
        } catch (RuntimeException e) {
            if (TableErrors.status(e) == 409) {
                throw new AlreadyExistsException("restore journal entry " + entry.runId() + " already exists", e);
            }
            throw TableErrors.translate("recording restore journal entry " + entry.runId(), e);
        }
    }

    @Override
    public String update(RestoreJournalEntry entry, String expectedTag) {
        if (expectedTag == null || expectedTag.isBlank()) {
            throw new IllegalArgumentException("expectedTag must not be blank");
        }
        TableEntity row = row(entry).addProperty("odata.etag", expectedTag);
        try {
            return TableErrors.etag(forWriting.get().updateEntityWithResponse(row, TableEntityUpdateMode.REPLACE, true, null, null));
        } catch (RuntimeException e) {
            int status = TableErrors.status(e);
            if (status == 412 || status == 404) {
                throw new ConflictException("restore journal entry " + entry.runId() + " was changed or removed by"
                        + " someone else (expected tag " + expectedTag + ")", e);
            }
            throw TableErrors.translate("updating restore journal entry " + entry.runId(), e);
        }
    }

    @Override
    public boolean remove(UUID runId) {
        if (runId == null) {
            throw new IllegalArgumentException("runId must not be null");
        }
        try {
            // The SDK reports a missing row as a 404 response, not as an error.
            return table.deleteEntityWithResponse(new TableEntity(PARTITION, runId.toString()), false, null, null)
                    .getStatusCode() != 404;
        } catch (RuntimeException e) {
            if (TableErrors.status(e) == 404) {
                return false;
            }
            throw TableErrors.translate("removing restore journal entry " + runId, e);
        }
    }

    @Override
    public Stream<JournaledRestore> listRestores() {
        return LazyListing.of(() -> table.listEntities(new ListEntitiesOptions()
                        .setFilter(TableKeys.partitionIs(PARTITION)), null, null).stream(),
                e -> TableErrors.status(e) == 404, e -> TableErrors.translate("listing the restore journal", e))
                .map(TableRestoreJournal::read).flatMap(Optional::stream);
    }

    private static Optional<JournaledRestore> read(TableEntity row) {
        try {
            Object entry = row.getProperty("Entry");
            RestoreJournalEntry e = RestoreJournalCodec.parse(Json.readTree(String.valueOf(entry)
                    .getBytes(StandardCharsets.UTF_8)));
            Instant modified = row.getTimestamp() == null ? Instant.EPOCH : row.getTimestamp().toInstant();
            return Optional.of(new JournaledRestore(e, row.getETag(), modified));
        } catch (Exception e) {
            // Nothing may be removed on the word of an entry that cannot be read: it is left for a person.
            LOG.warn("Skipping unreadable restore journal row {}: {}", row.getRowKey(), e.getMessage());
            return Optional.empty();
        }
    }

    private static TableEntity row(RestoreJournalEntry entry) {
        if (entry == null) {
            throw new IllegalArgumentException("entry must not be null");
        }
        return new TableEntity(PARTITION, entry.runId().toString())
                .addProperty("Entry", new String(RestoreJournalCodec.bytes(entry), StandardCharsets.UTF_8));
    }
}
