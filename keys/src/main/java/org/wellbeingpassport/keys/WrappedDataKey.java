package org.wellbeingpassport.keys;

import java.util.Objects;

/**
 * One resident data key as persisted: only WRAPPED material (AES-256-GCM under a master key, bound to
 * the resident and key id), never the key itself.
 *
 * @param keyId               16 hex characters, carried in every token encrypted under this key
 * @param masterKeyId         id of the master key that wrapped it
 * @param wrappedKey          base64 of nonce | wrapped key | tag; empty once retired
 * @param createdAtEpochMilli creation time
 * @param encryptionsReserved encryptions reserved so far under this key (an upper bound on those done)
 * @param retired             retired keys keep a tombstone so their tokens fail with a clear error
 */
public record WrappedDataKey(String keyId, String masterKeyId, String wrappedKey, long createdAtEpochMilli,
        long encryptionsReserved, boolean retired) {

    public WrappedDataKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(masterKeyId, "masterKeyId");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        if (!retired && wrappedKey.isEmpty()) {
            throw new IllegalArgumentException("an active data key needs its wrapped material");
        }
    }

    WrappedDataKey withReserved(long reserved) {
        return new WrappedDataKey(keyId, masterKeyId, wrappedKey, createdAtEpochMilli, reserved, retired);
    }

    WrappedDataKey rewrapped(String newMasterKeyId, String newWrappedKey) {
        return new WrappedDataKey(keyId, newMasterKeyId, newWrappedKey, createdAtEpochMilli, encryptionsReserved,
                retired);
    }

    WrappedDataKey asRetired() {
        return new WrappedDataKey(keyId, masterKeyId, "", createdAtEpochMilli, encryptionsReserved, true);
    }
}
