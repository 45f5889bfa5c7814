package io.esbackup.backup;

import io.esbackup.archive.ArchiveHeader;
import io.esbackup.archive.ArchiveReader;
import io.esbackup.archive.ArchiveSummary;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import java.util.Iterator;

/**
 * What restore and validation read, in an archive's order: one archive ({@link #of}), or an incremental chain
 * read as if it were one full archive ({@link ChainInput}).
 */
interface ArchiveInput extends AutoCloseable {
    ArchiveHeader readHeader();

    Iterator<Event> events();

    Iterator<RawEvent> rawEvents();

    void readSnapshots(ArchiveReader.SnapshotVisitor visitor);

    void readTerminatedStreams(ArchiveReader.TerminatedStreamVisitor visitor);

    ArchiveSummary finish();

    @Override
    void close();

    static ArchiveInput of(ArchiveReader reader) {
        return new ArchiveInput() {
            @Override
            public ArchiveHeader readHeader() {
                return reader.readHeader();
            }

            @Override
            public Iterator<Event> events() {
                return reader.events();
            }

            @Override
            public Iterator<RawEvent> rawEvents() {
                return reader.rawEvents();
            }

            @Override
            public void readSnapshots(ArchiveReader.SnapshotVisitor visitor) {
                reader.readSnapshots(visitor);
            }

            @Override
            public void readTerminatedStreams(ArchiveReader.TerminatedStreamVisitor visitor) {
                reader.readTerminatedStreams(visitor);
            }

            @Override
            public ArchiveSummary finish() {
                return reader.finish();
            }

            @Override
            public void close() {
                reader.close();
            }
        };
    }
}
