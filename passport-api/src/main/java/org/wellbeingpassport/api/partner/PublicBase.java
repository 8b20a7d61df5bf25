package org.wellbeingpassport.api.partner;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The base URL callers reach this service at: {@code passport.public-url} when set (behind a proxy or TLS
 * terminator), else {@code http://} and the request's own Host header (checked to be a host name and port, nothing
 * else). FHIR {@code fullUrl}s, {@code Location}s, paging links and the SMART endpoints all come from it.
 */
@Singleton
public final class PublicBase {
    private final Optional<String> configured;

    public PublicBase(@Value("${passport.public-url:}") String configured) {
        String c = configured == null ? "" : configured.trim();
        while (c.endsWith("/")) {
            c = c.substring(0, c.length() - 1);
        }
        this.configured = c.isEmpty() ? Optional.empty() : Optional.of(c);
    }

    /** The service's base, e.g. http://localhost:8080 (no trailing slash). */
    public String of(HttpRequest<?> request) {
        if (configured.isPresent()) {
            return configured.get();
        }
        String host = request.getHeaders().get("Host");
        if (host == null || !host.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?")) {
            host = "localhost";
        }
        return "http://" + host;
    }

    /** The FHIR base: {@link #of} + /fhir. */
    public String fhir(HttpRequest<?> request) {
        return of(request) + "/fhir";
    }

    /** The token endpoint partners send their client assertions to (and name as the assertion's aud). */
    public String tokenEndpoint(HttpRequest<?> request) {
        return of(request) + SmartController.TOKEN_PATH;
    }
}
