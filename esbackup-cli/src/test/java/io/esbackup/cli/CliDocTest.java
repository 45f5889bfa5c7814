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

/**
 * docs/CLI.md pastes the help of every command; this keeps the pasted text equal to the real one. To
 * regenerate the help blocks after changing an option, run
 * {@code ./mvnw -pl esbackup-core,esbackup-cli -am test -Dtest=CliDocTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Desbackup.updateDocs=true}: each block is replaced with the real output, and the prose is left alone.
 */
class CliDocTest {
    private static final Path DOC = Path.of("..", "docs", "CLI.md");
    private static final Pattern HELP_BLOCK = Pattern.compile("```\\n\\$ esbackup ([^\\n]*--help)\\n(.*?)\\n```",
            Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void everyHelpTextInTheDocIsCurrent() throws IOException {
        String doc = Files.readString(DOC);
        if (Boolean.getBoolean("esbackup.updateDocs")) {
            doc = regenerate(doc);
            Files.writeString(DOC, doc);
        }
        Matcher m = HELP_BLOCK.matcher(doc);
        List<String> commands = new ArrayList<>();
        while (m.find()) {
            String[] args = m.group(1).split(" ");
            assertThat(m.group(2)).as("docs/CLI.md, esbackup %s", m.group(1)).isEqualTo(help(args));
            commands.add(args.length == 1 ? "esbackup" : args[0]);
        }
        assertThat(commands).containsExactlyInAnyOrder("esbackup", "backup", "backup-many", "restore", "clone",
                "restore-many", "list", "show", "validate", "delete", "forget", "shred", "copy", "cleanup", "repair",
                "demo",
                "bench");
    }

    private String help(String... args) {
        CliRun.Result r = new CliRun(dir).run(args);
        assertThat(r.exitCode()).isZero();
        return r.out().stripTrailing().replace(System.lineSeparator(), "\n");
    }

    private String regenerate(String doc) {
        Matcher m = HELP_BLOCK.matcher(doc);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String block = "```\n$ esbackup " + m.group(1) + "\n" + help(m.group(1).split(" ")) + "\n```";
            m.appendReplacement(sb, Matcher.quoteReplacement(block));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
