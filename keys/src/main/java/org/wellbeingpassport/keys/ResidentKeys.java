package org.wellbeingpassport.keys;

import java.util.List;
import java.util.Optional;

/** Administration of residents' data keys: rotation, retirement and erasure. */
public interface ResidentKeys {

    /** Current data key id of the resident, if they have one. */
    Optional<String> primaryKeyId(String residentId);

    /** All non-retired data key ids of the resident, newest last. */
    List<String> activeKeyIds(String residentId);

    /**
     * Adds a new data key and makes it primary: new writes use it, elements under older keys still
     * decrypt and are re-encrypted on their next write ({@link ElementCipher#needsReencryption}).
     *
     * @return the new key id
     */
    String rotate(String residentId);

    /** Retires a non-primary key: its wrapped material is deleted and its tokens fail clearly. */
    void retire(String residentId, String keyId);

    /**
     * Erasure: destroys every data key of the resident. Every element ever encrypted for them becomes
     * unreadable wherever copies of the ciphertext live.
     */
    void destroy(String residentId);
}
