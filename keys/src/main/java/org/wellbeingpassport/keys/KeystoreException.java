package org.wellbeingpassport.keys;

/** The keystore could not be opened or written (wrong passphrase, corrupt or missing file, bad key). */
public class KeystoreException extends KeysException {
    private static final long serialVersionUID = 1L;

    public KeystoreException(String message) {
        super(message);
    }

    public KeystoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
