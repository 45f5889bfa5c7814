package io.esbackup.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import io.esbackup.archive.Sha256;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.RawEvent;
import io.esbackup.model.json.DocumentCodec;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The SHA-256 digests an incremental backup compares (FORMAT.md section 16): of one event's bytes as the
 * archive holds them (the store's bytes where it hands them over, else the event as {@link EventCodec} writes
 * it, which is what an archive then holds), and of an object document's canonical JSON.
 */
final class EventDigest {
    private EventDigest() {}

    static String of(RawEvent e) {
        return sha256(e.json().toUtf8());
    }

    static String of(Event e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.generator(out)) {
            EventCodec.write(g, e);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return sha256(out.toByteArray());
    }

    /** Of either form: a raw cursor's events and a plain cursor's are both seen through here. */
    static String ofAny(Object e) {
        return e instanceof RawEvent raw ? of(raw) : of((Event) e);
    }

    static String of(ObjectDocument document) {
        return sha256(DocumentCodec.toBytes(document));
    }

    static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }
}
