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
                "-cp", childClassPath(), LargeBlobMain.class.getName(),
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

    /**
     * Everything this test runs with, for a child on the class path: the tests run inside the module
     * io.esbackup.azure, so its classes and their dependencies are on the module path and the test classes
     * patched in, not on {@code java.class.path}.
     */
    private static String childClassPath() throws Exception {
        List<String> parts = new java.util.ArrayList<>();
        parts.add(Path.of(LargeBlobMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                parts.add(value);
            }
        }
        return String.join(java.io.File.pathSeparator, parts);
    }
}
