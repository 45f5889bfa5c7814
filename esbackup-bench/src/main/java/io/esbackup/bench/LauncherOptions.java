package io.esbackup.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The JVM options the {@code esbackup} launcher starts the command with: the file it reads, which the command's
 * jar carries as a resource. Read as the launcher reads it: options separated by white space, {@code #} to the
 * end of a line a comment.
 */
final class LauncherOptions {
    static final String RESOURCE = "io/esbackup/cli/jvm.options";

    private LauncherOptions() {}

    /** The options, or empty where {@code loader} does not see the command's jar. */
    static Optional<List<String>> find(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            return in == null ? Optional.empty() : Optional.of(parse(new String(in.readAllBytes(),
                    StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static List<String> parse(String text) {
        List<String> options = new ArrayList<>();
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            String content = comment < 0 ? line : line.substring(0, comment);
            Arrays.stream(content.strip().split("\\s+")).filter(o -> !o.isEmpty()).forEach(options::add);
        }
        return List.copyOf(options);
    }
}
