package io.esbackup.store;

import io.esbackup.testkit.EventStoreConformance;
import io.esbackup.testkit.EventStoreFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileEventStoreConformanceTest extends EventStoreConformance {
    @TempDir
    Path root;

    @Override
    protected EventStoreFixture fixture() {
        return () -> new FileEventStore(root);
    }
}
