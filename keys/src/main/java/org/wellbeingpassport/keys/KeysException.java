package org.wellbeingpassport.keys;

/**
 * Base of every failure raised by the keys module. Messages never contain key material, plaintext or
 * passphrases.
 */
public class KeysException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeysException(String message) {
        super(message);
    }

    public KeysException(String message, Throwable cause) {
        super(message, cause);
    }
}
