package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory must not grow with stream length: a 1,000,000-event stream is written, backed up, validated
 * and cloned in a child JVM whose heap is capped at 64 MB. This is a size check, not a timing.
 */
class ConstantMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aMillionEventStreamBacksUpAndRestoresIn64MbOfHeap() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), BigStreamMain.class.getName(),
                dir.toString(), "1000000"))
                .redirectErrorStream(true)
                .start();
        boolean finished = child.waitFor(10, TimeUnit.MINUTES);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            child.destroyForcibly();
        }
        assertThat(finished).as("child finished").isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("backedUp=1000000 valid=true restored=1000000 version=999999");
    }
}
