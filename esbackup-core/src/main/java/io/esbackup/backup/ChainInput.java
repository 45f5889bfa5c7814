package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.ArchiveHeader;
import io.esbackup.archive.ArchiveReader;
import io.esbackup.archive.ArchiveSummary;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ChainLink;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.internal.LookaheadIterator;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * An incremental chain read as if it were one full archive: the newest link's header (its stream, document and
 * stream header), then the events of every link, root first, then the newest link's snapshots and terminated
 * streams. One archive is read at a time besides the newest, whose reader waits at its first event; nothing is
 * held but the current event. Each link is checked on its own ({@link ArchiveCheck}: ids, contiguous versions
 * from its base, counts, size and SHA-256) and against its parent (it starts right after the parent's last
 * version, on the same stream, and the parent's last event has the digest the parent recorded); every problem
 * goes to {@code whole}, the check of the chain as one archive, named by the link's backup id.
 */
final class ChainInput implements ArchiveInput {
    private final BackupProvider provider;
    private final List<BackupCatalog.Located> links;
    private final ArchiveCiphers ciphers;
    private final ArchiveCheck whole;
    private final ArchiveCheck newestCheck;
    private InputStream newestIn;
    private ArchiveReader newest;
    private InputStream linkIn;
    private ArchiveReader link;
    private long declaredEvents;

    ChainInput(BackupProvider provider, ArchiveCiphers ciphers, List<BackupCatalog.Located> links,
               ArchiveCheck whole) {
        this.provider = provider;
        this.ciphers = ciphers;
        this.links = links;
        this.whole = whole;
        BackupCatalog.Located last = links.get(links.size() - 1);
        this.newestCheck = new ArchiveCheck(last.manifest());
        newestCheck.location(last.location());
    }

    /** The newest link's header, as a full archive's: no parent, events from version 0. */
    @Override
    public ArchiveHeader readHeader() {
        BackupCatalog.Located last = links.get(links.size() - 1);
        newestIn = provider.openArchive(last.location());
        newest = ciphers.reader(newestIn, last.manifest());
        ArchiveHeader h = newest.readHeader();
        newestCheck.header(h);
        return new ArchiveHeader(ArchiveFormat.VERSION, h.backupId(), h.objectName(), h.objectId(), h.createdAt(),
                h.stream(), h.streamHeader(), h.document());
    }

    @Override
    public Iterator<Event> events() {
        return chained(ArchiveReader::events, Event::eventVersion, null);
    }

    @Override
    public Iterator<RawEvent> rawEvents() {
        return chained(ArchiveReader::rawEvents, RawEvent::eventVersion, EventDigest::of);
    }

    /**
     * Every link's events in turn; {@code digest} (raw events only: a rebuilt event's bytes may differ from the
     * archive's) checks each parent's last event against the digest its manifest recorded.
     */
    private <T> Iterator<T> chained(Function<ArchiveReader, Iterator<T>> eventsOf, ToIntFunction<T> versionOf,
                                    Function<T, String> digest) {
        return new LookaheadIterator<>() {
            private int index = -1;
            private ArchiveCheck check;
            private Iterator<T> current;
            private T last;

            @Override
            protected T computeNext() {
                while (current == null || !current.hasNext()) {
                    if (current != null) {
                        endLink(index, check, digest == null || last == null ? null : digest.apply(last));
                    }
                    if (index == links.size() - 1) {
                        return null;
                    }
                    index++;
                    last = null;
                    check = index == links.size() - 1 ? newestCheck : openLink(index);
                    ArchiveReader reader = index == links.size() - 1 ? newest : link;
                    current = check.events(eventsOf.apply(reader), versionOf, n -> { });
                }
                last = current.next();
                return last;
            }
        };
    }

    private ArchiveCheck openLink(int index) {
        BackupCatalog.Located at = links.get(index);
        ArchiveCheck check = new ArchiveCheck(at.manifest());
        check.location(at.location());
        linkIn = provider.openArchive(at.location());
        link = ciphers.reader(linkIn, at.manifest());
        check.header(link.readHeader());
        if (index > 0) {
            continues(at.manifest(), links.get(index - 1).manifest());
        }
        return check;
    }

    /** A link's events are read: an older link is read to its end and checked; the newest waits for its snapshots. */
    private void endLink(int index, ArchiveCheck check, String lastDigest) {
        BackupManifest m = links.get(index).manifest();
        ChainLink chain = null;
        try {
            chain = ciphers.chainOf(m);
        } catch (BackupCorruptedException e) {
            e.problems().forEach(p -> whole.problem("backup " + m.backupId() + ": " + p));
        }
        if (lastDigest != null && chain != null && chain.lastEventSha256() != null
                && !lastDigest.equals(chain.lastEventSha256())) {
            whole.problem("backup " + m.backupId() + ": its last event's SHA-256 is " + lastDigest
                    + ", its manifest recorded " + chain.lastEventSha256());
        }
        if (index == links.size() - 1) {
            return;
        }
        link.readSnapshots((ref, data) -> check.snapshot(ref));
        link.readTerminatedStreams((ts, header, events) -> check.terminatedEvents(ts, events)
                .forEachRemaining(e -> { }));
        ArchiveSummary s = link.finish();
        declaredEvents += s.eventCount();
        check.finish(s);
        check.problems().forEach(p -> whole.problem("backup " + m.backupId() + ": " + p));
        closeLink();
    }

    /** A delta starts right after its parent ends, on the same stream, and builds on the parent's last event. */
    private void continues(BackupManifest child, BackupManifest parent) {
        String prefix = "backup " + child.backupId() + " continues parent " + parent.backupId() + " but ";
        if (child.baseVersion() != parent.streamVersion() + 1) {
            whole.problem(prefix + "starts at version " + child.baseVersion() + " where the parent ended at "
                    + parent.streamVersion());
        }
        if (!child.streamIdentifier().equals(parent.streamIdentifier())) {
            whole.problem(prefix + "is of stream " + child.streamIdentifier() + ", the parent of "
                    + parent.streamIdentifier());
        }
    }

    @Override
    public void readSnapshots(ArchiveReader.SnapshotVisitor visitor) {
        newest.readSnapshots((ref, data) -> {
            newestCheck.snapshot(ref);
            visitor.snapshot(ref, data);
        });
    }

    @Override
    public void readTerminatedStreams(ArchiveReader.TerminatedStreamVisitor visitor) {
        newest.readTerminatedStreams((ts, header, events) ->
                visitor.terminatedStream(ts, header, newestCheck.terminatedEvents(ts, events)));
    }

    /** The newest link's summary and stored bytes, with the events every link declared. */
    @Override
    public ArchiveSummary finish() {
        ArchiveSummary s = newest.finish();
        newestCheck.finish(s);
        newestCheck.problems().forEach(p -> whole.problem("backup " + links.get(links.size() - 1).manifest()
                .backupId() + ": " + p));
        return new ArchiveSummary(declaredEvents + s.eventCount(), s.snapshotCount(), s.terminatedStreamCount(),
                s.terminatedEventCount(), s.sha256(), s.storedSize());
    }

    private void closeLink() {
        if (link != null) {
            link.close();
            link = null;
        }
        if (linkIn != null) {
            closeQuietly(linkIn);
            linkIn = null;
        }
    }

    @Override
    public void close() {
        closeLink();
        if (newest != null) {
            newest.close();
        }
        if (newestIn != null) {
            closeQuietly(newestIn);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
