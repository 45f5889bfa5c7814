package io.esbackup.cli;

import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.backup.BulkBackupException;
import io.esbackup.backup.BulkRestoreException;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.BackupException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.KeysetRequiredException;
import io.esbackup.error.NotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The exit codes and the one place where errors become them. Every failure prints one line to stderr,
 * {@code esbackup: <what went wrong>}; the stack trace follows only with {@code --verbose}.
 */
public final class ExitCodes implements IExecutionExceptionHandler, IParameterExceptionHandler {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int INVALID_BACKUP = 3;
    public static final int NOT_FOUND = 4;
    public static final int CONFLICT = 5;

    /**
     * The exit code for a failure. A bulk run with any failure, or stopped early ({@link BulkFailedException},
     * {@code BulkBackupException}, {@code BulkRestoreException}), is a failure (1) whatever its items failed
     * with; a command over several items that did the rest ({@link SomeFailedException}) exits as its first
     * failure does. A storage failure ({@code StorageException}: a full disk, a denied permission;
     * {@code TransientStorageException} once retries gave up) is a failure (1), its message naming the key and
     * the reason.
     */
    public static int exitCodeFor(Throwable e) {
        if (e instanceof SomeFailedException && e.getCause() != null) {
            return exitCodeFor(e.getCause());
        }
        if (e instanceof BulkFailedException || e instanceof BulkBackupException
                || e instanceof BulkRestoreException) {
            return FAILURE;
        }
        if (e instanceof ParameterException || e instanceof UsageException
                || e instanceof IllegalArgumentException || e instanceof KeysetRequiredException) {
            return USAGE;
        }
        if (e instanceof BackupCorruptedException || e instanceof ArchiveFormatException) {
            return INVALID_BACKUP;
        }
        if (e instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (e instanceof AlreadyExistsException || e instanceof ConflictException) {
            return CONFLICT;
        }
        return FAILURE;
    }

    /** One sentence saying what went wrong, on one line. */
    public static String describe(Throwable e) {
        String text = sentence(e);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }

    private static String sentence(Throwable e) {
        // The stores' I/O failures are StorageExceptions, reported by their message; these are the command's own
        // files (an ids file).
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            String context = u.getMessage();
            boolean bare = context == null || context.equals(u.getCause().toString());
            return bare ? describe(u.getCause()) : context + ": " + describe(u.getCause());
        }
        if (e instanceof NoSuchFileException f) {
            return "no such file or folder: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileSystemException f) {
            return f.getMessage();
        }
        if (e instanceof IOException) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        String message = e.getMessage();
        boolean reported = e instanceof BackupException || e instanceof UsageException
                || e instanceof BulkFailedException || e instanceof SomeFailedException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException;
        if (reported && message != null && !message.isBlank()) {
            return message;
        }
        // Not a condition we report on, so likely a bug: name the type so it can be looked up.
        return "unexpected error: " + e + " (run with --verbose for the stack trace)";
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("esbackup: " + describe(e));
        if (verbose(commandLine)) {
            e.printStackTrace(err);
        }
        err.flush();
        return exitCodeFor(e);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("esbackup: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return USAGE;
    }

    private static boolean verbose(CommandLine commandLine) {
        Object root = commandLine.getCommandSpec().root().userObject();
        return root instanceof EsBackupCommand c && c.verbose();
    }
}
