package io.esbackup.backup;

import io.esbackup.testkit.BackupRegistryConformance;
import io.esbackup.testkit.BackupRegistryFixture;

class InMemoryBackupRegistryConformanceTest extends BackupRegistryConformance {
    @Override
    protected BackupRegistryFixture fixture() {
        return InMemoryBackupRegistry::new;
    }
}
