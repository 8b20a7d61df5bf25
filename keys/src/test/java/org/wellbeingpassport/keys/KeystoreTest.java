package org.wellbeingpassport.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.keys.TestKeys.ctx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreTest {
    @TempDir
    Path dir;

    @Test
    void theKeystoreIsBcfksUnderScryptAndOpensOnlyWithItsPassphrase() throws Exception {
        KeyHierarchy keys = TestKeys.open(dir, new InMemoryWrappedKeyStore());
        String master = keys.master().currentKeyId();
        byte[] file = Files.readAllBytes(dir.resolve("keystore.bcfks"));
        // DER of id-scrypt, 1.3.6.1.4.1.11591.4.11 (the store's own KDF)
        assertTrue(HexFormat.of().formatHex(file).contains("06092b06010401da47040b"), "BCFKS store uses scrypt");
        assertTrue(Files.readString(dir.resolve("keystore.kdf")).startsWith("scrypt:1024:8:1:"));

        KeyHierarchy again = KeyHierarchy.open(TestKeys.config(dir).build(), new InMemoryWrappedKeyStore());
        assertEquals(master, again.master().currentKeyId());
        assertEquals(keys.tokens().currentKeyId(), again.tokens().currentKeyId());

        KeysConfig wrong = KeysConfig.builder(dir, Passphrase.of("not the passphrase".toCharArray())).scryptCostLog2(10)
                .build();
        KeystoreException e = assertThrows(KeystoreException.class,
                () -> KeyHierarchy.open(wrong, new InMemoryWrappedKeyStore()));
        assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
        assertThrows(KeystoreException.class,
                () -> KeyHierarchy.initialise(TestKeys.config(dir).build(), new InMemoryWrappedKeyStore()));
        assertThrows(KeystoreException.class,
                () -> KeyHierarchy.open(TestKeys.config(dir.resolve("none")).build(), new InMemoryWrappedKeyStore()));
        assertTrue(KeyHierarchy.exists(dir));
        assertFalse(KeyHierarchy.exists(dir.resolve("none")));
    }

    @Test
    void aTamperedKeystoreDoesNotOpen() throws Exception {
        TestKeys.open(dir, new InMemoryWrappedKeyStore());
        Path file = dir.resolve("keystore.bcfks");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThrows(KeystoreException.class,
                () -> KeyHierarchy.open(TestKeys.config(dir).build(), new InMemoryWrappedKeyStore()));
    }

    @Test
    void masterKeysCanComeFromTheEnvironmentAndRotateThere() throws Exception {
        byte[] first = Codec.randomBytes(32);
        byte[] second = Codec.randomBytes(32);
        InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
        Map<String, String> env1 = Map.of(KeysConfig.MASTER_KEY_VARIABLE, Base64.getEncoder().encodeToString(first));
        KeyHierarchy keys = KeyHierarchy.openOrInitialise(TestKeys.config(dir).masterKeysFromEnvironment(env1).build(),
                store);
        assertTrue(keys.master().fromEnvironment());
        assertEquals(Codec.fingerprint("kek-", first), keys.master().currentKeyId());
        String token = keys.elements().encryptString(ctx("r"), "from env");
        assertEquals(keys.master().currentKeyId(), store.find("r").orElseThrow().primary().masterKeyId());
        assertThrows(KeystoreException.class, () -> keys.master().rotate(RotationProgress.none()));
        byte[] file = Files.readAllBytes(dir.resolve("keystore.bcfks"));
        assertFalse(HexFormat.of().formatHex(file).contains(HexFormat.of().formatHex(first)));

        // rotation in the environment: new key current, old one in WP_MASTER_KEY_PREVIOUS, then re-wrap
        Map<String, String> env2 = Map.of(KeysConfig.MASTER_KEY_VARIABLE, Base64.getUrlEncoder().encodeToString(second),
                KeysConfig.PREVIOUS_MASTER_KEYS_VARIABLE, Base64.getEncoder().encodeToString(first));
        KeyHierarchy rotated = KeyHierarchy.open(TestKeys.config(dir).masterKeysFromEnvironment(env2).build(), store);
        assertEquals(Codec.fingerprint("kek-", second), rotated.master().currentKeyId());
        assertEquals("from env", rotated.elements().decryptString(ctx("r"), token));
        assertEquals(1, rotated.master().rewrapAll(RotationProgress.none()).rewrapped());

        Map<String, String> env3 = Map.of(KeysConfig.MASTER_KEY_VARIABLE, Base64.getEncoder().encodeToString(second));
        KeyHierarchy only = KeyHierarchy.open(TestKeys.config(dir).masterKeysFromEnvironment(env3).build(), store);
        assertEquals("from env", only.elements().decryptString(ctx("r"), token));

        // without the new key nothing unwraps any more
        KeyHierarchy stale = KeyHierarchy.open(TestKeys.config(dir).masterKeysFromEnvironment(env1).build(), store);
        KeystoreException e = assertThrows(KeystoreException.class, () -> stale.elements().decrypt(ctx("r"), token));
        assertTrue(e.getMessage().contains(rotated.master().currentKeyId()));
    }

    @Test
    void aMalformedEnvironmentMasterKeyIsRefused() {
        assertThrows(KeystoreException.class, () -> TestKeys.config(dir)
                .masterKeysFromEnvironment(Map.of(KeysConfig.MASTER_KEY_VARIABLE, "c2hvcnQ=")));
        assertThrows(KeystoreException.class, () -> TestKeys.config(dir)
                .masterKeysFromEnvironment(Map.of(KeysConfig.MASTER_KEY_VARIABLE, "!!not base64!!")));
    }

    @Test
    void configurationLimitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> TestKeys.config(dir).encryptionsPerDataKey(0));
        assertThrows(IllegalArgumentException.class,
                () -> TestKeys.config(dir).encryptionsPerDataKey(KeysConfig.DEFAULT_ENCRYPTIONS_PER_DATA_KEY + 1));
        assertThrows(IllegalArgumentException.class, () -> TestKeys.config(dir).scryptCostLog2(9));
        assertEquals(1L << 32, KeysConfig.DEFAULT_ENCRYPTIONS_PER_DATA_KEY);
        assertNotEquals("", TestKeys.config(dir).build().toString());
    }
}
