package io.esbackup.archive;

/** Names and versions of the archive and manifest formats (docs/FORMAT.md is the specification). */
public final class ArchiveFormat {
    /** The {@code format} value of an archive. */
    public static final String ARCHIVE = "esbackup-archive";
    /** The {@code format} value of a manifest. */
    public static final String MANIFEST = "esbackup-manifest";
    /** The format version this code writes, and the only one it reads. */
    public static final int VERSION = 1;

    private ArchiveFormat() {}

    /** Throws {@link ArchiveFormatException} unless {@code version} is one this code can read. */
    public static void requireSupported(String what, int version) {
        if (version != VERSION) {
            throw new ArchiveFormatException(what + " has format version " + version
                    + ", this esbackup reads version " + VERSION);
        }
    }
}
