package org.wellbeingpassport.keys.bench;

import java.security.Provider;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Raw AES-256-GCM, encrypt then decrypt of a 200-byte element with 60 bytes of associated data:
 * the JDK provider (SunJCE) against Bouncy Castle through JCA and through its lightweight API.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AeadBenchmark {
    /**
     * BC_LIGHTWEIGHT re-keys on every call, as a multi-resident product must; BC_LIGHTWEIGHT_SAME_KEY
     * passes a null key so Bouncy Castle keeps its key schedule and GHASH tables (its best case).
     */
    @Param({"JDK", "BC_JCA", "BC_LIGHTWEIGHT", "BC_LIGHTWEIGHT_SAME_KEY"})
    public String implementation;

    private final byte[] plaintext = new byte[200];
    private final byte[] aad = new byte[60];
    private final byte[] nonce = new byte[12];
    private final byte[] sealed = new byte[216];
    private byte[] key;
    private long counter;
    private Cipher cipher;
    private SecretKeySpec keySpec;
    private GCMModeCipher gcm;
    private KeyParameter keyParameter;
    private boolean sameKey;

    @Setup
    public void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        key = new byte[32];
        random.nextBytes(key);
        random.nextBytes(plaintext);
        random.nextBytes(aad);
        random.nextBytes(nonce);
        keySpec = new SecretKeySpec(key, "AES");
        keyParameter = new KeyParameter(key);
        switch (implementation) {
            case "JDK" -> cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            case "BC_JCA" -> {
                Provider bc = new BouncyCastleProvider();
                cipher = Cipher.getInstance("AES/GCM/NoPadding", bc);
            }
            case "BC_LIGHTWEIGHT" -> gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
            case "BC_LIGHTWEIGHT_SAME_KEY" -> {
                gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
                gcm.init(true, new AEADParameters(keyParameter, 128, new byte[12], aad));
                sameKey = true;
            }
            default -> throw new IllegalArgumentException(implementation);
        }
    }

    private void nextNonce() {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (c >>> (56 - 8 * i));
        }
    }

    @Benchmark
    public byte[] encryptDecrypt200() throws Exception {
        nextNonce();
        if (gcm != null) {
            KeyParameter k = sameKey ? null : keyParameter;
            gcm.init(true, new AEADParameters(k, 128, nonce.clone(), aad));
            int n = gcm.processBytes(plaintext, 0, plaintext.length, sealed, 0);
            gcm.doFinal(sealed, n);
            gcm.init(false, new AEADParameters(k, 128, nonce.clone(), aad));
            byte[] out = new byte[200];
            int m = gcm.processBytes(sealed, 0, sealed.length, out, 0);
            gcm.doFinal(out, m);
            return out;
        }
        cipher.init(Cipher.ENCRYPT_MODE, keySpec, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad);
        cipher.doFinal(plaintext, 0, plaintext.length, sealed, 0);
        cipher.init(Cipher.DECRYPT_MODE, keySpec, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(sealed);
    }
}
