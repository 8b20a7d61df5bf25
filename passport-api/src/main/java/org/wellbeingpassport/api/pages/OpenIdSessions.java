package org.wellbeingpassport.api.pages;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.handlers.RedirectingLoginHandler;
import jakarta.inject.Singleton;
import org.wellbeingpassport.api.auth.AuthSettings;
import org.wellbeingpassport.api.auth.ServiceTokens;

/**
 * The end of an OpenID Connect sign-in: the same page session as the demo's sign-in (this service's own signed
 * token in the HttpOnly, Secure, SameSite=Lax cookie on /app, and a new CSRF seed), carrying the caller
 * {@link OpenIdCallers} read from the ID token. A failed sign-in goes back to the sign-in page, which says so.
 */
@Singleton
public final class OpenIdSessions implements RedirectingLoginHandler<HttpRequest<?>, MutableHttpResponse<?>> {
    static final String FAILED = "/app/sign-in?failed=1";
    private final PageSessions sessions;
    private final ServiceTokens tokens;
    private final AuthSettings auth;

    public OpenIdSessions(PageSessions sessions, ServiceTokens tokens, AuthSettings auth) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.auth = auth;
    }

    @Override
    public MutableHttpResponse<?> loginSuccess(Authentication authentication, HttpRequest<?> request) {
        String token = tokens.issue(authentication.getName(), authentication.getAttributes());
        return Pages.seeOther("/app").cookie(sessions.sessionCookie(token, auth.getTokenLifetime()))
                .cookie(sessions.csrfCookie(PageSessions.newSeed()));
    }

    @Override
    public MutableHttpResponse<?> loginRefresh(Authentication authentication, String refreshToken,
            HttpRequest<?> request) {
        return Pages.seeOther(FAILED);
    }

    @Override
    public MutableHttpResponse<?> loginFailed(AuthenticationResponse authenticationResponse, HttpRequest<?> request) {
        return Pages.seeOther(FAILED);
    }
}
