package io.esbackup.model.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.esbackup.model.RawJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A {@link RawJson} as Jackson's {@link SerializableString}, so that {@code writeRawValue} copies its
 * UTF-8 bytes straight into a byte generator's buffer instead of encoding its text again. The quoted forms
 * are there for completeness; a raw value is never written quoted by esbackup.
 */
final class RawJsonString implements SerializableString {
    private final RawJson json;

    RawJsonString(RawJson json) {
        this.json = json;
    }

    @Override
    public String getValue() {
        return json.text();
    }

    @Override
    public int charLength() {
        return json.text().length();
    }

    @Override
    public char[] asQuotedChars() {
        return JsonStringEncoder.getInstance().quoteAsString(json.text());
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return json.toUtf8();
    }

    @Override
    public byte[] asQuotedUTF8() {
        return JsonStringEncoder.getInstance().quoteAsUTF8(json.text());
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        return append(asQuotedUTF8(), buffer, offset);
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        return append(asQuotedChars(), buffer, offset);
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        int n = json.utf8Length();
        if (n > buffer.length - offset) {
            return -1;
        }
        json.copyTo(buffer, offset);
        return n;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        String text = json.text();
        if (text.length() > buffer.length - offset) {
            return -1;
        }
        text.getChars(0, text.length(), buffer, offset);
        return text.length();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        byte[] quoted = asQuotedUTF8();
        out.write(quoted);
        return quoted.length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        json.writeTo(out);
        return json.utf8Length();
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        return put(asQuotedUTF8(), buffer);
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        return put(json.toUtf8(), buffer);
    }

    private static int append(byte[] bytes, byte[] buffer, int offset) {
        if (bytes.length > buffer.length - offset) {
            return -1;
        }
        System.arraycopy(bytes, 0, buffer, offset, bytes.length);
        return bytes.length;
    }

    private static int append(char[] chars, char[] buffer, int offset) {
        if (chars.length > buffer.length - offset) {
            return -1;
        }
        System.arraycopy(chars, 0, buffer, offset, chars.length);
        return chars.length;
    }

    private static int put(byte[] bytes, ByteBuffer buffer) {
        if (bytes.length > buffer.remaining()) {
            return -1;
        }
        buffer.put(bytes);
        return bytes.length;
    }

    @Override
    public String toString() {
        return json.text();
    }
}
