package io.esbackup.azure;

import io.esbackup.store.BlobEventStore;
import io.esbackup.testkit.RestoreJournalConformance;
import io.esbackup.testkit.RestoreJournalFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The testkit's restore journal suite against Azurite: the journal of a {@link BlobEventStore} over
 * {@link AzureBlobStore#forAccount} (blobs under the document container, changed on their ETags). Each test's
 * containers carry a prefix of their own, since every test shares one Azurite.
 */
@ExtendWith(Azurite.class)
class AzureRestoreJournalConformanceTest extends RestoreJournalConformance {
    @Override
    protected RestoreJournalFixture fixture() {
        return () -> new BlobEventStore(new ContainerPrefixing(AzureBlobStore.forAccount(Azurite.client()),
                Azurite.uniqueContainer("j") + "-"));
    }
}
