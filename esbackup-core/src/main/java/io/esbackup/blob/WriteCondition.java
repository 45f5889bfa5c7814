package io.esbackup.blob;

import java.util.Objects;

/**
 * When a write may take place: only if the key is absent ({@link #createOnly()}), only if it still has
 * a given ETag ({@link #ifMatch}), or always ({@link #overwrite()}).
 */
public record WriteCondition(Kind kind, String etag) {
    public enum Kind { CREATE_ONLY, IF_MATCH, OVERWRITE }

    public WriteCondition {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.IF_MATCH) != (etag != null)) {
            throw new IllegalArgumentException("etag is required with IF_MATCH and only with it");
        }
    }

    private static final WriteCondition CREATE_ONLY = new WriteCondition(Kind.CREATE_ONLY, null);
    private static final WriteCondition OVERWRITE = new WriteCondition(Kind.OVERWRITE, null);

    public static WriteCondition createOnly() {
        return CREATE_ONLY;
    }

    public static WriteCondition overwrite() {
        return OVERWRITE;
    }

    public static WriteCondition ifMatch(String etag) {
        if (etag == null || etag.isEmpty()) {
            throw new IllegalArgumentException("etag must not be blank");
        }
        return new WriteCondition(Kind.IF_MATCH, etag);
    }
}
