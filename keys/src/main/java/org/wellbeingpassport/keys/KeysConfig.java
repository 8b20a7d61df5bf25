package org.wellbeingpassport.keys;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to open the key hierarchy. Build with {@link #builder(Path, Passphrase)}; {@link #toString()}
 * never shows secrets.
 */
public final class KeysConfig {
    /** Environment variable holding the current master key, base64 of 32 bytes. */
    public static final String MASTER_KEY_VARIABLE = "WP_MASTER_KEY";
    /** Older master keys still needed to unwrap, comma-separated base64, during a rotation. */
    public static final String PREVIOUS_MASTER_KEYS_VARIABLE = "WP_MASTER_KEY_PREVIOUS";

    /**
     * Encryptions allowed under one data key: 2^32, NIST SP 800-38D section 8.3 for random 96-bit
     * nonces. The resident's key rotates before it is reached.
     */
    public static final long DEFAULT_ENCRYPTIONS_PER_DATA_KEY = 1L << 32;

    final Path directory;
    final Passphrase passphrase;
    final List<byte[]> environmentMasterKeys;
    final int scryptCostLog2;
    final long encryptionsPerDataKey;
    final int reservationBlock;
    final int cacheSize;
    final Duration cacheTtl;
    final Duration tokenKeyOverlap;
    final AeadImplementation aead;
    final Clock clock;

    private KeysConfig(Builder b) {
        this.directory = b.directory;
        this.passphrase = b.passphrase;
        this.environmentMasterKeys = List.copyOf(b.environmentMasterKeys);
        this.scryptCostLog2 = b.scryptCostLog2;
        this.encryptionsPerDataKey = b.encryptionsPerDataKey;
        this.reservationBlock = b.reservationBlock;
        this.cacheSize = b.cacheSize;
        this.cacheTtl = b.cacheTtl;
        this.tokenKeyOverlap = b.tokenKeyOverlap;
        this.aead = b.aead;
        this.clock = b.clock;
    }

    public static Builder builder(Path directory, Passphrase passphrase) {
        return new Builder(directory, passphrase);
    }

    public Path directory() {
        return directory;
    }

    public Path keystoreFile() {
        return directory.resolve("keystore.bcfks");
    }

    @Override
    public String toString() {
        return "KeysConfig[directory=" + directory + ", passphrase=redacted, environmentMasterKeys="
                + environmentMasterKeys.size() + ", scryptCostLog2=" + scryptCostLog2 + ", encryptionsPerDataKey="
                + encryptionsPerDataKey + ", reservationBlock=" + reservationBlock + ", cacheSize=" + cacheSize
                + ", cacheTtl=" + cacheTtl + ", tokenKeyOverlap=" + tokenKeyOverlap + ", aead=" + aead + "]";
    }

    public static final class Builder {
        private final Path directory;
        private final Passphrase passphrase;
        private final List<byte[]> environmentMasterKeys = new ArrayList<>();
        private int scryptCostLog2 = 16;
        private long encryptionsPerDataKey = DEFAULT_ENCRYPTIONS_PER_DATA_KEY;
        private int reservationBlock = 4096;
        private int cacheSize = 100_000;
        private Duration cacheTtl = Duration.ofMinutes(1);
        private Duration tokenKeyOverlap = Duration.ofHours(25);
        private AeadImplementation aead = AeadImplementation.JDK;
        private Clock clock = Clock.systemUTC();

        private Builder(Path directory, Passphrase passphrase) {
            this.directory = Objects.requireNonNull(directory, "directory");
            this.passphrase = Objects.requireNonNull(passphrase, "passphrase");
        }

        /**
         * Takes master keys from {@value #MASTER_KEY_VARIABLE} (and {@value #PREVIOUS_MASTER_KEYS_VARIABLE})
         * when set, instead of the keystore. The keystore then holds only signing keys.
         */
        public Builder masterKeysFromEnvironment(Map<String, String> environment) {
            String current = environment.get(MASTER_KEY_VARIABLE);
            if (current == null || current.isBlank()) {
                return this;
            }
            environmentMasterKeys.clear();
            environmentMasterKeys.add(decodeMasterKey(current, MASTER_KEY_VARIABLE));
            String previous = environment.get(PREVIOUS_MASTER_KEYS_VARIABLE);
            if (previous != null && !previous.isBlank()) {
                for (String part : previous.split(",")) {
                    if (!part.isBlank()) {
                        environmentMasterKeys.add(decodeMasterKey(part, PREVIOUS_MASTER_KEYS_VARIABLE));
                    }
                }
            }
            return this;
        }

        private static byte[] decodeMasterKey(String value, String variable) {
            byte[] key;
            try {
                String v = value.trim();
                key = v.indexOf('-') >= 0 || v.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(v)
                        : Base64.getDecoder().decode(v);
            } catch (IllegalArgumentException e) {
                throw new KeystoreException(variable + " is not base64");
            }
            if (key.length != AesGcmKey.KEY_BYTES) {
                throw new KeystoreException(variable + " must hold 32 bytes (AES-256), base64-encoded");
            }
            return key;
        }

        /** scrypt cost N = 2^log2 for the keystore passphrase (r=8, p=1). Default 16 (64 MiB). */
        public Builder scryptCostLog2(int log2) {
            if (log2 < 10 || log2 > 22) {
                throw new IllegalArgumentException("scrypt cost log2 must be within 10..22");
            }
            this.scryptCostLog2 = log2;
            return this;
        }

        /** Encryptions per data key before it rotates; default 2^32 (NIST SP 800-38D). */
        public Builder encryptionsPerDataKey(long limit) {
            if (limit < 1 || limit > DEFAULT_ENCRYPTIONS_PER_DATA_KEY) {
                throw new IllegalArgumentException("the limit must be within 1..2^32");
            }
            this.encryptionsPerDataKey = limit;
            return this;
        }

        /** Encryptions reserved in the store at a time per process and resident (one write each). */
        public Builder reservationBlock(int block) {
            if (block < 1) {
                throw new IllegalArgumentException("the reservation block must be positive");
            }
            this.reservationBlock = block;
            return this;
        }

        /** Residents whose unwrapped data keys are cached (LRU). */
        public Builder cacheSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("the cache size must be positive");
            }
            this.cacheSize = size;
            return this;
        }

        /**
         * How long a cached keyset is trusted before it is re-read from the store: the delay for an
         * erasure or rotation done by another process to reach this one.
         */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = Objects.requireNonNull(ttl);
            return this;
        }

        /** How long a replaced token signing key stays published: at least the longest token lifetime. */
        public Builder tokenKeyOverlap(Duration overlap) {
            this.tokenKeyOverlap = Objects.requireNonNull(overlap);
            return this;
        }

        public Builder aead(AeadImplementation implementation) {
            this.aead = Objects.requireNonNull(implementation);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public KeysConfig build() {
            return new KeysConfig(this);
        }

        @Override
        public String toString() {
            return "KeysConfig.Builder[redacted]";
        }
    }
}
