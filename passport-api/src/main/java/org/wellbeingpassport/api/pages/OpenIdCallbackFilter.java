package org.wellbeingpassport.api.pages;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * A sign-in refused anywhere in Micronaut's callback (no ID token that passes {@link OpenIdTokens}, an error from the
 * provider) ends as a bare 4xx there; a person in a browser is sent back to the sign-in page, which says it did not
 * work. Nothing else of the response is kept, so no session cookie is ever set by a refused sign-in.
 */
@ServerFilter("/oauth/callback/**")
public final class OpenIdCallbackFilter {
    @ResponseFilter
    public MutableHttpResponse<?> after(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.getStatus().getCode() >= 400) {
            return Pages.seeOther(OpenIdSessions.FAILED);
        }
        return response;
    }
}
