package org.wellbeingpassport.api.pages;

/** A page request refused: a form without a valid CSRF token, or a page of another kind of user. */
public final class PageForbidden extends RuntimeException {
    public PageForbidden() {
        super("refused", null, false, false);
    }
}
