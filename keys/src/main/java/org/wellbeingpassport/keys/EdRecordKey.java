package org.wellbeingpassport.keys;

import java.io.IOException;
import java.io.StringWriter;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** One Ed25519 record-signing key (RFC 8032). The private half may be absent for verify-only keys. */
final class EdRecordKey {
    final String keyId;
    final long createdAtEpochMilli;
    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters publicKey;

    EdRecordKey(String keyId, long createdAtEpochMilli, Ed25519PrivateKeyParameters privateKey,
            Ed25519PublicKeyParameters publicKey) {
        this.keyId = keyId;
        this.createdAtEpochMilli = createdAtEpochMilli;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    byte[] sign(byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    boolean verify(byte[] data, byte[] signature) {
        if (signature == null || signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKey);
        verifier.update(data, 0, data.length);
        return verifier.verifySignature(signature);
    }

    String jwk() {
        return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Codec.B64URL.encodeToString(publicKey.getEncoded())
                + "\",\"kid\":" + Codec.jsonString(keyId) + ",\"alg\":\"EdDSA\",\"use\":\"sig\"}";
    }

    String pem() {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("PUBLIC KEY",
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded()));
        } catch (IOException e) {
            throw new KeysException("cannot encode a public key as PEM", e);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "EdRecordKey[" + keyId + "]";
    }
}
