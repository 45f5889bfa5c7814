package io.esbackup.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.model.json.Json;

/**
 * An aggregate's data key as stored (docs/FORMAT.md section 20): compact JSON naming the algorithm, the data
 * key's id, the id of the key-encryption key that wrapped it, and Tink's encrypted keyset (JSON, as text). It holds
 * no key material in the clear.
 */
record WrappedDataKey(String algorithm, int dataKeyId, int kekKeyId, String keyset) {
    static final String FORMAT = "esbackup-data-key";

    byte[] toBytes() {
        ObjectNode n = Json.objectNode();
        n.put("format", FORMAT);
        n.put("algorithm", algorithm);
        n.put("dataKeyId", Integer.toUnsignedString(dataKeyId));
        n.put("kekKeyId", Integer.toUnsignedString(kekKeyId));
        n.put("keyset", keyset);
        return Json.bytes(n);
    }

    static WrappedDataKey parse(byte[] bytes) {
        try {
            JsonNode n = Json.readTree(bytes);
            if (n == null || !FORMAT.equals(n.path("format").asText()) || !n.path("keyset").isTextual()) {
                throw new ArchiveFormatException("not an esbackup data key (format must be '" + FORMAT + "')");
            }
            return new WrappedDataKey(n.path("algorithm").asText(),
                    Integer.parseUnsignedInt(n.path("dataKeyId").asText()),
                    Integer.parseUnsignedInt(n.path("kekKeyId").asText()), n.path("keyset").asText());
        } catch (ArchiveFormatException e) {
            throw e;
        } catch (Exception e) {
            throw new ArchiveFormatException("data key cannot be read: " + Json.describe(e), e);
        }
    }
}
