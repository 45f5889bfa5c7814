package io.esbackup.store;

import io.esbackup.testkit.RestoreJournalConformance;
import io.esbackup.testkit.RestoreJournalFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The journal a file event store keeps, in its folder. */
class FileRestoreJournalConformanceTest extends RestoreJournalConformance {
    @TempDir
    Path root;

    @Override
    protected RestoreJournalFixture fixture() {
        return () -> new FileEventStore(root);
    }
}
