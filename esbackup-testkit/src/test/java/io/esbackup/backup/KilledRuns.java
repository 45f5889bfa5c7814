package io.esbackup.backup;

import io.esbackup.store.BlobEventStore;
import io.esbackup.store.JournaledRestore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** What the tests of restores killed part-way share: the kill itself, and a look at the journal after. */
final class KilledRuns {
    private KilledRuns() {}

    /** From write {@code k} on (counted from now), every write and delete fails: the process is gone. */
    static void kill(FaultyBlobStore blobs, int k) {
        int w = blobs.calls(BlobOp.WRITE);
        int d = blobs.calls(BlobOp.DELETE);
        blobs.failOnCall(BlobOp.WRITE, IntStream.range(w + k, w + k + 1000).toArray());
        blobs.failOnCall(BlobOp.DELETE, IntStream.range(d + 1, d + 1000).toArray());
    }

    /** The store's restore journal, every entry. */
    static List<JournaledRestore> journal(BlobEventStore store) {
        try (Stream<JournaledRestore> s = store.listRestores()) {
            return s.toList();
        }
    }
}
