package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A 200 MB archive goes up and comes back through {@link AzureBlobStore} in a JVM with a 64 MB heap. */
@ExtendWith(Azurite.class)
class LargeBlobTest {
    static final int MIB = 200;

    @Test
    void a200MegabyteBlobIsStreamedBothWaysWithA64MegabyteHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), LargeBlobMain.class.getName(),
                Azurite.uniqueContainer("large"), String.valueOf(MIB))).redirectErrorStream(true);
        builder.environment().put("AZURE_STORAGE_CONNECTION_STRING", Azurite.connectionString());
        Process child = builder.start();
        byte[] output = child.getInputStream().readAllBytes();
        boolean finished = child.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(finished).as("child finished; output: %s", text).isTrue();
        assertThat(child.exitValue()).as("child exit value; output: %s", text).isZero();
        assertThat(text).contains("OK " + MIB * 1024L * 1024L);
    }
}
