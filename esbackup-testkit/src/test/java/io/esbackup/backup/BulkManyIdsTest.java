package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 100,000 lazily made ids go through backupMany in a child JVM whose heap is capped at 24 MB: the ids are
 * never all held (about 20 MB of them: a runner that buffers its input runs out of heap here, one that works
 * as it reads needs under 16 MB), the result keeps only maxResultsKept of each list (99,900 failures with
 * their exceptions would not fit either), and the counts are exact. The child's input also measures how far
 * ahead of the outcomes it was read (at most maxConcurrency). A size check, not a timing: the wait below only
 * keeps a hung child from hanging the build.
 */
class BulkManyIdsTest {
    @Test
    void aHundredThousandLazyIdsRunInASmallHeapWithExactCountsAndCappedLists()
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-Xmx24m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), BulkManyIdsMain.class.getName(), "100000"))
                .redirectErrorStream(true)
                .start();
        boolean finished = child.waitFor(5, TimeUnit.MINUTES);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            child.destroyForcibly();
        }
        assertThat(finished).as("child finished").isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("processed=100000 succeeded=100 failed=99900 keptSuccesses="
                + BulkManyIdsMain.KEPT + " keptFailures=" + BulkManyIdsMain.KEPT + " truncated=true taken=100000 ");
        assertThat(output).contains(" progressCalls=100000 lastProgress=100000/100/99900 total=-1");
        long maxAhead = Long.parseLong(output.replaceAll("(?s).*maxAhead=(\\d+).*", "$1"));
        assertThat(maxAhead).isBetween(1L, (long) BulkManyIdsMain.CONCURRENCY);
    }
}
