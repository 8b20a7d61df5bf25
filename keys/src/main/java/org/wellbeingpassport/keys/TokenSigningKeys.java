package org.wellbeingpassport.keys;

import java.util.List;

/**
 * ES256 (ECDSA P-256, SHA-256, deterministic nonces per RFC 6979) keys for the tokens the service
 * issues, verified by Micronaut Security JWT through Nimbus against {@link #publicJwks()}.
 */
public interface TokenSigningKeys {
    String ALGORITHM = "ES256";

    /** The key that signs now. Use {@link #current()} to get id and signer as one consistent pair. */
    default String currentKeyId() {
        return current().keyId();
    }

    /** Signs with the current key; JOSE format (raw R || S, 64 bytes). */
    default byte[] signJws(byte[] signingInput) {
        return current().signJws(signingInput);
    }

    /** The current key as a snapshot, so the kid in a JWS header matches the key that signs it. */
    TokenSigner current();

    /**
     * A compact JWS ({@code header.payload.signature}) over {@code payloadJson} with header
     * {@code {"alg":"ES256","typ":"JWT","kid":...}}.
     */
    String compactJws(String payloadJson);

    /** Verifies a JOSE ES256 signature under any published key. Unknown key id: false. */
    boolean verifyJws(String keyId, byte[] signingInput, byte[] signature);

    /** Ids of the published keys, current first. */
    List<String> publishedKeyIds();

    /**
     * JWKS document of all published public keys: the current one and older ones still inside their
     * overlap window (what they signed may not have expired yet).
     */
    String publicJwks();

    /** The key that signs now, fixed. */
    interface TokenSigner {
        String keyId();

        byte[] signJws(byte[] signingInput);
    }
}
