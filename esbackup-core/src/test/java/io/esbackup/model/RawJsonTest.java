package io.esbackup.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawJsonTest {
    private static final String TEXT = "{\"note\": \"caf\u00e9 \u2603 \ud83d\ude00\", \"n\": 10.50}";

    @Test
    void keepsTheBytesAndTheTextOfAValue() throws IOException {
        byte[] utf8 = TEXT.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[utf8.length + 4];
        System.arraycopy(utf8, 0, padded, 2, utf8.length);
        RawJson fromBytes = RawJson.ofUtf8(padded, 2, utf8.length);
        RawJson fromText = RawJson.of(TEXT);

        assertThat(fromBytes.text()).isEqualTo(TEXT);
        assertThat(fromBytes.toString()).isEqualTo(TEXT);
        assertThat(fromBytes.utf8Length()).isEqualTo(utf8.length);
        assertThat(fromBytes.toUtf8()).isEqualTo(utf8);
        assertThat(fromBytes).isEqualTo(fromText).hasSameHashCodeAs(fromText);
        assertThat(fromBytes).isNotEqualTo(RawJson.of(TEXT.replace(": ", ":")));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fromText.writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(utf8);
        byte[] target = new byte[utf8.length + 1];
        fromText.copyTo(target, 1);
        assertThat(new String(target, 1, utf8.length, StandardCharsets.UTF_8)).isEqualTo(TEXT);
    }

    @Test
    void isImmutable() {
        byte[] utf8 = "[1]".getBytes(StandardCharsets.UTF_8);
        RawJson json = RawJson.ofUtf8(utf8, 0, utf8.length);
        utf8[1] = '2';
        json.toUtf8()[1] = '3';
        assertThat(json.text()).isEqualTo("[1]");
    }

    @Test
    void blankIsOnlyJsonWhitespace() {
        assertThat(RawJson.of("").isBlank()).isTrue();
        assertThat(RawJson.of(" \t\r\n").isBlank()).isTrue();
        assertThat(RawJson.of(" null ").isBlank()).isFalse();
        assertThatThrownBy(() -> RawJson.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text");
        assertThatThrownBy(() -> Event.of("T", 0, " ", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload");
    }
}
