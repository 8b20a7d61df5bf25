package org.wellbeingpassport.keys;

/** The token was encrypted under a data key that has since been retired, so it no longer decrypts. */
public class KeyRetiredException extends KeysException {
    private static final long serialVersionUID = 1L;

    public KeyRetiredException(String message) {
        super(message);
    }
}
