package org.wellbeingpassport.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signatures checked with the JDK's own providers (SunEC), independently of Bouncy Castle. */
class SigningTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    private KeyHierarchy open() {
        return KeyHierarchy.openOrInitialise(
                TestKeys.config(dir).clock(clock).tokenKeyOverlap(Duration.ofHours(2)).build(),
                new InMemoryWrappedKeyStore());
    }

    private static final Pattern JWK = Pattern.compile(
            "\\{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"([A-Za-z0-9_-]{43})\",\"y\":\"([A-Za-z0-9_-]{43})\",\"kid\":\"([^\"]+)\",\"alg\":\"ES256\",\"use\":\"sig\"\\}");

    private static List<String[]> jwks(String json) {
        assertTrue(json.startsWith("{\"keys\":[") && json.endsWith("]}"), json);
        List<String[]> keys = new ArrayList<>();
        Matcher m = JWK.matcher(json);
        while (m.find()) {
            keys.add(new String[]{m.group(3), m.group(1), m.group(2)});
        }
        return keys;
    }

    /** Verifies a JOSE ES256 signature with SunEC from the JWK's x and y, as Nimbus would. */
    private static boolean jdkVerifiesEs256(String[] jwk, byte[] input, byte[] joseSignature) throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC", "SunEC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECPoint w = new ECPoint(new BigInteger(1, Base64.getUrlDecoder().decode(jwk[1])),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk[2])));
        PublicKey key = KeyFactory.getInstance("EC", "SunEC")
                .generatePublic(new ECPublicKeySpec(w, params.getParameterSpec(ECParameterSpec.class)));
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
        v.initVerify(key);
        v.update(input);
        return v.verify(joseSignature);
    }

    @Test
    void tokensAreEs256JwsVerifiableFromThePublishedJwks() throws Exception {
        KeyHierarchy keys = open();
        TokenSigningKeys tokens = keys.tokens();
        String jws = tokens.compactJws("{\"sub\":\"resident-1\",\"exp\":1900000000}");
        String[] parts = jws.split("\\.");
        assertEquals(3, parts.length);
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        assertEquals("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + tokens.currentKeyId() + "\"}", header);
        byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        assertEquals(64, sig.length, "JOSE R||S");
        assertTrue(tokens.verifyJws(tokens.currentKeyId(), input, sig));

        List<String[]> published = jwks(tokens.publicJwks());
        assertEquals(1, published.size());
        assertEquals(tokens.currentKeyId(), published.get(0)[0]);
        assertTrue(jdkVerifiesEs256(published.get(0), input, sig));
        sig[5] ^= 1;
        assertFalse(jdkVerifiesEs256(published.get(0), input, sig));
        assertFalse(tokens.verifyJws(tokens.currentKeyId(), input, sig));
        assertFalse(tokens.verifyJws("no-such-kid", input, tokens.signJws(input)));
        assertFalse(tokens.verifyJws(tokens.currentKeyId(), input, new byte[3]));
    }

    @Test
    void aRotatedTokenKeyStaysPublishedForTheOverlapThenGoes() throws Exception {
        KeyHierarchy keys = open();
        String oldKid = keys.tokens().currentKeyId();
        byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
        byte[] oldSig = keys.tokens().signJws(input);

        clock.advance(Duration.ofMinutes(1));
        String newKid = keys.rotateTokenSigningKey();
        assertNotEquals(oldKid, newKid);
        assertEquals(newKid, keys.tokens().currentKeyId());
        assertEquals(List.of(newKid, oldKid), keys.tokens().publishedKeyIds());
        List<String[]> published = jwks(keys.tokens().publicJwks());
        assertEquals(2, published.size());
        assertTrue(jdkVerifiesEs256(published.get(1), input, oldSig), "old tokens verify during the overlap");
        assertTrue(keys.tokens().verifyJws(oldKid, input, oldSig));

        clock.advance(Duration.ofHours(2));
        assertEquals(List.of(newKid), keys.tokens().publishedKeyIds());
        assertFalse(keys.tokens().verifyJws(oldKid, input, oldSig), "expired overlap: no longer accepted");
        String third = keys.rotateTokenSigningKey();
        assertEquals(List.of(third, newKid), keys.tokens().publishedKeyIds());
        // another process sees the same after reading the keystore
        KeyHierarchy other = KeyHierarchy.open(
                TestKeys.config(dir).clock(clock).tokenKeyOverlap(Duration.ofHours(2)).build(),
                new InMemoryWrappedKeyStore());
        assertEquals(List.of(third, newKid), other.tokens().publishedKeyIds());
    }

    @Test
    void recordSignaturesVerifyAfterRotationAndWithTheJdkFromPem() throws Exception {
        KeyHierarchy keys = open();
        RecordSigner audit = keys.audit();
        byte[] checkpoint = EcTokenKey.sha256("batch 1..1000".getBytes(StandardCharsets.UTF_8));
        RecordSignature first = audit.sign(checkpoint);
        assertEquals(audit.currentKeyId(), first.keyId());
        assertTrue(audit.verify(first, checkpoint));
        assertEquals(first, RecordSignature.decode(first.encoded()));

        String oldKid = audit.currentKeyId();
        clock.advance(Duration.ofDays(400));
        String newKid = keys.rotateRecordSigningKey(SigningPurpose.AUDIT);
        assertEquals(List.of(newKid, oldKid), audit.keyIds());
        RecordSignature second = audit.sign(checkpoint);
        assertEquals(newKid, second.keyId());
        assertTrue(audit.verify(first, checkpoint), "old audit signatures verify forever");
        assertTrue(audit.verify(second, checkpoint));

        byte[] altered = checkpoint.clone();
        altered[0] ^= 1;
        assertFalse(audit.verify(first, altered));
        assertFalse(audit.verify("unknown", checkpoint, first.value()));
        assertFalse(audit.verify(newKid, checkpoint, first.value()), "signature under another key");
        assertFalse(audit.verify(oldKid, checkpoint, new byte[10]));
        assertFalse(keys.exports().verify(first, checkpoint), "export keys are separate from audit keys");
        assertNotEquals(keys.exports().currentKeyId(), audit.currentKeyId());

        // the JDK verifies from the published PEM
        String pem = audit.publicKeysPem();
        String oldPem = pem.substring(pem.indexOf("# " + oldKid));
        String body = oldPem.substring(oldPem.indexOf("-----BEGIN PUBLIC KEY-----") + 26,
                oldPem.indexOf("-----END PUBLIC KEY-----")).replaceAll("\\s", "");
        PublicKey pub = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(pub);
        v.update(checkpoint);
        assertTrue(v.verify(first.value()));
        assertTrue(audit.publicJwks().contains("\"kty\":\"OKP\",\"crv\":\"Ed25519\""));

        assertTrue(audit.publicJwks().contains(oldKid) && audit.publicJwks().contains(newKid));
    }

    @Test
    void aServerVerifiesWhatKeysRotatedByTheCliSigned() {
        KeyHierarchy server = open();
        byte[] checkpoint = EcTokenKey.sha256("batch 7".getBytes(StandardCharsets.UTF_8));
        // the CLI (another process) rotates; the server meets the new key ids and reads the keystore again
        KeyHierarchy cli = KeyHierarchy.open(TestKeys.config(dir).clock(clock).build(), new InMemoryWrappedKeyStore());
        // rotation happens after the keys were made: with a frozen clock the old and new key would share a
        // creation time, and which one is current would depend on how their random ids sort
        clock.advance(Duration.ofMinutes(1));
        cli.rotateRecordSigningKey(SigningPurpose.AUDIT);
        RecordSignature signed = cli.audit().sign(checkpoint);
        assertTrue(server.audit().verify(signed, checkpoint), "unknown key id: the keystore is read again");
        cli.rotateTokenSigningKey();
        byte[] input = "h.p".getBytes(StandardCharsets.US_ASCII);
        assertTrue(server.tokens().verifyJws(cli.tokens().currentKeyId(), input, cli.tokens().signJws(input)));
        assertEquals(cli.tokens().publishedKeyIds(), server.tokens().publishedKeyIds());
        // junk ids do not verify (and reload at most once per interval)
        assertFalse(server.tokens().verifyJws("es256-junk", input, cli.tokens().signJws(input)));
    }
}
