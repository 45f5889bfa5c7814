package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/** The azure module exports its one package and reads core and the Azure SDK as modules (issue #12). */
class AzureModuleTest {

    @Test
    void theModuleExportsItsPackageAndRequiresCore() {
        Module azure = AzureBlobStore.class.getModule();
        assertThat(azure.isNamed()).as("runs as a named module").isTrue();
        ModuleDescriptor d = azure.getDescriptor();

        assertThat(d.name()).isEqualTo("io.esbackup.azure");
        assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.esbackup.azure");
        assertThat(d.requires()).extracting(ModuleDescriptor.Requires::name)
                .contains("io.esbackup.core", "com.azure.storage.blob");
        assertThat(io.esbackup.blob.BlobStore.class.getModule().getName()).isEqualTo("io.esbackup.core");
    }
}
