package org.wellbeingpassport.keys.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.wellbeingpassport.keys.InMemoryWrappedKeyStore;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysConfig;
import org.wellbeingpassport.keys.Passphrase;
import org.wellbeingpassport.keys.RecordSignature;

/** Ed25519 audit checkpoints (sign, verify) and ES256 token signatures. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigningBenchmark {
    private KeyHierarchy keys;
    private final byte[] checkpoint = new byte[32];
    private RecordSignature signature;
    private final byte[] jwsInput = ("eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImVzMjU2LTEyMzQ1Njc4OTBhYiJ9."
            + "eyJzdWIiOiJyZXNpZGVudC0xIiwiZXhwIjoxOTAwMDAwMDAwLCJyb2xlcyI6WyJyZXNpZGVudCJdfQ").getBytes();

    @Setup
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("keys-bench");
        keys = KeyHierarchy.openOrInitialise(
                KeysConfig.builder(dir, Passphrase.of("bench only".toCharArray())).scryptCostLog2(10).build(),
                new InMemoryWrappedKeyStore());
        signature = keys.audit().sign(checkpoint);
    }

    @Benchmark
    public RecordSignature ed25519Sign() {
        return keys.audit().sign(checkpoint);
    }

    @Benchmark
    public boolean ed25519Verify() {
        return keys.audit().verify(signature, checkpoint);
    }

    @Benchmark
    public byte[] es256SignJws() {
        return keys.tokens().signJws(jwsInput);
    }
}
