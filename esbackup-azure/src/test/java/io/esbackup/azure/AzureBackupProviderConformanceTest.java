package io.esbackup.azure;

import io.esbackup.backup.IdPointers;
import io.esbackup.backup.JobLocks;
import io.esbackup.backup.UnfinishedBackups;
import io.esbackup.testkit.BackupProviderConformance;
import io.esbackup.testkit.BackupProviderFixture;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;

/** The provider suite against Azurite: {@link AzureBlobBackupProvider} in a container of its own per test. */
@ExtendWith(Azurite.class)
class AzureBackupProviderConformanceTest extends BackupProviderConformance {
    @Override
    protected BackupProviderFixture fixture() {
        return BackupProviderFixture.of(Set.of(UnfinishedBackups.class, JobLocks.class, IdPointers.class),
                () -> new AzureBlobBackupProvider(Azurite.client(), Azurite.uniqueContainer("prov"), "under/a/prefix"));
    }
}
