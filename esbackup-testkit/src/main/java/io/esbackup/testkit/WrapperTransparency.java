package io.esbackup.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.CleanupReport;
import io.esbackup.backup.ForwardingBackupProvider;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.ForwardingEventStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What a do-nothing wrapper around an event store and a provider must not change: the same backup (taken on
 * the raw path), overwrite restore (through the restore journal), clean-up (sweeping abandoned writes where the
 * storage has them) and validation as without it, writing the same bytes. Each of those is found as a
 * capability, so a wrapper that forwards {@code capability} keeps them all.
 *
 * <p>{@link #run} does the same work over one pair of storages, with or without the wrappers; a test runs it
 * twice on empty storages and compares the two {@link Outcome}s.
 */
public final class WrapperTransparency {
    private static final String OBJECT = "Order";
    private static final String ID = "o-wrapped";
    private static final String JOURNAL = BlobEventStore.RESTORE_JOURNAL;

    /** What one run did and left behind. */
    public record Outcome(Map<String, String> storeBlobs, Map<String, String> backupBlobs, List<String> written,
                          CleanupReport cleanup, boolean valid, int eventReadsThroughTheWrapper) {}

    private WrapperTransparency() {}

    /**
     * Backs up, validates, restores over the live stream and cleans up, over {@code storeBlobs} (the event
     * store, in the reference's blob layout) and {@code backupBlobs}, with do-nothing wrappers around the store
     * and the provider if {@code wrapped}. {@code beforeCleanup} may leave abandoned writes for the clean-up
     * to sweep. Backup ids come from a fixed sequence, so two runs write the same bytes.
     */
    public static Outcome run(BlobStore storeBlobs, BlobStore backupBlobs, boolean wrapped, Clock clock,
                              Runnable beforeCleanup) {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        EventStore store = new BlobEventStore(recording(storeBlobs, written));
        BackupProvider provider = new BlobBackupProvider(recording(backupBlobs, written));
        AtomicInteger eventReads = new AtomicInteger();
        if (wrapped) {
            store = new ForwardingEventStore(store) {
                @Override
                public EventCursor readEvents(String objectName, StreamInformation stream, int from, int to) {
                    eventReads.incrementAndGet();
                    return super.readEvents(objectName, stream, from, to);
                }
            };
            provider = new ForwardingBackupProvider(provider) { };
        }
        StreamInformation active = store.appendEvents(OBJECT, StreamInformation.empty("owrapped-0000000000", "blob"),
                StreamHeader.of(OBJECT, ID), SampleEvents.range(0, 25).iterator());
        store.writeDocument(ObjectDocument.create(OBJECT, ID, active), null);
        long[] next = {0};
        BackupRestoreService service = BackupRestoreService.builder(store, provider).clock(clock)
                .ids(() -> new UUID(0x7777_0000_0000_4000L, 0x8000_0000_0000_0000L | ++next[0])).build();

        BackupHandle handle = service.backupStream(OBJECT, ID, BackupOptions.DEFAULT);
        int readsForTheBackup = eventReads.get();
        boolean valid = service.validateBackup(handle).valid();
        written.clear();
        service.restoreStream(handle, RestoreOptions.WITH_OVERWRITE);
        List<String> restoreWrites = List.copyOf(written);
        beforeCleanup.run();
        CleanupReport cleanup = service.cleanupExpiredBackups();
        return new Outcome(contents(storeBlobs), contents(backupBlobs), restoreWrites, cleanup, valid,
                readsForTheBackup);
    }

    /** Checks that {@code wrapped} did and left exactly what {@code plain} did, and that each path was taken. */
    public static void assertSame(Outcome plain, Outcome wrapped) {
        assertThat(plain.valid()).as("the backup validates").isTrue();
        assertThat(wrapped.valid()).as("the backup through the wrappers validates").isTrue();
        assertThat(wrapped.eventReadsThroughTheWrapper()).as("events read through the wrapper: the raw path "
                + "is found through it, so none").isZero();
        assertThat(plain.written()).as("the overwrite restore records its run in the restore journal")
                .anyMatch(k -> k.contains(JOURNAL));
        assertThat(wrapped.written()).as("writes of the restore through the wrappers")
                .isEqualTo(plain.written());
        assertThat(wrapped.cleanup().temporaryFiles()).as("temporary files swept through the wrappers")
                .isEqualTo(plain.cleanup().temporaryFiles());
        assertThat(wrapped.storeBlobs()).as("the event store's blobs").isEqualTo(plain.storeBlobs());
        assertThat(wrapped.backupBlobs()).as("the backups' blobs").isEqualTo(plain.backupBlobs());
    }

    /** Every blob and its content (as text, for readable failures). */
    private static Map<String, String> contents(BlobStore blobs) {
        Map<String, String> all = new TreeMap<>();
        try (Stream<BlobInfo> listed = blobs.list("")) {
            listed.forEach(b -> all.put(b.key(), new String(blobs.readAllBytes(b.key()).orElseThrow(),
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
        return all;
    }

    /** Records the key of every write, in order, with a run's own random journal id masked. */
    private static BlobStore recording(BlobStore blobs, List<String> written) {
        return new ForwardingBlobStore(blobs) {
            @Override
            public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
                written.add(key.contains(JOURNAL) ? key.substring(0, key.indexOf(JOURNAL) + JOURNAL.length()) + "*"
                        : key);
                return super.write(key, condition, writer);
            }
        };
    }
}
