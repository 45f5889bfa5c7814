package io.esbackup.cli;

import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.FileEventStore;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Writes plain aggregates into the default store folder ({@code esdata}) of a test's working directory. */
final class Aggregates {
    private Aggregates() {}

    static void create(Path workingDirectory, String objectName, String objectId, int events) {
        FileEventStore store = new FileEventStore(workingDirectory.resolve("esdata"));
        StreamInformation empty = new StreamInformation(objectId.replace("-", "") + "-0000000000", "blob", -1,
                ChunkSettings.disabled(), List.of(), List.of(), Map.of());
        Iterator<Event> it = IntStream.range(0, events)
                .mapToObj(i -> Event.of("ItemAdded", i, "{\"n\":" + i + "}", "2024-09-16T08:00:00Z")).iterator();
        StreamInformation active = store.appendEvents(objectName, empty, StreamHeader.of(objectName, objectId), it);
        store.writeDocument(ObjectDocument.create(objectName, objectId, active), null);
    }

    /** {@code count} aggregates {@code prefix-1} .. {@code prefix-count} of 3 events each. */
    static void createMany(Path workingDirectory, String objectName, String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            create(workingDirectory, objectName, prefix + "-" + i, 3);
        }
    }
}
