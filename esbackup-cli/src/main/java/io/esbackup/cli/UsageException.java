package io.esbackup.cli;

/** The command line asks for something that cannot be done as written (exit code 2). */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
