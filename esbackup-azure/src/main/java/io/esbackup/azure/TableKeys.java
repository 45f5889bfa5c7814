package io.esbackup.azure;

import io.esbackup.model.Ids;
import java.util.Locale;

/**
 * The keys of the reference's Table layout and the filters that find them. Ids pass {@link Ids} first; Table
 * keys also may not hold {@code #} or {@code ?}, so an id with one is refused before any request.
 */
final class TableKeys {
    /** Every version is a 20-digit RowKey, so versions sort as numbers. */
    private static final String VERSION = "%020d";

    private TableKeys() {}

    /** {@code value} checked as an id and as a Table key. */
    static String id(String argument, String value) {
        Ids.requireValid(argument, value);
        if (value.indexOf('#') >= 0 || value.indexOf('?') >= 0) {
            throw new IllegalArgumentException(argument + " must not contain '#' or '?' in Azure Table storage, was '"
                    + value + "'");
        }
        return value;
    }

    /** The documents' PartitionKey: the object name in lower case, as the reference's factory writes it. */
    static String documentPartition(String objectName) {
        return id("objectName", objectName).toLowerCase(Locale.ROOT);
    }

    /** An event's PartitionKey: the stream, or one chunk of it ({@code {sid}_{chunk, 10 digits}}). */
    static String eventPartition(String streamIdentifier, Integer chunkId) {
        id("streamIdentifier", streamIdentifier);
        return chunkId == null ? streamIdentifier : streamIdentifier + "_" + String.format("%010d", chunkId);
    }

    static String versionKey(int version) {
        return String.format(VERSION, version);
    }

    /** The RowKey of piece {@code index} (from 1) of a large payload. */
    static String pieceKey(int version, int index) {
        return versionKey(version) + "_p" + index;
    }

    /** The snapshots' PartitionKey: {@code {object name lower}_{stream}}. */
    static String snapshotPartition(String objectName, String streamIdentifier) {
        return documentPartition(objectName) + "_" + id("streamIdentifier", streamIdentifier);
    }

    /** A snapshot's RowKey: {@code {version, 20 digits}[_{name}]}. */
    static String snapshotRow(int version, String name) {
        if (name == null || name.isEmpty()) {
            return versionKey(version);
        }
        return versionKey(version) + "_" + id("snapshot name", name);
    }

    /** An OData string literal: in single quotes, a quote doubled. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String partitionIs(String partition) {
        return "PartitionKey eq " + literal(partition);
    }

    /**
     * The rows of partition {@code partition} holding versions {@code from..to} with their payload pieces
     * ({@code {to}_p1} sorts after {@code {to}}, so the upper bound is the next version's key).
     */
    static String versions(String partition, int from, int to) {
        String filter = partitionIs(partition) + " and RowKey ge " + literal(versionKey(Math.max(0, from)));
        return to == Integer.MAX_VALUE ? filter : filter + " and RowKey lt " + literal(versionKey(to + 1));
    }

    /** The partitions of a stream's chunks, and only the few keys that sort among them. */
    static String chunkPartitions(String streamIdentifier) {
        return "PartitionKey gt " + literal(streamIdentifier + "_") + " and PartitionKey lt "
                + literal(streamIdentifier + "_:");
    }

    /** Whether {@code partition} is a chunk partition of {@code streamIdentifier}. */
    static boolean isChunkOf(String partition, String streamIdentifier) {
        return partition.length() == streamIdentifier.length() + 11 && partition.startsWith(streamIdentifier + "_")
                && partition.substring(streamIdentifier.length() + 1).chars().allMatch(Character::isDigit);
    }
}
