package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/CLI.md pastes the help of every command; this keeps the pasted text equal to the real one. */
class CliDocTest {
    private static final Path DOC = Path.of("..", "docs", "CLI.md");
    private static final Pattern HELP_BLOCK = Pattern.compile("```\\n\\$ esbackup ([^\\n]*--help)\\n(.*?)\\n```",
            Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void everyHelpTextInTheDocIsCurrent() throws IOException {
        String doc = Files.readString(DOC);
        Matcher m = HELP_BLOCK.matcher(doc);
        List<String> commands = new ArrayList<>();
        while (m.find()) {
            String[] args = m.group(1).split(" ");
            CliRun.Result r = new CliRun(dir).run(args);
            assertThat(r.exitCode()).isZero();
            assertThat(m.group(2)).as("docs/CLI.md, esbackup %s", m.group(1))
                    .isEqualTo(r.out().stripTrailing().replace(System.lineSeparator(), "\n"));
            commands.add(args.length == 1 ? "esbackup" : args[0]);
        }
        assertThat(commands).containsExactlyInAnyOrder("esbackup", "demo", "backup", "list", "show", "validate",
                "restore", "clone");
    }
}
