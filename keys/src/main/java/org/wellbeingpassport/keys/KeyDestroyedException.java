package org.wellbeingpassport.keys;

/**
 * The resident's data keys were destroyed (the resident was erased), so nothing encrypted for them can
 * be read again. passport-api renders this as "this element was erased".
 */
public class KeyDestroyedException extends KeysException {
    private static final long serialVersionUID = 1L;

    public KeyDestroyedException(String message) {
        super(message);
    }
}
