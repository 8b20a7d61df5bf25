package org.wellbeingpassport.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.keys.TestKeys.ctx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationAndErasureTest {
    @TempDir
    Path dir;

    private final InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();

    private Map<String, String> encryptForResidents(ElementCipher cipher, int n) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            tokens.put("resident-" + i, cipher.encryptString(ctx("resident-" + i), "story of resident " + i));
        }
        return tokens;
    }

    @Test
    void masterRotationRewrapsDataKeysWithoutReencryptingAndEverythingStillReads() {
        KeyHierarchy keys = TestKeys.open(dir, store);
        Map<String, String> tokens = encryptForResidents(keys.elements(), 120);
        String oldMaster = keys.master().currentKeyId();
        Map<String, String> wrappedBefore = new HashMap<>();
        store.all().forEach(r -> wrappedBefore.put(r.residentId(), r.primary().wrappedKey()));

        List<long[]> progress = new ArrayList<>();
        RewrapReport report = keys.master().rotate((done, total) -> progress.add(new long[]{done, total}));

        assertNotEquals(oldMaster, report.masterKeyId());
        assertEquals(report.masterKeyId(), keys.master().currentKeyId());
        assertEquals(120, report.residents());
        assertEquals(120, report.rewrapped());
        assertEquals(120, progress.size());
        assertEquals(120, progress.get(119)[0]);
        assertEquals(120, progress.get(119)[1]);
        store.all().forEach(r -> {
            assertEquals(report.masterKeyId(), r.primary().masterKeyId());
            assertNotEquals(wrappedBefore.get(r.residentId()), r.primary().wrappedKey());
        });
        assertEquals(0, keys.master().countWrappedUnder(oldMaster));

        // a fresh process (no cache) reads everything, ciphertexts untouched
        KeyHierarchy fresh = TestKeys.uncached(dir, store);
        tokens.forEach((resident, token) -> assertEquals(
                "story of " + resident.replace("-", " ").replace("resident ", "resident "),
                fresh.elements().decryptString(ctx(resident), token)));

        // retiring the old master key: refused while current, allowed once nothing is wrapped under it
        assertThrows(KeystoreException.class, () -> keys.master().retire(report.masterKeyId()));
        keys.master().retire(oldMaster);
        assertFalse(keys.master().keyIds().contains(oldMaster));
        KeyHierarchy afterRetire = TestKeys.uncached(dir, store);
        tokens.forEach((resident, token) -> assertTrue(
                afterRetire.elements().decryptString(ctx(resident), token).startsWith("story of")));
        assertEquals(0, keys.master().rewrapAll(RotationProgress.none()).rewrapped(), "idempotent");
    }

    @Test
    void retiringAMasterKeyThatStillWrapsDataKeysIsRefused() {
        KeyHierarchy keys = TestKeys.open(dir, store);
        encryptForResidents(keys.elements(), 3);
        String old = keys.master().currentKeyId();
        // add a master key without re-wrapping (as if the re-wrap was interrupted)
        KeyHierarchy other = TestKeys.open(dir, new InMemoryWrappedKeyStore());
        other.master().rotate(RotationProgress.none());
        keys.reload();
        KeystoreException e = assertThrows(KeystoreException.class, () -> keys.master().retire(old));
        assertTrue(e.getMessage().contains("still wraps 3"), e.getMessage());
        assertEquals(3, keys.master().rewrapAll(RotationProgress.none()).rewrapped());
        keys.master().retire(old);
    }

    @Test
    void aRunningProcessPicksUpAMasterKeyRotatedByAnotherProcess() {
        KeyHierarchy server = TestKeys.uncached(dir, store);
        Map<String, String> tokens = encryptForResidents(server.elements(), 5);
        KeyHierarchy cli = TestKeys.open(dir, store);
        cli.master().rotate(RotationProgress.none());
        // the server's keystore snapshot predates the new master key; it reloads on the unknown id
        tokens.forEach((resident,
                token) -> assertTrue(server.elements().decryptString(ctx(resident), token).startsWith("story of")));
        assertEquals(cli.master().currentKeyId(), server.master().currentKeyId());
    }

    @Test
    void residentKeyRotationKeepsOldTokensReadableUntilRetired() {
        KeyHierarchy keys = TestKeys.open(dir, store);
        ElementCipher cipher = keys.elements();
        String before = cipher.encryptString(ctx("r"), "old");
        String oldKey = keys.residents().primaryKeyId("r").orElseThrow();
        assertFalse(cipher.needsReencryption(ctx("r"), before));

        String newKey = keys.residents().rotate("r");
        assertNotEquals(oldKey, newKey);
        assertEquals(List.of(oldKey, newKey), keys.residents().activeKeyIds("r"));
        String after = cipher.encryptString(ctx("r"), "new");
        assertEquals(newKey, Codec.hex(Codec.getLong(Base64.getUrlDecoder().decode(after.substring(4)), 1)));
        assertEquals("old", cipher.decryptString(ctx("r"), before));
        assertTrue(cipher.needsReencryption(ctx("r"), before), "re-encrypt on next write");
        assertFalse(cipher.needsReencryption(ctx("r"), after));

        assertThrows(IllegalArgumentException.class, () -> keys.residents().retire("r", newKey));
        keys.residents().retire("r", oldKey);
        KeyRetiredException e = assertThrows(KeyRetiredException.class, () -> cipher.decrypt(ctx("r"), before));
        assertTrue(e.getMessage().contains(oldKey));
        assertEquals("new", cipher.decryptString(ctx("r"), after));
        // and in another process too
        assertThrows(KeyRetiredException.class,
                () -> TestKeys.uncached(dir, store).elements().decrypt(ctx("r"), before));
    }

    @Test
    void aDataKeyRotatesWhenItsEncryptionLimitIsReached() {
        KeyHierarchy keys = KeyHierarchy
                .openOrInitialise(TestKeys.config(dir).encryptionsPerDataKey(10).reservationBlock(4).build(), store);
        Map<String, Integer> perKey = new HashMap<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 35; i++) {
            String token = keys.elements().encryptString(ctx("r"), "v" + i);
            tokens.add(token);
            perKey.merge(Codec.hex(Codec.getLong(Base64.getUrlDecoder().decode(token.substring(4)), 1)), 1,
                    Integer::sum);
        }
        assertEquals(4, perKey.size(), "35 encryptions at 10 per key: 4 keys " + perKey);
        perKey.values().forEach(n -> assertTrue(n <= 10, "no key used more than its limit: " + perKey));
        WrappedKeyRecord record = store.find("r").orElseThrow();
        record.keys().forEach(k -> assertTrue(k.encryptionsReserved() <= 10));
        for (int i = 0; i < tokens.size(); i++) {
            assertEquals("v" + i, keys.elements().decryptString(ctx("r"), tokens.get(i)));
        }
    }

    @Test
    void theBudgetHoldsAcrossProcessesSharingOneStore() {
        KeysConfig config = TestKeys.config(dir).encryptionsPerDataKey(10).reservationBlock(4).build();
        KeyHierarchy a = KeyHierarchy.openOrInitialise(config, store);
        KeyHierarchy b = KeyHierarchy.open(config, store);
        Map<String, Integer> perKey = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            String token = (i % 2 == 0 ? a : b).elements().encryptString(ctx("r"), "v");
            perKey.merge(Codec.hex(Codec.getLong(Base64.getUrlDecoder().decode(token.substring(4)), 1)), 1,
                    Integer::sum);
        }
        perKey.values().forEach(n -> assertTrue(n <= 10, "no key used more than its limit: " + perKey));
    }

    @Test
    void erasureMakesEveryElementOfThatResidentUnreadableAndLeavesOthersAlone() {
        KeyHierarchy keys = TestKeys.open(dir, store);
        List<String> aliceTokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            aliceTokens.add(keys.elements().encryptString(ctx("alice"), "alice secret " + i));
        }
        keys.residents().rotate("alice");
        aliceTokens.add(keys.elements().encryptString(ctx("alice"), "after rotation"));
        String bobToken = keys.elements().encryptString(ctx("bob"), "bob's note");
        // copies of the ciphertext live elsewhere (a backup, an export)
        List<String> copies = List.copyOf(aliceTokens);
        KeyHierarchy otherProcess = TestKeys.uncached(dir, store);
        assertEquals("alice secret 0", otherProcess.elements().decryptString(ctx("alice"), copies.get(0)));

        keys.residents().destroy("alice");

        for (String token : copies) {
            assertThrows(KeyDestroyedException.class, () -> keys.elements().decrypt(ctx("alice"), token));
            assertThrows(KeyDestroyedException.class, () -> otherProcess.elements().decrypt(ctx("alice"), token));
        }
        assertTrue(store.find("alice").isEmpty());
        assertEquals("bob's note", keys.elements().decryptString(ctx("bob"), bobToken));
        assertEquals("bob's note", otherProcess.elements().decryptString(ctx("bob"), bobToken));
    }

    @Test
    void erasureReachesBackupsOfTheKeyStoreOnceTheMasterKeyIsRotatedAndRetired() {
        KeyHierarchy keys = TestKeys.open(dir, store);
        String token = keys.elements().encryptString(ctx("alice"), "alice secret");
        keys.elements().encryptString(ctx("bob"), "bob");
        WrappedKeyRecord backupOfAlice = store.find("alice").orElseThrow();
        String old = keys.master().currentKeyId();

        keys.residents().destroy("alice");
        keys.master().rotate(RotationProgress.none());
        keys.master().retire(old);

        // someone restores alice's wrapped key from an old backup of the store
        assertTrue(store.compareAndSet(0, backupOfAlice));
        KeyHierarchy fresh = TestKeys.uncached(dir, store);
        KeysException e = assertThrows(KeysException.class, () -> fresh.elements().decrypt(ctx("alice"), token));
        assertTrue(e.getMessage().contains(old), e.getMessage());
    }

    @Test
    void concurrentWritersAndReadersAgree() throws Exception {
        KeyHierarchy keys = KeyHierarchy.openOrInitialise(TestKeys.config(dir).reservationBlock(8).build(), store);
        Set<String> failures = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    String resident = "r" + (i % 7);
                    String value = id + ":" + i;
                    String token = keys.elements().encryptString(ctx(resident), value);
                    if (!value.equals(keys.elements().decryptString(ctx(resident), token))) {
                        failures.add(value);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(Set.of(), failures);
        Set<String> residents = new HashSet<>();
        store.all().forEach(r -> residents.add(r.residentId()));
        assertEquals(7, residents.size());
        store.all().forEach(r -> assertEquals(1, r.keys().size(), "one key per resident, no races into rotation"));
    }
}
