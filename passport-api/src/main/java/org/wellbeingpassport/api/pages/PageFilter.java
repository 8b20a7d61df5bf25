package org.wellbeingpassport.api.pages;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * On every page: a CSRF cookie when the browser has none, and the headers of a page: a Content-Security-Policy
 * with scripts from this site only (no inline script, no eval), no framing, nothing cached.
 */
@ServerFilter({"/app", "/app/**"})
public final class PageFilter {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";
    private final PageSessions sessions;

    public PageFilter(PageSessions sessions) {
        this.sessions = sessions;
    }

    @RequestFilter
    public void before(HttpRequest<?> request) {
        if (request.getCookies().findCookie(PageSessions.CSRF_COOKIE).isEmpty()) {
            request.setAttribute(PageSessions.NEW_CSRF_ATTRIBUTE, PageSessions.newSeed());
        }
    }

    @ResponseFilter
    public void after(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(PageSessions.NEW_CSRF_ATTRIBUTE, String.class)
                .ifPresent(seed -> response.cookie(sessions.csrfCookie(seed)));
        var h = response.getHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        // not no-referrer: with it Chrome sends "Origin: null" on the pages' own form posts, which Micronaut's
        // drive-by-localhost guard refuses (and which would defeat any origin check); same-origin sends nothing
        // to other sites
        h.set("Referrer-Policy", "same-origin");
        h.set("X-Frame-Options", "DENY");
        h.set("Cache-Control", "no-store");
    }
}
