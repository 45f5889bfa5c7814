package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdLinesTest {
    @TempDir
    Path dir;

    private CliEnvironment environment() {
        return new CliEnvironment(dir, Clock.systemUTC(), new Random(1));
    }

    @Test
    void blankLinesAndSurroundingWhitespaceAreIgnoredAndLinesKeepTheirNumbers() throws IOException {
        Files.writeString(dir.resolve("ids"), "\n  a-1 \t\r\n\n   \nb 2\nc-3");

        List<IdLines.Line> lines = new ArrayList<>();
        try (IdLines ids = IdLines.open("--ids", "ids", environment())) {
            assertThat(ids.count()).isEqualTo(3);
            ids.lines().forEachRemaining(lines::add);
        }

        assertThat(lines).containsExactly(new IdLines.Line(2, "a-1"), new IdLines.Line(5, "b 2"),
                new IdLines.Line(6, "c-3"));
    }

    @Test
    void standardInputIsReadOnlyAsFarAsTheIdsAreTaken() {
        BulkCommandsTest.EndlessIds endless = new BulkCommandsTest.EndlessIds();
        IdLines ids = IdLines.open("--ids", "-", environment().withStdin(endless));

        assertThat(ids.count()).isEqualTo(-1);
        try (Stream<String> first = ids.ids()) {
            assertThat(first.limit(3)).containsExactly("missing-1", "missing-2", "missing-3");
        }
        assertThat(endless.bytesRead).isLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertThatThrownBy(() -> IdLines.open("--ids", "nope.txt", environment()))
                .isInstanceOf(UsageException.class).hasMessageContaining("--ids").hasMessageContaining("nope.txt");
        assertThatThrownBy(() -> IdLines.open("--ids", ".", environment()))
                .isInstanceOf(UsageException.class).hasMessageContaining("is not a readable file");
    }

    @Test
    void malformedBackupIdsAreCountedAndSkippedOrEndTheInput() throws IOException {
        String good = "5d9efe30-5667-41bc-aeea-fa3d9d5e17c3";
        Files.writeString(dir.resolve("ids"), "x\n" + good + "\ny\n" + good + "\n");
        int[] told = new int[1];

        try (IdLines lines = IdLines.open("--ids", "ids", environment())) {
            BackupIdInput input = new BackupIdInput(lines.lines(), false, 1, () -> told[0]++);
            List<UUID> ids = new ArrayList<>();
            input.forEach(ids::add);
            assertThat(ids).hasSize(2);
            assertThat(input.malformedCount()).isEqualTo(2);
            assertThat(input.malformed()).containsExactly(new BackupIdInput.Malformed(1, "x"));
            assertThat(input.stopped()).isFalse();
            assertThat(told[0]).isEqualTo(2);
        }
        try (IdLines lines = IdLines.open("--ids", "ids", environment())) {
            BackupIdInput input = new BackupIdInput(lines.lines(), true, 10, () -> { });
            Iterator<UUID> it = input.iterator();
            assertThat(it.hasNext()).isFalse();
            assertThat(input.stopped()).isTrue();
            assertThat(input.malformed().get(0).message()).isEqualTo("line 1: 'x' is not a backup id; backup ids "
                    + "are UUIDs such as 5d9efe30-5667-41bc-aeea-fa3d9d5e17c3");
        }
    }
}
