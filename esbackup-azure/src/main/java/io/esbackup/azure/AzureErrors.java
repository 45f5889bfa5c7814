package io.esbackup.azure;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.esbackup.blob.LazyListing;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.TransientStorageException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Translates the SDK's errors into esbackup's by HTTP status and error code, never by message text, and
 * keeps the SDK's exception as the cause. Messages name the operation and the key, the status and the
 * error code; never an account key or a SAS token.
 */
final class AzureErrors {
    private AzureErrors() {}

    static BlobStorageException storageError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BlobStorageException b) {
                return b;
            }
        }
        return null;
    }

    static boolean isNotFound(Throwable e) {
        BlobStorageException b = storageError(e);
        return b != null && b.getStatusCode() == 404;
    }

    /** A range that starts at or past the blob's end (416): no bytes to read, not an error of the blob. */
    static boolean isRangeNotSatisfiable(Throwable e) {
        BlobStorageException b = storageError(e);
        return b != null && b.getStatusCode() == 416;
    }

    /** A failed conditional write: who won, or whatever else went wrong. */
    static RuntimeException onWrite(String key, WriteCondition condition, RuntimeException failure) {
        BlobStorageException e = storageError(failure);
        if (e == null) {
            return translate("writing blob " + key, failure);
        }
        int status = e.getStatusCode();
        BlobErrorCode code = e.getErrorCode();
        // By error code, not status alone: a 412 for a lease or a 409 for a container being deleted is not a
        // lost race, and must not read as one.
        switch (condition.kind()) {
            case CREATE_ONLY -> {
                if (BlobErrorCode.BLOB_ALREADY_EXISTS.equals(code) || BlobErrorCode.CONDITION_NOT_MET.equals(code)
                        || code == null && (status == 409 || status == 412)) {
                    return new AlreadyExistsException("blob " + key + " already exists", failure);
                }
            }
            case IF_MATCH -> {
                if (BlobErrorCode.CONDITION_NOT_MET.equals(code) || BlobErrorCode.BLOB_NOT_FOUND.equals(code)
                        || code == null && status == 412) {
                    return new ConflictException("blob " + key + " was changed by another writer (expected ETag "
                            + condition.etag() + "; Azure answered " + status + " " + code(e) + ")", failure);
                }
            }
            case OVERWRITE -> { }
        }
        return translate("writing blob " + key, failure);
    }

    /** Any other failure: transient when a retry may fix it, otherwise a plain {@link BackupException}. */
    static RuntimeException translate(String what, RuntimeException e) {
        if (e instanceof BackupException || e instanceof IllegalArgumentException) {
            return e;
        }
        BlobStorageException b = storageError(e);
        if (b != null) {
            int status = b.getStatusCode();
            String message = what + ": Azure answered " + status + " " + code(b);
            return isTransient(status) ? new TransientStorageException(message, e) : new BackupException(message, e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof IOException) {
                return new TransientStorageException(what + ": " + t.getClass().getSimpleName(), e);
            }
        }
        return new BackupException(what + ": " + e.getClass().getSimpleName(), e);
    }

    static boolean isTransient(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    private static String code(BlobStorageException e) {
        return e.getErrorCode() == null ? "(no error code)" : e.getErrorCode().toString();
    }

    /**
     * A stream that asks {@code source} for its elements only when first consumed, reads a missing
     * container as empty, and translates every other failure while it is consumed.
     */
    static <T> Stream<T> lazily(String what, Supplier<Stream<T>> source) {
        return LazyListing.of(source, AzureErrors::isNotFound, e -> translate(what, e));
    }
}
