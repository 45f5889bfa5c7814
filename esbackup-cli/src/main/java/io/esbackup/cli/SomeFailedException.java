package io.esbackup.cli;

/**
 * A command over several items (such as {@code delete}) did the rest but some items failed; the outcome of
 * each was printed already. The exit code is that of the first failure.
 */
public class SomeFailedException extends RuntimeException {
    public SomeFailedException(String message, RuntimeException first) {
        super(message, first);
    }
}
