package io.esbackup.azure;

import io.esbackup.testkit.BlobStoreFixture;
import io.esbackup.testkit.JobLocksConformance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The job lock suite against Azurite: leases in a container of their own per test, under a prefix. */
@ExtendWith(Azurite.class)
class AzureJobLocksConformanceTest extends JobLocksConformance {
    @Override
    protected BlobStoreFixture fixture() {
        return () -> AzureBlobStore.forContainer(
                Azurite.client().getBlobContainerClient(Azurite.uniqueContainer("locks")), "under/a/prefix");
    }
}
