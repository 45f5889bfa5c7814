package io.esbackup.bench.jmh;

import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.ArchiveHeader;
import io.esbackup.archive.ArchiveWriter;
import io.esbackup.archive.Compression;
import io.esbackup.bench.EventGenerator;
import io.esbackup.model.Event;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The archive the codec benchmarks encode and decode: one stream of generated order events. */
final class ArchiveSample {
    static final String OBJECT_ID = "order-jmh";

    private ArchiveSample() {}

    static List<Event> events(int count) {
        List<Event> events = new ArrayList<>(count);
        new EventGenerator(EventGenerator.DEFAULT_SEED).events(OBJECT_ID, count).forEachRemaining(events::add);
        return events;
    }

    static ArchiveHeader header(int count) {
        StreamInformation stream = StreamInformation.empty("orderjmh-0000000000", "blob").withVersion(count - 1,
                List.of());
        return new ArchiveHeader(ArchiveFormat.VERSION, "00000000-0000-4000-8000-000000000001", "order", OBJECT_ID,
                Instant.parse("2024-09-17T08:30:00Z"), stream, StreamHeader.of("order", OBJECT_ID), null);
    }

    /** The archive of {@code events}, compressed with {@code compression}. */
    static byte[] encode(List<Event> events, Compression compression) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArchiveWriter w = new ArchiveWriter(out, compression)) {
            w.start(header(events.size()));
            for (Event e : events) {
                w.event(e);
            }
            w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
