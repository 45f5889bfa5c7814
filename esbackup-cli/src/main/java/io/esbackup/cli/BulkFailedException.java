package io.esbackup.cli;

/**
 * A bulk run in which something failed, or that stopped early; its result was printed already. Exit code 1.
 */
public class BulkFailedException extends RuntimeException {
    public BulkFailedException(String message) {
        super(message);
    }
}
