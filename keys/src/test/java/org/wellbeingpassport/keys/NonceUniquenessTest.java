package org.wellbeingpassport.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 10^6 encryptions under one data key: no nonce repeats. */
class NonceUniquenessTest {
    static final int N = 1_000_000;

    @Test
    void aMillionEncryptionsUnderOneKeyNeverRepeatANonce(@TempDir Path dir) {
        InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
        ElementCipher cipher = KeyHierarchy
                .openOrInitialise(TestKeys.config(dir).reservationBlock(1 << 20).build(), store).elements();
        ElementContext ctx = TestKeys.ctx("resident-1");
        byte[] plaintext = new byte[1];
        long[] high = new long[N];
        int[] low = new int[N];
        long keyId = 0;
        Base64.Decoder decoder = Base64.getUrlDecoder();
        for (int i = 0; i < N; i++) {
            byte[] blob = decoder.decode(cipher.encrypt(ctx, plaintext).substring(4));
            long id = Codec.getLong(blob, 1);
            if (i == 0) {
                keyId = id;
            }
            assertEquals(keyId, id, "all under one key");
            high[i] = Codec.getLong(blob, 9);
            low[i] = (blob[17] & 0xff) << 24 | (blob[18] & 0xff) << 16 | (blob[19] & 0xff) << 8 | (blob[20] & 0xff);
        }
        // sort the first 64 bits; only equal prefixes need the full 96-bit comparison
        long[] sorted = high.clone();
        Arrays.sort(sorted);
        Set<Long> sharedPrefixes = new HashSet<>();
        for (int i = 1; i < N; i++) {
            if (sorted[i] == sorted[i - 1]) {
                sharedPrefixes.add(sorted[i]);
            }
        }
        Set<String> full = new HashSet<>();
        for (int i = 0; i < N; i++) {
            if (sharedPrefixes.contains(high[i])) {
                assertTrue(full.add(high[i] + ":" + low[i]), "a 96-bit nonce repeated");
            }
        }
        assertEquals(1, store.find("resident-1").orElseThrow().keys().size());
        assertTrue(store.find("resident-1").orElseThrow().primary().encryptionsReserved() >= N,
                "the stored budget counts at least every encryption");
    }
}
