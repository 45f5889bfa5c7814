package io.esbackup.backup;

import io.esbackup.archive.ArchiveHeader;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import io.esbackup.store.EventStore;
import io.esbackup.store.StoreKind;
import io.esbackup.store.StoredDocument;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The object document a restore publishes: the backed-up one (or the live one, or a minimal one) with the target
 * id, the restored stream as active, the terminated streams it restored or kept, and the replaced stream, as the
 * target store holds documents ({@link StoreKind#adopt}).
 */
final class RestoredDocument {
    private final EventStore store;
    private final String objectName;
    private final String targetId;
    private final boolean clone;
    private final RestoreOptions options;
    private final Optional<StoredDocument> live;
    private final Clock clock;

    RestoredDocument(EventStore store, String objectName, String targetId, boolean clone, RestoreOptions options,
                     Optional<StoredDocument> live, Clock clock) {
        this.store = store;
        this.objectName = objectName;
        this.targetId = targetId;
        this.clone = clone;
        this.options = options;
        this.live = live;
        this.clock = clock;
    }

    /** The document to publish: the backed-up one (or the live one), pointing at the restored stream. */
    ObjectDocument document(ArchiveHeader h, StreamInformation active, Map<String, String> terminated,
                                    Map<String, TerminatedStream> archived) {
        ObjectDocument base;
        if (options.restoreObjectDocument() && h.document() != null) {
            base = h.document();
        } else if (live.isPresent()) {
            base = live.get().document();
        } else {
            base = ObjectDocument.create(objectName, targetId, active);
        }
        List<TerminatedStream> streams = new ArrayList<>();
        for (TerminatedStream ts : base.terminatedStreams()) {
            if (!clone) {
                streams.add(ts);
            } else if (terminated.containsKey(ts.streamIdentifier())) {
                streams.add(renamed(ts, h, active, terminated));
            }
        }
        // Restored streams the base does not list (it is not the backed-up document) are listed too, so
        // none of them is left without a document pointing at it.
        for (TerminatedStream ts : archived.values()) {
            String target = terminated.get(ts.streamIdentifier());
            if (target != null && streams.stream().noneMatch(s -> s.streamIdentifier().equals(target))) {
                streams.add(clone ? renamed(ts, h, active, terminated) : ts);
            }
        }
        if (live.isPresent()) {
            ObjectDocument current = live.get().document();
            for (TerminatedStream ts : current.terminatedStreams()) {
                if (streams.stream().noneMatch(s -> s.streamIdentifier().equals(ts.streamIdentifier()))) {
                    streams.add(ts);
                }
            }
            StreamInformation old = current.active();
            String now = clock.instant().toString();
            streams.add(new TerminatedStream(old.streamIdentifier(), old.streamType(),
                    TerminatedStream.REPLACED_BY_RESTORE, active.streamIdentifier(), now,
                    old.currentStreamVersion(), options.purgeReplaced(), options.purgeReplaced() ? now : null,
                    null, Map.of()));
        }
        ObjectDocument restored = base.withObjectId(targetId).withActive(active).withTerminatedStreams(streams);
        Optional<StoreKind> kind = store.capability(StoreKind.class);
        return kind.isEmpty() ? restored : kind.get().adopt(restored, objectName, h.stream().streamType(),
                live.map(StoredDocument::document).orElse(null));
    }

    /** A clone's copy of a terminated stream entry: its new identifier, its continuation mapped along. */
    private static TerminatedStream renamed(TerminatedStream ts, ArchiveHeader h, StreamInformation active,
                                            Map<String, String> terminated) {
        String continuation = ts.continuationStreamId();
        if (continuation != null) {
            continuation = continuation.equals(h.stream().streamIdentifier()) ? active.streamIdentifier()
                    : terminated.getOrDefault(continuation, continuation);
        }
        return ts.withStreamIdentifier(terminated.get(ts.streamIdentifier()), continuation);
    }
}
