package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ToolVersionTest {
    /** The project's version, which the build passes to the tests (the parent pom's surefire settings). */
    static String expected() {
        String v = System.getProperty("esbackup.expectedVersion");
        assertThat(v).as("system property esbackup.expectedVersion, set by the build").isNotBlank()
                .doesNotContain("${");
        return v;
    }

    @Test
    void theVersionWrittenIntoManifestsIsTheBuildsOwn() {
        assertThat(ToolVersion.read()).isEqualTo(expected()).isNotEqualTo("unknown");
        assertThat(BackupRestoreService.TOOL_VERSION).isEqualTo(expected());
    }

    @Test
    void aMissingEmptyOrUnfilteredVersionFailsInsteadOfBecomingUnknown() throws IOException {
        assertThatThrownBy(() -> ToolVersion.parse(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ToolVersion.RESOURCE).hasMessageContaining("not on the class path");
        assertThatThrownBy(() -> ToolVersion.parse(text("version=${project.version}\n")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not filtered");
        assertThatThrownBy(() -> ToolVersion.parse(text("version=  \n")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no version");
        assertThatThrownBy(() -> ToolVersion.parse(text("other=1\n")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no version");
        assertThat(ToolVersion.parse(text("version = 1.2.3 \n"))).isEqualTo("1.2.3");
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
