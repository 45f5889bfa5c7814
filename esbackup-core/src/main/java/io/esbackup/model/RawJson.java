package io.esbackup.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value kept as the exact UTF-8 bytes it was read as: an event's payload. Backups copy payloads
 * from the store to the archive and back; keeping them as bytes spares a decode and an encode of every
 * payload (most of an event's size), and the text is only built when someone asks for it. Immutable.
 */
public final class RawJson {
    private final byte[] utf8;
    private String text;

    private RawJson(byte[] utf8, String text) {
        this.utf8 = utf8;
        this.text = text;
    }

    /** The value whose JSON text is {@code text}; not checked to be JSON. */
    public static RawJson of(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return new RawJson(text.getBytes(StandardCharsets.UTF_8), text);
    }

    /** The value whose JSON text is {@code length} UTF-8 bytes of {@code bytes} from {@code offset} (copied). */
    public static RawJson ofUtf8(byte[] bytes, int offset, int length) {
        return new RawJson(Arrays.copyOfRange(bytes, offset, offset + length), null);
    }

    /** The JSON text. */
    public String text() {
        String t = text;
        if (t == null) {
            // Racy but safe: every thread computes the same immutable String.
            t = new String(utf8, StandardCharsets.UTF_8);
            text = t;
        }
        return t;
    }

    /** The number of UTF-8 bytes. */
    public int utf8Length() {
        return utf8.length;
    }

    /** Copies the UTF-8 bytes into {@code target} from {@code offset}, which must have room for them. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(utf8, 0, target, offset, utf8.length);
    }

    /** Writes the UTF-8 bytes to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(utf8);
    }

    /** A copy of the UTF-8 bytes. */
    public byte[] toUtf8() {
        return utf8.clone();
    }

    /** Whether the text is empty or only whitespace. */
    public boolean isBlank() {
        for (byte b : utf8) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Equal when the bytes are equal: the same text, written the same way. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RawJson r && Arrays.equals(utf8, r.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    /** The JSON text. */
    @Override
    public String toString() {
        return text();
    }
}
