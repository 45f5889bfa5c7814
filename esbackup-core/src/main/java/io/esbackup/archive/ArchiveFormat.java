package io.esbackup.archive;

/** Names and versions of the archive and manifest formats (docs/FORMAT.md is the specification). */
public final class ArchiveFormat {
    /** The {@code format} value of an archive. */
    public static final String ARCHIVE = "esbackup-archive";
    /** The {@code format} value of a manifest. */
    public static final String MANIFEST = "esbackup-manifest";
    /** The format version of a full backup: readers of version 1 read every full backup this code writes. */
    public static final int VERSION = 1;
    /** The format version of a delta backup (an incremental link, FORMAT.md section 16). */
    public static final int DELTA_VERSION = 2;
    /**
     * The format version of an encrypted backup's manifest (FORMAT.md section 20), full or delta: older readers
     * must refuse it, since they would take its ciphertext for a compressed archive. The archive inside the
     * ciphertext keeps its own version (1, or 2 for a delta).
     */
    public static final int ENCRYPTED_VERSION = 3;
    /** The newest format version this code reads; it reads every version from 1 to this one. */
    public static final int NEWEST = ENCRYPTED_VERSION;

    private ArchiveFormat() {}

    /** Throws {@link ArchiveFormatException} unless {@code version} is one this code can read. */
    public static void requireSupported(String what, int version) {
        requireSupported(what, version, NEWEST);
    }

    /**
     * Throws {@link ArchiveFormatException} unless {@code version} is between 1 and {@code newestKnown}: how a
     * reader that knows only the versions up to {@code newestKnown} refuses a newer one, naming both.
     */
    public static void requireSupported(String what, int version, int newestKnown) {
        if (version < VERSION || version > newestKnown) {
            throw new ArchiveFormatException(what + " has format version " + version + ", this esbackup reads "
                    + (newestKnown == VERSION ? "version " + VERSION : "versions " + VERSION + " to " + newestKnown));
        }
    }
}
