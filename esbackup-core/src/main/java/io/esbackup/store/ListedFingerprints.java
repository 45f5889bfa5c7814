package io.esbackup.store;

import io.esbackup.internal.Hash64;
import io.esbackup.internal.LongLongTable;

/**
 * What listings of an event store said of every aggregate of one object name, without reading any of them:
 * each object document's ETag and each stored stream's fingerprint (as {@link StreamFingerprints#fingerprint}
 * gives it). An incremental bulk run compares these with what each parent backup recorded, and reads only the
 * aggregates whose document or stream changed since.
 *
 * <p>Kept as 64-bit hashes ({@link #hash}), 64 to 128 bytes an aggregate as the tables fill: a value is compared by its hash, so a
 * changed document or stream passes for unchanged only if two different ETags hash alike (a chance of about
 * 2^-64 a comparison). Two ids that hash alike make their lookups disagree with what was recorded, which only
 * costs those aggregates a read.
 */
public final class ListedFingerprints {
    private static final long ABSENT = 0;
    private final LongLongTable documents = new LongLongTable();
    private final LongLongTable streams = new LongLongTable();

    /** The hash this class compares: of an object id, a stream identifier, an ETag or a fingerprint. */
    public static long hash(String value) {
        return Hash64.of(value);
    }

    /** Records that {@code objectId}'s document was listed with {@code etag}. */
    public void document(String objectId, String etag) {
        documents.put(hash(objectId), hash(etag));
    }

    /** Records that stream {@code streamIdentifier} was listed with {@code fingerprint}. */
    public void stream(String streamIdentifier, String fingerprint) {
        streams.put(hash(streamIdentifier), hash(fingerprint));
    }

    /** Whether the listing showed {@code objectId}'s document with the ETag whose hash is {@code etagHash}. */
    public boolean documentIs(String objectId, long etagHash) {
        return etagHash != ABSENT && documents.get(hash(objectId), ABSENT) == etagHash;
    }

    /**
     * Whether the listing showed the stream whose identifier hashes to {@code streamHash} with the fingerprint
     * whose hash is {@code fingerprintHash}.
     */
    public boolean streamIs(long streamHash, long fingerprintHash) {
        return fingerprintHash != ABSENT && streams.get(streamHash, ABSENT) == fingerprintHash;
    }

    /** How many documents the listing showed. */
    public int documentCount() {
        return documents.size();
    }

    /** How many streams the listing showed. */
    public int streamCount() {
        return streams.size();
    }
}
