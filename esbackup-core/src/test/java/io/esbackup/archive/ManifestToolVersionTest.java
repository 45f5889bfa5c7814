package io.esbackup.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Writing a manifest now requires a real tool version, but manifests already written keep whatever they say:
 * builds before this check wrote {@code "unknown"} when they could not read their version, and the field is
 * informative only.
 */
class ManifestToolVersionTest {
    @Test
    void manifestsThatSayUnknownOrNothingStillRead() {
        BackupManifest unknown = manifest("unknown");
        assertThat(ManifestCodec.fromBytes(ManifestCodec.toBytes(unknown))).isEqualTo(unknown);

        String without = new String(ManifestCodec.toBytes(unknown), StandardCharsets.UTF_8)
                .replace(",\"toolVersion\":\"unknown\"", "");
        assertThat(without).doesNotContain("toolVersion");
        assertThat(ManifestCodec.fromBytes(without.getBytes(StandardCharsets.UTF_8)).toolVersion()).isNull();
    }

    private static BackupManifest manifest(String toolVersion) {
        return new BackupManifest(ArchiveFormat.VERSION, "c0ffee00-0000-4000-8000-000000000001", "Order", "o-1",
                "o1-0000000000", 3, 4, Instant.parse("2024-01-01T00:00:00Z"), null, null, Map.of(), false, true,
                false, 0, 0, Compression.ZSTD, 100, "ab".repeat(32), null, toolVersion);
    }
}
