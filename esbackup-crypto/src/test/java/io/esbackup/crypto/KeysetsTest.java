package io.esbackup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import org.junit.jupiter.api.Test;

/** What {@link Keysets} and {@link TinkEncryption} accept as the user's keyset, and that refusals quote no key. */
class KeysetsTest {
    static {
        TinkEncryption.register();
    }

    @Test
    void aKeysetEncryptedUnderAnotherKeyIsRefusedWithoutQuotingIt() throws Exception {
        KeysetHandle master = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        KeysetHandle inner = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        String encrypted = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(inner,
                master.getPrimitive(RegistryConfiguration.get(), Aead.class), new byte[0]);
        assertThatThrownBy(() -> Keysets.parse(encrypted, "test source"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test source is not a Tink keyset in JSON (GeneralSecurityException)")
                .hasNoCause();
    }

    @Test
    void aKeysetThatIsNotAnAeadIsRefusedWithoutQuotingIt() throws Exception {
        String streaming = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB),
                InsecureSecretKeyAccess.get());
        String keyValue = streaming.replaceAll("(?s).*\"value\":\\s*\"([^\"]+)\".*", "$1");
        assertThat(keyValue).isNotEqualTo(streaming);
        KeysetHandle parsed = Keysets.parse(streaming, "test source");
        assertThatThrownBy(() -> new TinkEncryption(parsed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("keyset must be a Tink AEAD keyset")
                .hasMessageNotContaining(keyValue);
    }
}
