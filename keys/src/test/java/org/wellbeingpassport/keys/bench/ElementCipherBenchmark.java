package org.wellbeingpassport.keys.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.wellbeingpassport.keys.AeadImplementation;
import org.wellbeingpassport.keys.ElementCipher;
import org.wellbeingpassport.keys.ElementContext;
import org.wellbeingpassport.keys.InMemoryWrappedKeyStore;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysConfig;
import org.wellbeingpassport.keys.Passphrase;

/**
 * The product path: {@link ElementCipher} encrypt plus decrypt of a 200-byte element for a cached
 * resident (token encoding, associated data, key lookup, random nonce included), and decrypt alone
 * (the hot read path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ElementCipherBenchmark {
    @Param({"JDK", "BOUNCY_CASTLE"})
    public AeadImplementation aead;

    private ElementCipher cipher;
    private final ElementContext ctx = new ElementContext("resident-7f3a9c", "Observation",
            "5b2f8e1c-44aa-4c1e-9d1b-0e6b1f2a7c90", "component[2].valueString");
    private final byte[] element = new byte[200];
    private String token;

    @Setup
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("keys-bench");
        cipher = KeyHierarchy.openOrInitialise(KeysConfig.builder(dir, Passphrase.of("bench only".toCharArray()))
                .scryptCostLog2(10).aead(aead).build(), new InMemoryWrappedKeyStore()).elements();
        token = cipher.encrypt(ctx, element);
    }

    @Benchmark
    public byte[] encryptDecrypt200() {
        return cipher.decrypt(ctx, cipher.encrypt(ctx, element));
    }

    @Benchmark
    public byte[] decrypt200() {
        return cipher.decrypt(ctx, token);
    }
}
