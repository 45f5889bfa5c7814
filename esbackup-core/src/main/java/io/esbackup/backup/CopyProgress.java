package io.esbackup.backup;

/**
 * How far a copy is: the selected backups done so far, and what became of them.
 *
 * @param processed backups of the selection done (copied, skipped, shredded or failed)
 * @param copied    backups written to the destination, parents that a selected delta needed among them
 * @param skipped   backups the destination held already, with the same size and SHA-256
 * @param shredded  backups not copied because their aggregate's data key was shredded at the source
 * @param failed    backups that could not be copied
 * @param bytes     archive bytes copied, as stored
 */
public record CopyProgress(long processed, long copied, long skipped, long shredded, long failed, long bytes) {
}
