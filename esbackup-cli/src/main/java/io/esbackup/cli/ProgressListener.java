package io.esbackup.cli;

/**
 * How a command reports long work: bulk runs, {@code validate --all}, and single backups and restores of
 * large streams. The progress bar on stderr implements it; {@link #NONE} ignores everything, and is what
 * commands get with {@code --json}, {@code --quiet} or when stderr is not a terminal.
 *
 * <p>{@code start} comes first and once; then {@code progress} any number of times, from any thread;
 * then exactly one of {@code end} or {@code failed}.
 */
interface ProgressListener {
    /** Reports nothing. */
    ProgressListener NONE = new ProgressListener() {};

    /** Work on {@code total} items (or events) begins; {@code total} is -1 when it is not known. */
    default void start(String task, long total) {}

    /** {@code done} items are finished, {@code failed} of them failed; a smaller count than before is ignored. */
    default void progress(long done, long failed) {}

    /** The work is over. */
    default void end() {}

    /** The work stopped with an error. */
    default void failed() {}
}
