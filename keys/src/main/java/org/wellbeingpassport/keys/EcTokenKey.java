package org.wellbeingpassport.keys;

import java.math.BigInteger;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/** One ES256 key: deterministic ECDSA (RFC 6979) over P-256, JOSE signature format (R || S). */
final class EcTokenKey {
    final String keyId;
    final long createdAtEpochMilli;
    private final ECPrivateKeyParameters privateKey;
    private final ECPublicKeyParameters publicKey;

    EcTokenKey(String keyId, long createdAtEpochMilli, ECPrivateKeyParameters privateKey,
            ECPublicKeyParameters publicKey) {
        this.keyId = keyId;
        this.createdAtEpochMilli = createdAtEpochMilli;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** P-256 with Bouncy Castle's specialised field arithmetic (several times faster than generic). */
    static final ECDomainParameters P256 = new ECDomainParameters(CustomNamedCurves.getByName("secp256r1"));

    /** Re-homes keys decoded from the keystore (generic curve) onto the specialised P-256 curve. */
    static EcTokenKey of(String keyId, long createdAtEpochMilli, ECPrivateKeyParameters privateKey,
            ECPublicKeyParameters publicKey) {
        if (!privateKey.getParameters().getN().equals(P256.getN())
                || !privateKey.getParameters().getG().equals(P256.getG())) {
            throw new KeystoreException("token signing key " + keyId + " is not on P-256");
        }
        return new EcTokenKey(keyId, createdAtEpochMilli, new ECPrivateKeyParameters(privateKey.getD(), P256),
                new ECPublicKeyParameters(P256.getCurve().decodePoint(publicKey.getQ().getEncoded(false)), P256));
    }

    static byte[] sha256(byte[] data) {
        SHA256Digest d = new SHA256Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    byte[] signJws(byte[] signingInput) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, privateKey);
        BigInteger[] rs = signer.generateSignature(sha256(signingInput));
        byte[] out = new byte[64];
        BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
        BigIntegers.asUnsignedByteArray(rs[1], out, 32, 32);
        return out;
    }

    boolean verifyJws(byte[] signingInput, byte[] signature) {
        if (signature == null || signature.length != 64) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, publicKey);
        return verifier.verifySignature(sha256(signingInput), BigIntegers.fromUnsignedByteArray(signature, 0, 32),
                BigIntegers.fromUnsignedByteArray(signature, 32, 32));
    }

    String jwk() {
        ECPoint q = publicKey.getQ().normalize();
        String x = Codec.B64URL.encodeToString(BigIntegers.asUnsignedByteArray(32, q.getAffineXCoord().toBigInteger()));
        String y = Codec.B64URL.encodeToString(BigIntegers.asUnsignedByteArray(32, q.getAffineYCoord().toBigInteger()));
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + x + "\",\"y\":\"" + y + "\",\"kid\":"
                + Codec.jsonString(keyId) + ",\"alg\":\"ES256\",\"use\":\"sig\"}";
    }

    @Override
    public String toString() {
        return "EcTokenKey[" + keyId + "]";
    }
}
