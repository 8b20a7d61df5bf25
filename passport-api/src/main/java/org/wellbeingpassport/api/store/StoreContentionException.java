package org.wellbeingpassport.api.store;

/** The store could not complete a write because of sustained contention; the client may retry. */
public final class StoreContentionException extends RuntimeException {
    public StoreContentionException(String message) {
        super(message);
    }
}
