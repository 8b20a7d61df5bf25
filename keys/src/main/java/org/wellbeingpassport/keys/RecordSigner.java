package org.wellbeingpassport.keys;

import java.util.List;

/**
 * Ed25519 signatures for audit entries (sign a checkpoint hash over a batch, not each entry) and for
 * signed exports. Old public keys stay for verification after rotation.
 */
public interface RecordSigner {
    String ALGORITHM = "Ed25519";

    SigningPurpose purpose();

    String currentKeyId();

    RecordSignature sign(byte[] data);

    /** False for a wrong signature or an unknown key id; never throws for bad input. */
    boolean verify(String keyId, byte[] data, byte[] signature);

    default boolean verify(RecordSignature signature, byte[] data) {
        return verify(signature.keyId(), data, signature.value());
    }

    /** All key ids kept for verification, current first. */
    List<String> keyIds();

    /** JWKS (kty OKP, crv Ed25519) of every kept public key. */
    String publicJwks();

    /** PEM (SubjectPublicKeyInfo) of every kept public key, each preceded by a "# kid" line. */
    String publicKeysPem();
}
