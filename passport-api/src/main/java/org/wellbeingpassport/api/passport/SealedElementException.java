package org.wellbeingpassport.api.passport;

/** A stored ciphertext failed authentication: the record was altered at rest. Nothing of it is served. */
public final class SealedElementException extends RuntimeException {
    public SealedElementException(String message) {
        super(message, null, false, false);
    }
}
