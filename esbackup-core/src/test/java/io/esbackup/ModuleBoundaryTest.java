package io.esbackup;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Core's module exports its API and SPI packages and nothing internal (issue #12). */
class ModuleBoundaryTest {

    @Test
    void onlyApiAndSpiPackagesAreExported() {
        Module core = Capable.class.getModule();
        assertThat(core.isNamed()).as("core runs as the module io.esbackup.core").isTrue();
        ModuleDescriptor descriptor = core.getDescriptor();

        Set<String> exported = descriptor.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());

        assertThat(descriptor.name()).isEqualTo("io.esbackup.core");
        assertThat(exported).containsExactlyInAnyOrder("io.esbackup", "io.esbackup.archive", "io.esbackup.backup",
                "io.esbackup.blob", "io.esbackup.error", "io.esbackup.model", "io.esbackup.model.json",
                "io.esbackup.store");
        assertThat(descriptor.packages()).filteredOn(p -> p.endsWith(".internal")).isNotEmpty()
                .allSatisfy(p -> assertThat(exported).doesNotContain(p));
    }
}
