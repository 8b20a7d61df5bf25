package org.wellbeingpassport.keys;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * One AES-256-GCM key handle (96-bit nonce, 128-bit tag). The key bytes stay inside; nothing returns
 * them. Package-private: callers use {@link ElementCipher}.
 */
abstract sealed class AesGcmKey permits AesGcmKey.Jdk, AesGcmKey.BouncyCastle {
    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    static AesGcmKey of(AeadImplementation implementation, byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        }
        return switch (implementation) {
            case JDK -> new Jdk(key);
            case BOUNCY_CASTLE -> new BouncyCastle(key);
        };
    }

    /**
     * Encrypts {@code in[inOff, inOff+inLen)} into {@code out} at {@code outOff} (ciphertext then tag).
     *
     * @return bytes written: inLen + 16
     */
    abstract int seal(byte[] nonce, int nonceOff, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff);

    /** Decrypts ciphertext-and-tag; null if authentication fails. Never returns unauthenticated bytes. */
    abstract byte[] open(byte[] nonce, int nonceOff, byte[] aad, byte[] in, int inOff, int inLen);

    @Override
    public final String toString() {
        return "AesGcmKey[redacted]";
    }

    static final class Jdk extends AesGcmKey {
        private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
            try {
                return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no AES/GCM", e);
            }
        });
        private final SecretKeySpec key;

        Jdk(byte[] key) {
            this.key = new SecretKeySpec(key, "AES");
        }

        @Override
        int seal(byte[] nonce, int nonceOff, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
            Cipher cipher = CIPHER.get();
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key,
                        new GCMParameterSpec(TAG_BYTES * 8, nonce, nonceOff, NONCE_BYTES));
                cipher.updateAAD(aad);
                return cipher.doFinal(in, inOff, inLen, out, outOff);
            } catch (GeneralSecurityException e) {
                throw new KeysException("AES-GCM encryption failed: " + e.getClass().getSimpleName());
            }
        }

        @Override
        byte[] open(byte[] nonce, int nonceOff, byte[] aad, byte[] in, int inOff, int inLen) {
            if (inLen < TAG_BYTES) {
                return null;
            }
            Cipher cipher = CIPHER.get();
            try {
                cipher.init(Cipher.DECRYPT_MODE, key,
                        new GCMParameterSpec(TAG_BYTES * 8, nonce, nonceOff, NONCE_BYTES));
                cipher.updateAAD(aad);
                return cipher.doFinal(in, inOff, inLen);
            } catch (javax.crypto.AEADBadTagException e) {
                return null;
            } catch (GeneralSecurityException e) {
                throw new KeysException("AES-GCM decryption failed: " + e.getClass().getSimpleName());
            }
        }
    }

    static final class BouncyCastle extends AesGcmKey {
        private static final ThreadLocal<GCMModeCipher> CIPHER = ThreadLocal
                .withInitial(() -> GCMBlockCipher.newInstance(AESEngine.newInstance()));
        private final KeyParameter key;

        BouncyCastle(byte[] key) {
            this.key = new KeyParameter(key);
        }

        @Override
        int seal(byte[] nonce, int nonceOff, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
            GCMModeCipher cipher = CIPHER.get();
            cipher.init(true, new AEADParameters(key, TAG_BYTES * 8,
                    Arrays.copyOfRange(nonce, nonceOff, nonceOff + NONCE_BYTES), aad));
            int n = cipher.processBytes(in, inOff, inLen, out, outOff);
            try {
                return n + cipher.doFinal(out, outOff + n);
            } catch (InvalidCipherTextException e) {
                throw new KeysException("AES-GCM encryption failed");
            }
        }

        @Override
        byte[] open(byte[] nonce, int nonceOff, byte[] aad, byte[] in, int inOff, int inLen) {
            if (inLen < TAG_BYTES) {
                return null;
            }
            GCMModeCipher cipher = CIPHER.get();
            cipher.init(false, new AEADParameters(key, TAG_BYTES * 8,
                    Arrays.copyOfRange(nonce, nonceOff, nonceOff + NONCE_BYTES), aad));
            byte[] out = new byte[inLen - TAG_BYTES];
            int n = cipher.processBytes(in, inOff, inLen, out, 0);
            try {
                cipher.doFinal(out, n);
                return out;
            } catch (InvalidCipherTextException e) {
                Arrays.fill(out, (byte) 0);
                cipher.reset();
                return null;
            }
        }
    }
}
