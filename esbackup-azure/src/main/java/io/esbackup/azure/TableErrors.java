package io.esbackup.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import io.esbackup.error.BackupException;
import io.esbackup.error.TransientStorageException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Translates the Table SDK's errors into esbackup's by HTTP status, keeping the SDK's exception as the cause,
 * as {@link AzureErrors} does for blobs. Messages name the operation, the table and the keys, the status and
 * the error code; never an account key or a SAS token.
 */
final class TableErrors {
    private TableErrors() {}

    static TableServiceException tableError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TableServiceException b) {
                return b;
            }
        }
        return null;
    }

    /**
     * The HTTP status of a failed request, or -1 when it did not get an answer. A failed transaction carries no
     * response of its own, only the failed operation's error code, which says the same.
     */
    static int status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException h && h.getResponse() != null) {
                return h.getResponse().getStatusCode();
            }
            if (t instanceof TableServiceException s && s.getValue() != null && s.getValue().getErrorCode() != null) {
                TableErrorCode code = s.getValue().getErrorCode();
                if (TableErrorCode.ENTITY_ALREADY_EXISTS.equals(code) || TableErrorCode.TABLE_ALREADY_EXISTS.equals(code)) {
                    return 409;
                }
                if (TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED.equals(code)) {
                    return 412;
                }
                if (TableErrorCode.RESOURCE_NOT_FOUND.equals(code) || TableErrorCode.TABLE_NOT_FOUND.equals(code)
                        || TableErrorCode.ENTITY_NOT_FOUND.equals(code)) {
                    return 404;
                }
            }
        }
        return -1;
    }

    /** Any failure not handled where it happened: transient when a retry may fix it, else a {@link BackupException}. */
    static RuntimeException translate(String what, RuntimeException e) {
        if (e instanceof BackupException || e instanceof IllegalArgumentException) {
            return e;
        }
        int status = status(e);
        if (status >= 0) {
            TableServiceException t = tableError(e);
            String code = t == null || t.getValue() == null || t.getValue().getErrorCode() == null ? ""
                    : " " + t.getValue().getErrorCode();
            String message = what + ": Azure answered " + status + code;
            return AzureErrors.isTransient(status) ? new TransientStorageException(message, e)
                    : new BackupException(message, e);
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c instanceof IOException) {
                return new TransientStorageException(what + ": " + c.getClass().getSimpleName(), e);
            }
        }
        return new BackupException(what + ": " + e.getClass().getSimpleName(), e);
    }

    /**
     * The ETag a write's response names. Azurite's table service (3.37) sends it without its closing quote,
     * which the service then refuses in an If-Match; a well-formed one is returned as it is.
     */
    static String etag(com.azure.core.http.rest.Response<?> response) {
        String etag = response.getHeaders().getValue(com.azure.core.http.HttpHeaderName.ETAG);
        if (etag != null && (etag.startsWith("W/\"") || etag.startsWith("\"")) && !etag.endsWith("\"")) {
            return etag + "\"";
        }
        return etag;
    }
}
