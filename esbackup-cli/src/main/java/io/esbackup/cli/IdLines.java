package io.esbackup.cli;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Ids one per line, from a file or from standard input ({@code -}), read lazily as a bulk run takes them:
 * only the line being read is in memory, so the list may be of any length. Blank lines and the whitespace
 * around an id are ignored. The lines can be taken once.
 */
final class IdLines implements Closeable {
    /** One id as read, with its line number for messages. */
    record Line(long number, String text) {}

    private final String source;
    private final Path file;
    private final BufferedReader reader;
    private boolean taken;

    private IdLines(String source, Path file, BufferedReader reader) {
        this.source = source;
        this.file = file;
        this.reader = reader;
    }

    /** {@code value} of {@code option}: {@code -} for standard input, else a file relative to the working folder. */
    static IdLines open(String option, String value, CliEnvironment environment) {
        if (value.equals("-")) {
            return new IdLines("standard input", null, new BufferedReader(
                    new InputStreamReader(environment.stdin(), StandardCharsets.UTF_8)));
        }
        Path file = environment.workingDirectory().resolve(value).normalize();
        // A pipe or process substitution (/dev/fd/N) is fine too: anything readable that is not a folder.
        if (Files.isDirectory(file) || !Files.isReadable(file)) {
            throw new UsageException(option + ": " + file + (Files.exists(file) ? " is not a readable file"
                    : " does not exist") + "; give a file with one id per line, or - for standard input");
        }
        try {
            return new IdLines(file.toString(), file, Files.newBufferedReader(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** How many ids a file holds, counted in a streaming pass of its own; -1 for standard input. */
    long count() {
        return count(id -> true);
    }

    /** As {@link #count()}, only the ids {@code keep} accepts (a shard's). */
    long count(java.util.function.Predicate<String> keep) {
        if (file == null || !Files.isRegularFile(file)) {
            return -1; // a pipe can be read only once
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.map(String::strip).filter(l -> !l.isEmpty()).filter(keep).count();
        } catch (IOException | UncheckedIOException e) {
            return -1; // only a progress bar's total: the run itself reports a file it cannot read
        }
    }

    /** The ids with their line numbers, read one by one as the iterator is advanced. */
    Iterator<Line> lines() {
        if (taken) {
            throw new IllegalStateException("the ids from " + source + " were already read");
        }
        taken = true;
        return new Iterator<>() {
            private Line next;
            private long number;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (next == null && !done) {
                    String line = readLine();
                    if (line == null) {
                        done = true;
                    } else {
                        number++;
                        // A byte-order mark some editors write would otherwise become part of the first id.
                        String id = (number == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line).strip();
                        if (!id.isEmpty()) {
                            next = new Line(number, id);
                        }
                    }
                }
                return next != null;
            }

            @Override
            public Line next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Line l = next;
                next = null;
                return l;
            }
        };
    }

    /** The ids alone, as a lazy stream that closes this when it is closed. */
    Stream<String> ids() {
        Spliterator<Line> s = Spliterators.spliteratorUnknownSize(lines(), Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(s, false).map(Line::text).onClose(this::close);
    }

    private String readLine() {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ids from " + source, e);
        }
    }

    /** Closes a file; standard input is left open. */
    @Override
    public void close() {
        if (file == null) {
            return;
        }
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + source, e);
        }
    }
}
