package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.backup.BulkBackupException;
import io.esbackup.backup.BulkBackupResult;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.NotFoundException;
import io.esbackup.error.StorageException;
import io.esbackup.error.StreamAlreadyExistsException;
import io.esbackup.error.StreamNotFoundException;
import io.esbackup.error.TransientStorageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class ExitCodesTest {

    @Test
    void everyErrorKindHasItsExitCode() {
        assertThat(ExitCodes.exitCodeFor(new BackupCorruptedException("b", List.of("bad checksum")))).isEqualTo(3);
        assertThat(ExitCodes.exitCodeFor(new ArchiveFormatException("unknown format version 9"))).isEqualTo(3);
        assertThat(ExitCodes.exitCodeFor(new StreamNotFoundException("order", "o-1"))).isEqualTo(4);
        assertThat(ExitCodes.exitCodeFor(new BackupNotFoundException("b"))).isEqualTo(4);
        assertThat(ExitCodes.exitCodeFor(new NotFoundException("blob"))).isEqualTo(4);
        assertThat(ExitCodes.exitCodeFor(new StreamAlreadyExistsException("order", "o-1", "s", 3))).isEqualTo(5);
        assertThat(ExitCodes.exitCodeFor(new AlreadyExistsException("blob"))).isEqualTo(5);
        assertThat(ExitCodes.exitCodeFor(new ConflictException("etag"))).isEqualTo(5);
        assertThat(ExitCodes.exitCodeFor(new UsageException("bad"))).isEqualTo(2);
        assertThat(ExitCodes.exitCodeFor(new IllegalArgumentException("objectId must not be blank"))).isEqualTo(2);
        assertThat(ExitCodes.exitCodeFor(new TransientStorageException("throttled"))).isEqualTo(1);
        assertThat(ExitCodes.exitCodeFor(new StorageException("writing blob k",
                new IOException("No space left on device")))).isEqualTo(1);
        assertThat(ExitCodes.exitCodeFor(new StorageException("reading blob k",
                new AccessDeniedException("/srv/es/k")))).isEqualTo(1);
        // The command's own files (an ids file) fail as the JDK says.
        assertThat(ExitCodes.exitCodeFor(new UncheckedIOException(new IOException("disk full")))).isEqualTo(1);
        assertThat(ExitCodes.exitCodeFor(new NullPointerException())).isEqualTo(1);
    }

    @Test
    void aBulkRunWithAFailureIs1WhateverItsItemsFailedWith() {
        BulkBackupResult partial = new BulkBackupResult(1, 0, 1, List.of(), List.of(), Duration.ZERO, false);
        assertThat(ExitCodes.exitCodeFor(new BulkFailedException("1 of 1 streams failed"))).isEqualTo(1);
        assertThat(ExitCodes.exitCodeFor(new BulkBackupException("stopped", io.esbackup.backup.BulkStop.FAILED, partial,
                new StreamNotFoundException("order", "o-1")))).isEqualTo(1);
        assertThat(ExitCodes.describe(new BulkFailedException("1 of 1 streams failed")))
                .isEqualTo("1 of 1 streams failed");
    }

    @Test
    void aCommandThatDidTheRestExitsAsItsFirstFailure() {
        assertThat(ExitCodes.exitCodeFor(new SomeFailedException("1 of 2 not deleted",
                new BackupNotFoundException("b")))).isEqualTo(4);
        assertThat(ExitCodes.exitCodeFor(new SomeFailedException("1 of 2 not deleted",
                new BackupCorruptedException("b", List.of("damaged pointer"))))).isEqualTo(3);
        assertThat(ExitCodes.describe(new SomeFailedException("1 of 2 not deleted", new ConflictException("x"))))
                .isEqualTo("1 of 2 not deleted");
    }

    @Test
    void messagesAreOneSentence() {
        assertThat(ExitCodes.describe(new StorageException("writing blob orders/o-1.json",
                new IOException("No space left on device"))))
                .isEqualTo("writing blob orders/o-1.json failed: No space left on device");
        assertThat(ExitCodes.describe(new StorageException("deleting blob orders/o-1.json",
                new AccessDeniedException("/srv/es/orders/o-1.json"))))
                .isEqualTo("deleting blob orders/o-1.json failed: Permission denied (/srv/es/orders/o-1.json)");
        assertThat(ExitCodes.describe(new UncheckedIOException(new AccessDeniedException("/srv/es"))))
                .isEqualTo("permission denied: /srv/es");
        assertThat(ExitCodes.describe(new UncheckedIOException("writing backup b",
                new AccessDeniedException("/srv/es")))).isEqualTo("writing backup b: permission denied: /srv/es");
        assertThat(ExitCodes.describe(new ConflictException("document changed"))).isEqualTo("document changed");
        assertThat(ExitCodes.describe(new NullPointerException("x is null")))
                .startsWith("unexpected error: java.lang.NullPointerException: x is null")
                .contains("--verbose");
    }

    @Test
    void stackTraceOnlyWithVerbose() {
        assertThat(handle(false)).hasLineCount(1).isEqualTo("esbackup: etag moved\n".replace("\n",
                System.lineSeparator()));
        assertThat(handle(true)).startsWith("esbackup: etag moved").contains("\tat ", "ConflictException");
    }

    private static String handle(boolean verbose) {
        CommandLine cmd = Main.commandLine(new CliEnvironment(Path.of("."), java.time.Clock.systemUTC(),
                new java.util.Random(1)));
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        ParseResult parsed = verbose ? cmd.parseArgs("--verbose", "demo") : cmd.parseArgs("demo");
        int code = new ExitCodes().handleExecutionException(new ConflictException("etag moved"),
                parsed.subcommand().commandSpec().commandLine(), parsed);
        assertThat(code).isEqualTo(ExitCodes.CONFLICT);
        return err.toString();
    }
}
