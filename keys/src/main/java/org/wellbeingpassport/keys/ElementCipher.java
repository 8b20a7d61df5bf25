package org.wellbeingpassport.keys;

import java.nio.charset.StandardCharsets;

/**
 * Authenticated encryption of one FHIR element for one resident (AES-256-GCM under the resident's
 * current data key). The result is a compact, JSON-string-safe token,
 * {@code "wp1." + base64url(version | key id | nonce | ciphertext | tag)}, stored in place of the
 * element value.
 *
 * <p>Decryption fails with {@link KeyDestroyedException} once the resident was erased,
 * {@link KeyRetiredException} under a retired key, and {@link DecryptionFailedException} when the
 * token was altered or belongs elsewhere. It never returns garbage.
 */
public interface ElementCipher {

    /** Prefix of every token this cipher writes. */
    String TOKEN_PREFIX = "wp1.";

    String encrypt(ElementContext context, byte[] plaintext);

    byte[] decrypt(ElementContext context, String token);

    /**
     * The same sealing as {@link #encrypt}, as the bytes the token's text carries ({@code version | key id | nonce |
     * ciphertext | tag}) instead of their base64url text: for a store that keeps bytes (a BSON binary), where the text
     * would cost a third more space and an encoding both ways. The same key, nonce rule and budget as a token.
     */
    default byte[] encryptToBytes(ElementContext context, byte[] plaintext) {
        String token = encrypt(context, plaintext);
        return java.util.Base64.getUrlDecoder().decode(token.substring(TOKEN_PREFIX.length()));
    }

    /**
     * Opens what {@link #encryptToBytes} sealed; fails as {@link #decrypt} does (destroyed, retired, altered or
     * misplaced), never returns garbage.
     */
    default byte[] decryptBytes(ElementContext context, byte[] sealed) {
        return decrypt(context,
                TOKEN_PREFIX + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sealed));
    }

    default String encryptString(ElementContext context, String plaintext) {
        return encrypt(context, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    default String decryptString(ElementContext context, String token) {
        return new String(decrypt(context, token), StandardCharsets.UTF_8);
    }

    /**
     * True when the token was written under a key other than the resident's current data key: the
     * caller should re-encrypt the element on its next write (lazy re-encryption after rotation).
     *
     * @throws KeyDestroyedException when the resident was erased
     */
    boolean needsReencryption(ElementContext context, String token);

    /** True when the value looks like a token of this cipher (cheap prefix check, no decryption). */
    static boolean isToken(String value) {
        return value != null && value.startsWith(TOKEN_PREFIX);
    }
}
