/**
 * Per-resident encryption at rest, signing keys, rotation and erasure by key destruction.
 *
 * <p>Entry point: {@link org.wellbeingpassport.keys.KeyHierarchy}. Callers encrypt an element for a
 * resident ({@link org.wellbeingpassport.keys.ElementCipher}), sign a token
 * ({@link org.wellbeingpassport.keys.TokenSigningKeys}) or a record
 * ({@link org.wellbeingpassport.keys.RecordSigner}); they never see key bytes. Wrapped resident data
 * keys are persisted through the {@link org.wellbeingpassport.keys.WrappedKeyStore} SPI.
 */
package org.wellbeingpassport.keys;
