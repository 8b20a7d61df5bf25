package org.wellbeingpassport.api.pages;

/** A page that needs a signed-in person was asked for without one: the person is sent to sign in. */
public final class SignInRequired extends RuntimeException {
    public SignInRequired() {
        super("sign in", null, false, false);
    }
}
