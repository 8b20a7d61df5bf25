package org.wellbeingpassport.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.keys.TestKeys.hex;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Published test vectors for every primitive the module uses, through the module's own code paths. */
class KnownAnswerTest {

    /** AES-256 cases 13-16 of the GCM specification (McGrew and Viega), also in NIST SP 800-38D. */
    record GcmCase(String name, String key, String nonce, String plaintext, String aad, String ciphertext, String tag) {
    }

    static final String K16 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    static final String P64 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    static final String C64 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";
    static final GcmCase[] GCM = {
            new GcmCase("13", "00".repeat(32), "00".repeat(12), "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"),
            new GcmCase("14", "00".repeat(32), "00".repeat(12), "00".repeat(16), "", "cea7403d4d606b6e074ec5d3baf39d18",
                    "d0d1c8a799996bf0265b98b5d48ab919"),
            new GcmCase("15", K16, "cafebabefacedbaddecaf888", P64, "", C64, "b094dac5d93471bdec1a502270e3cc6c"),
            new GcmCase("16", K16, "cafebabefacedbaddecaf888", P64.substring(0, 120),
                    "feedfacedeadbeeffeedfacedeadbeefabaddad2", C64.substring(0, 120),
                    "76fc6ece0f4e1768cddf8853bb2d551b"),};

    @ParameterizedTest
    @EnumSource(AeadImplementation.class)
    void aes256GcmMatchesTheSpecificationVectors(AeadImplementation implementation) {
        for (GcmCase c : GCM) {
            AesGcmKey key = AesGcmKey.of(implementation, hex(c.key()));
            byte[] pt = hex(c.plaintext());
            byte[] out = new byte[pt.length + 16];
            // the JDK and BC both refuse to encrypt twice with one key and nonce (cases share them):
            // one encryption under a random nonce first resets that guard
            key.seal(Codec.randomBytes(12), 0, new byte[0], new byte[1], 0, 1, new byte[17], 0);
            int n = key.seal(hex(c.nonce()), 0, hex(c.aad()), pt, 0, pt.length, out, 0);
            assertEquals(out.length, n, c.name());
            assertEquals(c.ciphertext() + c.tag(), HexFormat.of().formatHex(out), "case " + c.name());
            assertArrayEquals(pt, key.open(hex(c.nonce()), 0, hex(c.aad()), out, 0, out.length), "case " + c.name());
            out[out.length - 1] ^= 1;
            assertNull(key.open(hex(c.nonce()), 0, hex(c.aad()), out, 0, out.length), "tampered case " + c.name());
        }
    }

    /** RFC 8032 section 7.1, TEST 1 to 3. */
    @Test
    void ed25519MatchesRfc8032() {
        String[][] vectors = {{"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
                {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
                {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},};
        for (String[] v : vectors) {
            Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(hex(v[0]), 0);
            Ed25519PublicKeyParameters pub = priv.generatePublicKey();
            assertEquals(v[1], HexFormat.of().formatHex(pub.getEncoded()));
            EdRecordKey key = new EdRecordKey("kat", 0, priv, pub);
            byte[] sig = key.sign(hex(v[2]));
            assertEquals(v[3], HexFormat.of().formatHex(sig));
            assertTrue(key.verify(hex(v[2]), sig));
            sig[10] ^= 1;
            assertFalse(key.verify(hex(v[2]), sig));
        }
    }

    /** RFC 6979 appendix A.2.5: P-256, SHA-256, messages "sample" and "test" (deterministic k). */
    @Test
    void es256MatchesRfc6979() {
        // the generic curve, as keys come out of the keystore; EcTokenKey.of moves them to the fast one
        X9ECParameters p256 = ECNamedCurveTable.getByName("secp256r1");
        ECDomainParameters domain = new ECDomainParameters(p256);
        BigInteger x = new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16);
        ECPoint q = p256.getG().multiply(x).normalize();
        assertEquals(new BigInteger("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6", 16),
                q.getAffineXCoord().toBigInteger());
        assertEquals(new BigInteger("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299", 16),
                q.getAffineYCoord().toBigInteger());
        EcTokenKey key = EcTokenKey.of("kat", 0, new ECPrivateKeyParameters(x, domain),
                new ECPublicKeyParameters(q, domain));
        byte[] sample = key.signJws("sample".getBytes(StandardCharsets.US_ASCII));
        assertEquals(
                ("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                        + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8").toLowerCase(),
                HexFormat.of().formatHex(sample));
        byte[] test = key.signJws("test".getBytes(StandardCharsets.US_ASCII));
        assertEquals(
                ("F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367"
                        + "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083").toLowerCase(),
                HexFormat.of().formatHex(test));
        assertTrue(key.verifyJws("sample".getBytes(StandardCharsets.US_ASCII), sample));
        assertFalse(key.verifyJws("sample".getBytes(StandardCharsets.US_ASCII), test));
    }

    /** RFC 7914 section 12, vectors 1 and 2: the KDF that stretches the keystore passphrase. */
    @Test
    void scryptMatchesRfc7914() {
        assertEquals(
                "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                        + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906",
                HexFormat.of().formatHex(SCrypt.generate(new byte[0], new byte[0], 16, 1, 1, 64)));
        assertEquals(
                "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                        + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640",
                HexFormat.of().formatHex(SCrypt.generate("password".getBytes(StandardCharsets.US_ASCII),
                        "NaCl".getBytes(StandardCharsets.US_ASCII), 1024, 8, 16, 64)));
    }

    /** RFC 4231 test case 2 (HMAC-SHA256 derives master key ids) and FIPS 180-2 "abc" (SHA-256). */
    @Test
    void hmacSha256AndSha256MatchPublishedVectors() {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter("Jefe".getBytes(StandardCharsets.US_ASCII)));
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        mac.update(data, 0, data.length);
        byte[] out = new byte[32];
        mac.doFinal(out, 0);
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", HexFormat.of().formatHex(out));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(EcTokenKey.sha256("abc".getBytes(StandardCharsets.US_ASCII))));
    }
}
