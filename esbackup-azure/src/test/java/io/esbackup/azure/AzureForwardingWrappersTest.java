package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.testkit.WrapperTransparency;
import io.esbackup.testkit.WrapperTransparency.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #12 on Azurite: a do-nothing wrapper around the Azure event store (the reference's layout, a
 * container per object name) and the Azure provider keeps the raw backup path, the restore journal and
 * validation, and writes the same blobs. Azure leaves no temporary files, so there is nothing to sweep.
 */
@ExtendWith(Azurite.class)
class AzureForwardingWrappersTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-09-17T08:30:00Z"), ZoneOffset.UTC);

    @Test
    void wrappersAroundTheAzureStoreAndProviderChangeNothing() {
        Outcome plain = run(false);
        Outcome wrapped = run(true);

        WrapperTransparency.assertSame(plain, wrapped);
        assertThat(plain.cleanup().temporaryFiles()).isZero();
    }

    private static Outcome run(boolean wrapped) {
        return WrapperTransparency.run(
                new ContainerPrefixing(AzureBlobStore.forAccount(Azurite.client()), Azurite.uniqueContainer("w") + "-"),
                AzureBlobStore.forContainer(Azurite.client().getBlobContainerClient(Azurite.uniqueContainer("wb")), ""),
                wrapped, CLOCK, () -> { });
    }
}
