package io.esbackup.store;

import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobKeys;
import io.esbackup.blob.WriteCondition;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RestoreJournal} on a {@link BlobStore}: one small JSON blob per restore run,
 * {@code {prefix}{runId}.json}, written create-only and then if-match, so the blob's ETag is the tag.
 * {@link BlobEventStore} keeps it under its document container ({@code object-document-store/.esbackup/restores/}),
 * where no object document can be: documents are one level below an object name, entries two.
 */
public final class BlobRestoreJournal implements RestoreJournal {
    private static final Logger LOG = LoggerFactory.getLogger(BlobRestoreJournal.class);

    private final BlobStore blobs;
    private final String prefix;

    /** A journal of blobs under {@code prefix}, which ends with {@code /}. */
    public BlobRestoreJournal(BlobStore blobs, String prefix) {
        if (blobs == null) {
            throw new IllegalArgumentException("blobs must not be null");
        }
        this.blobs = blobs;
        this.prefix = BlobKeys.requireFolder(prefix);
    }

    @Override
    public String record(RestoreJournalEntry entry) {
        require(entry);
        return blobs.write(key(entry.runId()), WriteCondition.createOnly(), RestoreJournalCodec.bytes(entry)).etag();
    }

    @Override
    public String update(RestoreJournalEntry entry, String expectedTag) {
        require(entry);
        if (expectedTag == null || expectedTag.isBlank()) {
            throw new IllegalArgumentException("expectedTag must not be blank");
        }
        return blobs.write(key(entry.runId()), WriteCondition.ifMatch(expectedTag), RestoreJournalCodec.bytes(entry)).etag();
    }

    @Override
    public boolean remove(UUID runId) {
        if (runId == null) {
            throw new IllegalArgumentException("runId must not be null");
        }
        return blobs.delete(key(runId));
    }

    @Override
    public Stream<JournaledRestore> listRestores() {
        return blobs.list(prefix)
                .filter(b -> b.key().endsWith(".json") && b.key().indexOf('/', prefix.length()) < 0)
                .map(this::read)
                .flatMap(Optional::stream);
    }

    private Optional<JournaledRestore> read(BlobInfo listed) {
        try {
            return blobs.read(listed.key()).map(blob -> {
                try (blob) {
                    RestoreJournalEntry entry = RestoreJournalCodec.parse(Json.readTree(blob.content().readAllBytes()));
                    return new JournaledRestore(entry, blob.info().etag(), blob.info().lastModified());
                } catch (IOException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            });
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // Nothing may be removed on the word of an entry that cannot be read: it is left for a person.
            LOG.warn("Skipping unreadable restore journal entry {}: {}", listed.key(), e.getMessage());
            return Optional.empty();
        }
    }

    private String key(UUID runId) {
        return prefix + runId + ".json";
    }

    private static void require(RestoreJournalEntry entry) {
        if (entry == null) {
            throw new IllegalArgumentException("entry must not be null");
        }
    }
}
