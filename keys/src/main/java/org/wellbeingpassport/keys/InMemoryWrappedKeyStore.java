package org.wellbeingpassport.keys;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/** A {@link WrappedKeyStore} in memory: for tests, the standalone CLI and single-process demos. */
public final class InMemoryWrappedKeyStore implements WrappedKeyStore {
    private final ConcurrentMap<String, WrappedKeyRecord> records = new ConcurrentHashMap<>();

    @Override
    public Optional<WrappedKeyRecord> find(String residentId) {
        return Optional.ofNullable(records.get(residentId));
    }

    @Override
    public boolean compareAndSet(long expectedVersion, WrappedKeyRecord record) {
        if (record.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("record version must be expectedVersion + 1");
        }
        if (expectedVersion == 0) {
            return records.putIfAbsent(record.residentId(), record) == null;
        }
        boolean[] swapped = {false};
        records.computeIfPresent(record.residentId(), (id, current) -> {
            if (current.version() == expectedVersion) {
                swapped[0] = true;
                return record;
            }
            return current;
        });
        return swapped[0];
    }

    @Override
    public void destroy(String residentId) {
        records.remove(residentId);
    }

    @Override
    public long count() {
        return records.size();
    }

    @Override
    public Stream<WrappedKeyRecord> all() {
        return List.copyOf(records.values()).stream();
    }

    @Override
    public String toString() {
        return "InMemoryWrappedKeyStore[" + records.size() + " residents]";
    }
}
