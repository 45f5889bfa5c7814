package io.esbackup.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** {@link FileOps} that fails chosen steps of the commit protocol and records which steps were reached. */
class FailingFileOps extends FileOps {
    enum Step { CREATE, FSYNC, LINK, RENAME, DIRECTORY_FSYNC }

    private final Map<Step, Exception> failures = new EnumMap<>(Step.class);
    final Set<Step> reached = EnumSet.noneOf(Step.class);

    /**
     * Makes {@code step} throw {@code failure}: an {@link IOException}, or an unchecked exception such as
     * the {@link UnsupportedOperationException} of a file system without hard links.
     */
    FailingFileOps fail(Step step, Exception failure) {
        if (!(failure instanceof IOException || failure instanceof RuntimeException)) {
            throw new IllegalArgumentException("failure must be an IOException or unchecked: " + failure);
        }
        failures.put(step, failure);
        return this;
    }

    @Override
    FileChannel create(Path temp) throws IOException {
        step(Step.CREATE);
        return super.create(temp);
    }

    @Override
    void fsync(FileChannel channel) throws IOException {
        step(Step.FSYNC);
        super.fsync(channel);
    }

    @Override
    void link(Path target, Path temp) throws IOException {
        step(Step.LINK);
        super.link(target, temp);
    }

    @Override
    void rename(Path temp, Path target) throws IOException {
        step(Step.RENAME);
        super.rename(temp, target);
    }

    @Override
    void fsyncDirectory(Path dir) throws IOException {
        step(Step.DIRECTORY_FSYNC);
        super.fsyncDirectory(dir);
    }

    private void step(Step step) throws IOException {
        reached.add(step);
        Exception failure = failures.get(step);
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException unchecked) {
            throw unchecked;
        }
    }
}
