package org.wellbeingpassport.keys;

/**
 * A token did not decrypt: it is malformed, was altered, or belongs to another resident, record or
 * element. Never returns garbage plaintext instead.
 */
public class DecryptionFailedException extends KeysException {
    private static final long serialVersionUID = 1L;

    public DecryptionFailedException(String message) {
        super(message);
    }
}
