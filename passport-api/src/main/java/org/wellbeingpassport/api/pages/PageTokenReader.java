package org.wellbeingpassport.api.pages;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Reads the session cookie, only on page routes (/app/...): the API outside them accepts bearer tokens only, so a
 * browser's cookie can never act on it.
 */
@Singleton
public final class PageTokenReader implements TokenReader<HttpRequest<?>> {
    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        String path = request.getPath();
        if (!path.equals("/app") && !path.startsWith("/app/")) {
            return Optional.empty();
        }
        return request.getCookies().findCookie(PageSessions.SESSION_COOKIE).map(Cookie::getValue)
                .filter(v -> !v.isBlank());
    }

    @Override
    public int getOrder() {
        return 100;
    }
}
