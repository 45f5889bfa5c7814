package io.esbackup.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/FORMAT.md and the example blocks in it. The file is found by walking up from the working directory
 * (Maven runs a module's tests in the module's folder, an IDE often in the repository root).
 */
final class FormatDoc {
    static final String RELATIVE = "docs/FORMAT.md";

    private final List<String> lines;

    private FormatDoc(List<String> lines) {
        this.lines = lines;
    }

    static FormatDoc load() {
        Path file = find();
        try {
            return new FormatDoc(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path find() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(RELATIVE + " not found in " + start + " or any folder above it");
    }

    /**
     * The fenced {@code json} block that directly follows {@code <!-- fixture: name -->} (blank lines
     * allowed in between). The marker must occur exactly once.
     */
    String fixture(String name) {
        String marker = "<!-- fixture: " + name + " -->";
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(marker)) {
                at.add(i);
            }
        }
        if (at.size() != 1) {
            throw new IllegalStateException(RELATIVE + " must mark exactly one block with " + marker + ", found "
                    + at.size());
        }
        int i = at.get(0) + 1;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        if (i >= lines.size() || !lines.get(i).trim().equals("```json")) {
            throw new IllegalStateException(marker + " in " + RELATIVE + " is not directly followed by a ```json block");
        }
        return block(i);
    }

    /** The first fenced block in {@code language} after the first line that starts with {@code lineStart}. */
    String blockAfter(String lineStart, String language) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(lineStart)) {
                for (int j = i + 1; j < lines.size(); j++) {
                    if (lines.get(j).trim().equals("```" + language)) {
                        return block(j);
                    }
                }
            }
        }
        throw new IllegalStateException(RELATIVE + " has no ```" + language + " block after a line starting with '"
                + lineStart + "'");
    }

    /** The whole text, lines joined with {@code \n}. */
    String text() {
        return String.join("\n", lines);
    }

    private String block(int fence) {
        StringBuilder b = new StringBuilder();
        for (int i = fence + 1; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("```")) {
                return b.toString();
            }
            b.append(lines.get(i)).append('\n');
        }
        throw new IllegalStateException("the block at line " + (fence + 1) + " of " + RELATIVE + " is not closed");
    }
}
