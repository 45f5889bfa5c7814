package io.esbackup.store;

import io.esbackup.blob.AbandonedWrites;
import io.esbackup.testkit.EventStoreConformance;
import io.esbackup.testkit.EventStoreFixture;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

class FileEventStoreConformanceTest extends EventStoreConformance {
    @TempDir
    Path root;

    @Override
    protected EventStoreFixture fixture() {
        // A local folder leaves temporary files of abandoned writes, which a clean-up sweeps, and can make many
        // writes durable with one wait.
        Set<Class<?>> capabilities = new HashSet<>(EventStoreConformance.BLOB_LAYOUT);
        capabilities.add(AbandonedWrites.class);
        capabilities.add(io.esbackup.blob.GroupCommit.class);
        return EventStoreFixture.of(capabilities, () -> new FileEventStore(root));
    }
}
