package org.wellbeingpassport.keys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;

/** Shared set-up: real keystores in temp dirs, with the cheapest scrypt cost so tests stay fast. */
final class TestKeys {
    static final String PASSPHRASE = "correct horse battery staple 7Qz!";

    private TestKeys() {
    }

    static KeysConfig.Builder config(Path dir) {
        return KeysConfig.builder(dir, Passphrase.of(PASSPHRASE.toCharArray())).scryptCostLog2(10);
    }

    static KeyHierarchy open(Path dir, WrappedKeyStore store) {
        return KeyHierarchy.openOrInitialise(config(dir).build(), store);
    }

    /** A hierarchy that re-reads the store on every call, like a second process would after its TTL. */
    static KeyHierarchy uncached(Path dir, WrappedKeyStore store) {
        return KeyHierarchy.openOrInitialise(config(dir).cacheTtl(Duration.ZERO).build(), store);
    }

    static ElementContext ctx(String resident) {
        return new ElementContext(resident, "Observation", "obs-1", "valueString");
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }
}
