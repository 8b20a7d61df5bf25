package org.wellbeingpassport.keys;

import java.util.List;

/**
 * The master key-encryption keys. Rotation adds a new primary and re-wraps data keys without touching
 * encrypted data; old master keys keep unwrapping until retired.
 */
public interface MasterKeys {
    String currentKeyId();

    /**
     * When the current master key was created (from its keystore alias, covered by the keystore's MAC); 0 when
     * master keys come from the environment (their age is not known here).
     */
    long currentKeyCreatedAtEpochMilli();

    /** All master keys that can still unwrap, current first. */
    List<String> keyIds();

    /** True when master keys come from the environment (WP_MASTER_KEY) rather than the keystore. */
    boolean fromEnvironment();

    /** Creates a new master key in the keystore, makes it current, then re-wraps every data key. */
    RewrapReport rotate(RotationProgress progress);

    /** Re-wraps every data key not yet under the current master key (idempotent, resumable). */
    RewrapReport rewrapAll(RotationProgress progress);

    /** Data keys still wrapped under the given master key. */
    long countWrappedUnder(String masterKeyId);

    /**
     * Deletes an old master key from the keystore. Refuses the current key, and any key that still
     * wraps a data key. Once retired, backups of the key store made before the rotation cannot be
     * unwrapped any more: this is what completes erasure in backups.
     */
    void retire(String masterKeyId);
}
