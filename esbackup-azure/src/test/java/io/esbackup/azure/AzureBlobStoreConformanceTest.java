package io.esbackup.azure;

import io.esbackup.testkit.BlobStoreConformance;
import io.esbackup.testkit.BlobStoreFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** The testkit's blob store suite against Azurite, in both shapes of {@link AzureBlobStore}. */
@ExtendWith(Azurite.class)
class AzureBlobStoreConformanceTest {

    /** One container, under a prefix, new for every test. */
    @Nested
    class ForContainer extends BlobStoreConformance {
        @Override
        protected BlobStoreFixture fixture() {
            return () -> AzureBlobStore.forContainer(
                    Azurite.client().getBlobContainerClient(Azurite.uniqueContainer("conf")), "some/prefix");
        }
    }

    /**
     * The account store, with every key put under a container of its own for the test: the suite's keys
     * begin with segments such as {@code ünïcödé} that are no container names, and Azurite is shared.
     */
    @Nested
    class ForAccount extends BlobStoreConformance {
        @Override
        protected BlobStoreFixture fixture() {
            return () -> new ContainerPrefixing(AzureBlobStore.forAccount(Azurite.client()),
                    Azurite.uniqueContainer("acct") + "/");
        }
    }
}
