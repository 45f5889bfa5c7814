package io.esbackup.testkit;

/** The operations of a {@link io.esbackup.blob.BlobStore}, one per abstract method, for fault injection. */
public enum BlobOp {
    WRITE, READ, STAT, LIST, DELETE
}
