package org.wellbeingpassport.keys;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/** A signature over a record (audit checkpoint, export), with the id of the key that made it. */
public record RecordSignature(String keyId, byte[] value) {

    public RecordSignature {
        Objects.requireNonNull(keyId, "keyId");
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** {@code keyId + "." + base64url(value)}: compact, ASCII, for storing next to the record. */
    public String encoded() {
        return keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    public static RecordSignature decode(String encoded) {
        int dot = encoded.lastIndexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("not an encoded record signature");
        }
        return new RecordSignature(encoded.substring(0, dot),
                Base64.getUrlDecoder().decode(encoded.substring(dot + 1)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordSignature s && s.keyId.equals(keyId) && Arrays.equals(s.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * keyId.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordSignature[" + encoded() + "]";
    }
}
