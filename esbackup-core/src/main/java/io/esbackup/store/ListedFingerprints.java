package io.esbackup.store;

import io.esbackup.internal.Hash64;
import io.esbackup.internal.LongLongTable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * What listings of an event store said of every aggregate of one object name, without reading any of them:
 * each object document's ETag and each stored stream's fingerprint (as {@link StreamFingerprints#fingerprint}
 * gives it). An incremental bulk run compares these with what each parent backup recorded, and reads only the
 * aggregates whose document or stream changed since.
 *
 * <p>Kept as 64-bit hashes ({@link #hash}), 64 to 128 bytes an aggregate as the tables fill, beside the listed
 * object ids themselves ({@link #objectIds}): a value is compared by its hash, so a
 * changed document or stream passes for unchanged only if two different ETags hash alike (a chance of about
 * 2^-64 a comparison). Two ids that hash alike make their lookups disagree with what was recorded, which only
 * costs those aggregates a read.
 */
public final class ListedFingerprints {
    private static final long ABSENT = 0;
    private final LongLongTable documents = new LongLongTable();
    private final LongLongTable streams = new LongLongTable();
    // The listed object ids in listing order, each as a length then its UTF-8 bytes: a run over the whole store
    // takes its aggregates from here rather than from a second listing (about as many bytes as the ids).
    private byte[] ids = new byte[1024];
    private int idsLength;
    private int idCount;

    /** The hash this class compares: of an object id, a stream identifier, an ETag or a fingerprint. */
    public static long hash(String value) {
        return Hash64.of(value);
    }

    /** Records that {@code objectId}'s document was listed with {@code etag}. */
    public void document(String objectId, String etag) {
        documents.put(hash(objectId), hash(etag));
        byte[] utf8 = objectId.getBytes(StandardCharsets.UTF_8);
        if (idsLength + utf8.length + 5 > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(ids.length * 2, idsLength + utf8.length + 5));
        }
        for (int n = utf8.length; ; n >>>= 7) { // the length as an unsigned varint
            if (n < 0x80) {
                ids[idsLength++] = (byte) n;
                break;
            }
            ids[idsLength++] = (byte) (n & 0x7f | 0x80);
        }
        System.arraycopy(utf8, 0, ids, idsLength, utf8.length);
        idsLength += utf8.length;
        idCount++;
    }

    /** The object ids of the listed documents, in the order the listing gave them. */
    public Iterator<String> objectIds() {
        return new Iterator<>() {
            private int at;

            @Override
            public boolean hasNext() {
                return at < idsLength;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int n = 0;
                for (int shift = 0; ; shift += 7) {
                    byte b = ids[at++];
                    n |= (b & 0x7f) << shift;
                    if (b >= 0) {
                        break;
                    }
                }
                String id = new String(ids, at, n, StandardCharsets.UTF_8);
                at += n;
                return id;
            }
        };
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

    /** How many documents the listing showed: how many {@link #objectIds} returns. */
    public int objectIdCount() {
        return idCount;
    }

    /** How many documents the listing showed (ids that hash alike count once). */
    public int documentCount() {
        return documents.size();
    }

    /** How many streams the listing showed. */
    public int streamCount() {
        return streams.size();
    }
}
