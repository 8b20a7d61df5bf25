package org.wellbeingpassport.keys;

/**
 * Keyed blind index: lets an exact value (an NHS number) be found without storing it. The token is
 * HMAC-SHA256 under a key that lives only in the keystore, over a domain and the value, so a copy of the
 * database alone cannot tell whose number a token is, nor test guesses. One key per keystore, never rotated
 * (rotating it means re-indexing every value: not supported yet).
 */
public interface BlindIndex {
    /** The token of {@code value} in {@code domain} (e.g. "nhs-number"), base64url, 43 characters. */
    String token(String domain, String value);
}
