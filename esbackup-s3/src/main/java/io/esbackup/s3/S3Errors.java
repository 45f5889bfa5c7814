package io.esbackup.s3;

import io.esbackup.blob.WriteCondition;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.TransientStorageException;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Translates the SDK's errors into esbackup's by HTTP status and error code, never by message text, and keeps
 * the SDK's exception as the cause. Messages name the operation, the bucket and key, the status and the error
 * code; never an access key or a signature (the SDK puts neither in its messages, and none is added here).
 */
final class S3Errors {
    private S3Errors() {}

    static S3Exception s3Error(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof S3Exception s) {
                return s;
            }
        }
        return null;
    }

    static boolean isNotFound(Throwable e) {
        S3Exception s = s3Error(e);
        return s != null && s.statusCode() == 404 && !"NoSuchBucket".equals(code(s));
    }

    static boolean isRangeNotSatisfiable(Throwable e) {
        S3Exception s = s3Error(e);
        return s != null && s.statusCode() == 416;
    }

    /** A failed conditional write: who won, or whatever else went wrong. */
    static RuntimeException onWrite(String bucket, String key, WriteCondition condition, RuntimeException failure) {
        S3Exception e = s3Error(failure);
        if (e != null && e.statusCode() == 412) {
            switch (condition.kind()) {
                case CREATE_ONLY -> {
                    return new AlreadyExistsException("blob " + key + " already exists", failure);
                }
                case IF_MATCH -> {
                    return new ConflictException("blob " + key + " was changed by another writer (expected ETag "
                            + condition.etag() + "; S3 answered 412 " + code(e) + ")", failure);
                }
                case OVERWRITE -> { }
            }
        }
        if (e != null && e.statusCode() == 404 && condition.kind() == WriteCondition.Kind.IF_MATCH
                && !"NoSuchBucket".equals(code(e))) {
            return new ConflictException("blob " + key + " was removed by another writer (expected ETag "
                    + condition.etag() + ")", failure);
        }
        return translate(bucket, "writing blob " + key, failure);
    }

    /**
     * Any other failure: a missing bucket said plainly (esbackup creates none), transient when a retry may fix
     * it (408, 409 from a conditional write racing another, 429, 5xx, a connection that broke), otherwise a
     * plain {@link BackupException}.
     */
    static RuntimeException translate(String bucket, String what, RuntimeException e) {
        if (e instanceof BackupException || e instanceof IllegalArgumentException) {
            return e;
        }
        S3Exception s = s3Error(e);
        if (s != null) {
            if ("NoSuchBucket".equals(code(s))) {
                return missingBucket(bucket, what, e);
            }
            int status = s.statusCode();
            String message = what + ": S3 answered " + status + " " + code(s);
            // S3's RequestTimeout is a 400: the connection was too slow, which a retry may fix.
            return isTransient(status) || "RequestTimeout".equals(code(s)) ? new TransientStorageException(message, e)
                    : new BackupException(message, e);
        }
        if (causedByIo(e)) {
            // A connection refused or broken, a timeout: a retry may fix it.
            return new TransientStorageException(what + ": " + reason(e), e);
        }
        if (e instanceof SdkClientException) {
            // Missing credentials or region, a bad endpoint: the SDK's words say which, and no retry helps.
            return new BackupException(what + ": " + e.getMessage(), e);
        }
        return new BackupException(what + ": " + e.getClass().getSimpleName(), e);
    }

    /** The error of a bucket that does not exist, naming it: esbackup creates none. */
    static BackupException missingBucket(String bucket, String what, RuntimeException cause) {
        return new BackupException(what + ": the bucket " + bucket + " does not exist (esbackup creates no bucket: "
                + "create it, or check the name and the region)", cause);
    }

    static boolean isTransient(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io.getClass().getSimpleName() + (io.getMessage() == null ? "" : " (" + io.getMessage() + ")");
            }
        }
        return e.getClass().getSimpleName();
    }

    static String code(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null ? "(no error code)" : code;
    }
}
