package io.esbackup.azure;

import io.esbackup.store.BlobEventStore;
import io.esbackup.testkit.EventStoreConformance;
import io.esbackup.testkit.EventStoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The testkit's event store suite against Azurite: {@link BlobEventStore} over {@link AzureBlobStore#forAccount},
 * the reference's layout of one container per object name. Each test's containers carry a prefix of their
 * own ({@code t123-4-object-document-store}, {@code t123-4-order}), since every test shares one Azurite.
 */
@ExtendWith(Azurite.class)
class AzureEventStoreConformanceTest extends EventStoreConformance {
    @Override
    protected EventStoreFixture fixture() {
        return EventStoreFixture.of(EventStoreConformance.BLOB_LAYOUT, () -> new BlobEventStore(new ContainerPrefixing(AzureBlobStore.forAccount(Azurite.client()),
                Azurite.uniqueContainer("t") + "-")));
    }
}
