package io.esbackup.error;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A storage operation failed with an I/O error that retrying will not fix: no space left on the device,
 * permission denied, a file where a folder should be, a disk that cannot be read. The message names the
 * operation, its blob key (or file, where no key applies) and the reason; the cause is the I/O error
 * itself. Failures a retry may fix are {@link TransientStorageException}s; this is never retried.
 */
public class StorageException extends BackupException {
    /**
     * {@code operation} names what failed and its key, for example {@code "writing blob orders/o-1.json"};
     * the message adds the reason, taken from {@code cause}.
     */
    public StorageException(String operation, IOException cause) {
        super(operation + " failed: " + reason(cause), cause);
    }

    /**
     * The reason an I/O operation failed, in the operating system's words, and the file it failed on when
     * known. Java drops the words for the errors it has a type of its own for (permission denied, no such
     * file, ...), so they are put back from the type.
     */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            String words = f.getReason() != null ? f.getReason()
                    : f instanceof AccessDeniedException ? "Permission denied"
                    : f instanceof NoSuchFileException ? "No such file or directory"
                    : f instanceof NotDirectoryException ? "Not a directory"
                    : f instanceof FileAlreadyExistsException ? "File exists"
                    : f instanceof DirectoryNotEmptyException ? "Directory not empty"
                    : f.getClass().getSimpleName();
            return f.getFile() == null ? words
                    : words + " (" + f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ")";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
