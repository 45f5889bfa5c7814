package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormatException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The index of one pack (docs/FORMAT.md, section 15): a 32-byte header, then one fixed 32-byte record per
 * entry, then the entries' manifests. Fixed records let a reader take entry {@code n} with one range read at
 * {@code 32 + 32 * n}, without the others. Big-endian.
 */
final class PackIndex {
    static final byte[] MAGIC = "ESBKPIDX".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 2;
    static final int HEADER = 32;
    static final int RECORD = 32;
    private static final int LIVE = 1;

    /** One entry as its record says; {@code live} false for an ordinal whose backup failed. */
    record Slot(long archiveOffset, long archiveLength, long manifestOffset, int manifestLength, boolean live) {}

    /** The header: how many entries, and the pack's size. */
    record Header(int entryCount, long packSize) {
        long recordOffset(long ordinal) {
            return HEADER + RECORD * ordinal;
        }
    }

    private PackIndex() {}

    static byte[] encode(List<OpenPack.Entry> entries, long packSize) {
        long manifestAt = HEADER + (long) RECORD * entries.size();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(entries.size());
            out.writeLong(packSize);
            out.writeLong(0);
            for (OpenPack.Entry e : entries) {
                boolean live = e != null && e.manifest() != null;
                out.writeLong(live ? e.archiveOffset() : 0);
                out.writeLong(live ? e.archiveLength() : 0);
                out.writeLong(live ? manifestAt : 0);
                out.writeInt(live ? e.manifest().length : 0);
                out.writeInt(live ? LIVE : 0);
                if (live) {
                    manifestAt += e.manifest().length;
                }
            }
            for (OpenPack.Entry e : entries) {
                if (e != null && e.manifest() != null) {
                    out.write(e.manifest());
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }

    /** The header from the index's first {@value #HEADER} bytes; a damaged or newer index is refused. */
    static Header header(String key, byte[] bytes) {
        if (bytes.length < HEADER) {
            throw damaged(key, "it is " + bytes.length + " bytes, shorter than its header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw damaged(key, "it does not start with ESBKPIDX");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new ArchiveFormatException("pack index " + key + " has format version " + version
                    + ", this esbackup reads pack indexes of version " + VERSION);
        }
        int count = b.getInt();
        long packSize = b.getLong();
        if (count < 0 || packSize < 0) {
            throw damaged(key, "its header holds a negative count or size");
        }
        return new Header(count, packSize);
    }

    /** The record at the start of {@code bytes}, checked against the header and the index's size. */
    static Slot slot(String key, byte[] bytes, int at, Header header, long indexSize) {
        if (bytes.length - at < RECORD) {
            throw damaged(key, "a record is cut short");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, at, RECORD);
        Slot s = new Slot(b.getLong(), b.getLong(), b.getLong(), b.getInt(), b.getInt() == LIVE);
        if (s.live() && (s.archiveOffset() < 0 || s.archiveLength() < 0
                || s.archiveOffset() + s.archiveLength() > header.packSize()
                || s.manifestOffset() < header.recordOffset(header.entryCount()) || s.manifestLength() < 0
                || s.manifestOffset() + s.manifestLength() > indexSize)) {
            throw damaged(key, "a record points outside its pack or index");
        }
        return s;
    }

    private static ArchiveFormatException damaged(String key, String why) {
        return new ArchiveFormatException("pack index " + key + " is damaged: " + why);
    }
}
