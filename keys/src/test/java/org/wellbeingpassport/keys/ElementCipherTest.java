package org.wellbeingpassport.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.keys.TestKeys.ctx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ElementCipherTest {
    @TempDir
    Path dir;

    private ElementCipher cipher(AeadImplementation implementation, WrappedKeyStore store) {
        return KeyHierarchy.openOrInitialise(TestKeys.config(dir).aead(implementation).build(), store).elements();
    }

    @ParameterizedTest
    @EnumSource(AeadImplementation.class)
    void roundTripsBytesAndStringsAsJsonSafeTokens(AeadImplementation implementation) {
        ElementCipher cipher = cipher(implementation, new InMemoryWrappedKeyStore());
        ElementContext ctx = ctx("resident-1");
        String text = "Sleeps badly since the eviction; \"don't phone before 10\" \u00e9\u4e2d";
        String token = cipher.encryptString(ctx, text);
        assertTrue(token.matches("wp1\\.[A-Za-z0-9_-]+"), token);
        assertTrue(ElementCipher.isToken(token));
        assertEquals(text, cipher.decryptString(ctx, token));
        byte[] empty = new byte[0];
        assertArrayEquals(empty, cipher.decrypt(ctx, cipher.encrypt(ctx, empty)));
        byte[] big = new byte[70_000];
        big[69_999] = 7;
        assertArrayEquals(big, cipher.decrypt(ctx, cipher.encrypt(ctx, big)));
        assertNotEquals(token, cipher.encryptString(ctx, text), "a fresh nonce each time");
    }

    @ParameterizedTest
    @EnumSource(AeadImplementation.class)
    void everyChangedByteOfTheTokenFailsClearly(AeadImplementation implementation) {
        ElementCipher cipher = cipher(implementation, new InMemoryWrappedKeyStore());
        ElementContext ctx = ctx("resident-1");
        String token = cipher.encryptString(ctx, "x".repeat(200));
        byte[] blob = Base64.getUrlDecoder().decode(token.substring(4));
        // byte 0: version, 1-8: key id, 9-20: nonce, then ciphertext, last 16: tag
        for (int i = 0; i < blob.length; i++) {
            for (int bit : new int[]{0x01, 0x80}) {
                byte[] tampered = blob.clone();
                tampered[i] ^= bit;
                String t = "wp1." + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
                DecryptionFailedException e = assertThrows(DecryptionFailedException.class,
                        () -> cipher.decrypt(ctx, t), "byte " + i);
                assertTrue(e.getMessage().length() > 10);
            }
        }
        assertThrows(DecryptionFailedException.class,
                () -> cipher.decrypt(ctx, token.substring(0, token.length() - 1)));
        assertThrows(DecryptionFailedException.class, () -> cipher.decrypt(ctx, token + "A"));
        assertThrows(DecryptionFailedException.class, () -> cipher.decrypt(ctx, "wp1.*notbase64*"));
        assertThrows(DecryptionFailedException.class, () -> cipher.decrypt(ctx, "wp2." + token.substring(4)));
        assertThrows(DecryptionFailedException.class, () -> cipher.decrypt(ctx, "wp1."));
    }

    @ParameterizedTest
    @EnumSource(AeadImplementation.class)
    void aTokenMovedToAnotherResidentResourceOrElementFails(AeadImplementation implementation) {
        ElementCipher cipher = cipher(implementation, new InMemoryWrappedKeyStore());
        ElementContext ctx = new ElementContext("resident-1", "Condition", "c-9", "note[0].text");
        String token = cipher.encryptString(ctx, "diagnosed 2019");
        cipher.encryptString(ctx("resident-2"), "gives resident-2 a data key");
        List<ElementContext> elsewhere = List.of(new ElementContext("resident-2", "Condition", "c-9", "note[0].text"),
                new ElementContext("resident-1", "Observation", "c-9", "note[0].text"),
                new ElementContext("resident-1", "Condition", "c-8", "note[0].text"),
                new ElementContext("resident-1", "Condition", "c-9", "note[1].text"),
                new ElementContext("resident-1", "Condition", "c-9", "note[0].tex"));
        for (ElementContext other : elsewhere) {
            assertThrows(DecryptionFailedException.class, () -> cipher.decrypt(other, token), other.toString());
        }
        // a resident who never had keys: the clear "no keys" error, never plaintext
        assertThrows(KeyDestroyedException.class,
                () -> cipher.decrypt(new ElementContext("nobody", "Condition", "c-9", "note[0].text"), token));
        assertEquals("diagnosed 2019", cipher.decryptString(ctx, token));
    }

    /**
     * The byte form (for stores that keep bytes) is the token's content without its text: each opens the other, and
     * every changed bit, a wrong shape, another place and a destroyed key fail as they do for a token.
     */
    @ParameterizedTest
    @EnumSource(AeadImplementation.class)
    void theByteFormIsTheTokenWithoutItsTextAndFailsAlike(AeadImplementation implementation) {
        KeyHierarchy keys = KeyHierarchy.openOrInitialise(TestKeys.config(dir).aead(implementation).build(),
                new InMemoryWrappedKeyStore());
        ElementCipher cipher = keys.elements();
        ElementContext ctx = new ElementContext("resident-1", "Goal", "g-1", "$stored");
        byte[] plain = "{\"resourceType\":\"Goal\",\"note\":\"\u00e9\u4e2d\"}".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = cipher.encryptToBytes(ctx, plain);
        assertEquals(plain.length + 37, sealed.length, "version, key id, nonce and tag around the ciphertext");
        assertArrayEquals(plain, cipher.decryptBytes(ctx, sealed));
        String asToken = "wp1." + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        assertArrayEquals(plain, cipher.decrypt(ctx, asToken), "the bytes are a token's content");
        String token = cipher.encrypt(ctx, plain);
        assertArrayEquals(plain, cipher.decryptBytes(ctx, Base64.getUrlDecoder().decode(token.substring(4))));
        assertNotEquals(Base64.getEncoder().encodeToString(sealed),
                Base64.getEncoder().encodeToString(cipher.encryptToBytes(ctx, plain)), "a fresh nonce each time");
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThrows(DecryptionFailedException.class, () -> cipher.decryptBytes(ctx, tampered), "byte " + i);
        }
        assertThrows(DecryptionFailedException.class, () -> cipher.decryptBytes(ctx, new byte[36]));
        assertThrows(DecryptionFailedException.class, () -> cipher.decryptBytes(ctx, null));
        assertThrows(DecryptionFailedException.class,
                () -> cipher.decryptBytes(new ElementContext("resident-1", "Goal", "g-2", "$stored"), sealed));
        keys.residents().destroy("resident-1");
        assertThrows(KeyDestroyedException.class, () -> cipher.decryptBytes(ctx, sealed));
    }

    @ParameterizedTest
    @EnumSource(AeadImplementation.class)
    void bothImplementationsReadEachOthersTokens(AeadImplementation implementation) {
        InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
        ElementCipher writer = cipher(implementation, store);
        AeadImplementation other = implementation == AeadImplementation.JDK
                ? AeadImplementation.BOUNCY_CASTLE
                : AeadImplementation.JDK;
        ElementCipher reader = cipher(other, store);
        String token = writer.encrypt(ctx("r"), "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals("hello", reader.decryptString(ctx("r"), token));
    }

    @ParameterizedTest
    @EnumSource(AeadImplementation.class)
    void aSmallCacheEvictsAndReloadsWithoutMixingResidents(AeadImplementation implementation) {
        InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
        ElementCipher cipher = KeyHierarchy
                .openOrInitialise(TestKeys.config(dir).aead(implementation).cacheSize(2).build(), store).elements();
        java.util.Map<String, String> tokens = new java.util.LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (int r = 0; r < 7; r++) {
                tokens.put("r" + r + "/" + round, cipher.encryptString(ctx("r" + r), "value " + r + "/" + round));
            }
        }
        tokens.forEach((key, token) -> {
            String resident = key.substring(0, key.indexOf('/'));
            assertEquals("value " + key.substring(1), cipher.decryptString(ctx(resident), token));
        });
        store.all().forEach(r -> assertEquals(1, r.keys().size(), "evictions never create a second key"));
    }

    @ParameterizedTest
    @EnumSource(AeadImplementation.class)
    void aWrappedKeyMovedToAnotherResidentDoesNotUnwrap(AeadImplementation implementation) {
        InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
        ElementCipher cipher = cipher(implementation, store);
        cipher.encryptString(ctx("alice"), "a");
        String bobToken = cipher.encryptString(ctx("bob"), "b");
        WrappedKeyRecord alice = store.find("alice").orElseThrow();
        WrappedKeyRecord bob = store.find("bob").orElseThrow();
        // an attacker with write access to the store swaps alice's wrapped key into bob's record
        WrappedDataKey swapped = new WrappedDataKey(bob.primaryKeyId(), alice.primary().masterKeyId(),
                alice.primary().wrappedKey(), 0, 0, false);
        store.compareAndSet(bob.version(),
                new WrappedKeyRecord("bob", bob.version() + 1, bob.primaryKeyId(), List.of(swapped)));
        ElementCipher fresh = KeyHierarchy.open(TestKeys.config(dir).aead(implementation).build(), store).elements();
        KeysException e = assertThrows(KeysException.class, () -> fresh.decrypt(ctx("bob"), bobToken));
        assertTrue(e.getMessage().contains("failed authentication"), e.getMessage());
    }
}
