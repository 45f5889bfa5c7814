package io.esbackup.azure;

import io.esbackup.backup.BlobBackupRegistry;
import io.esbackup.testkit.BackupRegistryConformance;
import io.esbackup.testkit.BackupRegistryFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry suite on a {@link BlobBackupRegistry} in an Azure container (Azurite), shared without a database. */
@ExtendWith(Azurite.class)
class AzureBlobBackupRegistryConformanceTest extends BackupRegistryConformance {
    @Override
    protected BackupRegistryFixture fixture() {
        return () -> new BlobBackupRegistry(AzureBlobStore.forContainer(Azurite.client()
                .getBlobContainerClient(Azurite.uniqueContainer("registry")), "shared"));
    }
}
