package org.wellbeingpassport.keys;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything stored about one resident's data keys: one document per resident in passport-api.
 *
 * @param residentId   the resident (document key)
 * @param version      optimistic-concurrency version: 1 on creation, +1 on every change
 * @param primaryKeyId id of the key that encrypts new elements
 * @param keys         all keys still known, newest last; retired keys as tombstones
 */
public record WrappedKeyRecord(String residentId, long version, String primaryKeyId, List<WrappedDataKey> keys) {

    public WrappedKeyRecord {
        Objects.requireNonNull(residentId, "residentId");
        Objects.requireNonNull(primaryKeyId, "primaryKeyId");
        keys = List.copyOf(keys);
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
        if (keys.stream().noneMatch(k -> k.keyId().equals(primaryKeyId) && !k.retired())) {
            throw new IllegalArgumentException("the primary key must be one of the active keys");
        }
    }

    public Optional<WrappedDataKey> key(String keyId) {
        return keys.stream().filter(k -> k.keyId().equals(keyId)).findFirst();
    }

    public WrappedDataKey primary() {
        return key(primaryKeyId).orElseThrow();
    }
}
