package io.esbackup.blob;

/** The rule every blob key follows, checked before a key becomes a path or a request. */
public final class BlobKeys {
    /** Azure's limit on blob names; S3 allows as much. */
    public static final int MAX_LENGTH = 1024;

    private BlobKeys() {}

    /** Returns {@code key} if valid; otherwise throws {@link IllegalArgumentException} naming the problem. */
    public static String requireValid(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("blob key must not be blank");
        }
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("blob key is longer than " + MAX_LENGTH + " characters");
        }
        if (key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
            throw new IllegalArgumentException("blob key '" + key + "' has an empty path segment");
        }
        for (String segment : key.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("blob key '" + key + "' contains a '" + segment + "' segment");
            }
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' || Character.isISOControl(c)) {
                throw new IllegalArgumentException("blob key contains '\\' or a control character at index " + i);
            }
        }
        return key;
    }

    /** A listing prefix: empty, or a valid key prefix (it may end with {@code /}). */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix must not be null");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        requireValid(prefix.endsWith("/") ? prefix + "x" : prefix);
        return prefix;
    }

    /**
     * {@code prefix} checked as a folder of keys, as the classes that keep their blobs under one take it: not
     * {@code null}, ending with {@code /}, and valid as the start of a key.
     */
    public static String requireFolder(String prefix) {
        if (prefix == null || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must end with '/', was " + prefix);
        }
        return requireValidPrefix(prefix);
    }

    /**
     * A store's root folder inside its container or bucket, as keys are prefixed with it: {@code ""} for none,
     * else the folder checked as a key and ending with one {@code /} ({@code "a/b"} and {@code "a/b/"} give
     * {@code "a/b/"}).
     */
    public static String folderPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix must not be null (use \"\" for none)");
        }
        String folder = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return folder.isEmpty() ? "" : requireValid(folder) + "/";
    }
}
