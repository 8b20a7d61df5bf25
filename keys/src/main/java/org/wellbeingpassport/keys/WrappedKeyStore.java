package org.wellbeingpassport.keys;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * Persistence of wrapped resident data keys (SPI). passport-api implements it on MongoDB, one document
 * per resident keyed by resident id; {@link InMemoryWrappedKeyStore} serves tests and the CLI alone.
 * Records hold wrapped material only, so a copy of this store alone reveals nothing.
 */
public interface WrappedKeyStore {

    Optional<WrappedKeyRecord> find(String residentId);

    /**
     * Stores {@code record} only if the stored version equals {@code expectedVersion} (0: no record may
     * exist yet). {@code record.version()} is {@code expectedVersion + 1}.
     *
     * @return false if another writer got there first; the caller re-reads and retries
     */
    boolean compareAndSet(long expectedVersion, WrappedKeyRecord record);

    /**
     * Erasure: removes every wrapped key of the resident irrevocably (no soft delete, no history copy).
     * Idempotent.
     */
    void destroy(String residentId);

    /** Number of residents with a record (for rotation progress). */
    long count();

    /** Every record, for master-key rotation. The caller closes the stream. */
    Stream<WrappedKeyRecord> all();
}
