package org.wellbeingpassport.api.auth;

import io.micronaut.security.authentication.Authentication;
import java.util.HashMap;
import java.util.Map;

/** The caller behind an authenticated request. */
public final class Callers {
    private Callers() {
    }

    public static Caller of(Authentication authentication) {
        Map<String, Object> claims = new HashMap<>(authentication.getAttributes());
        claims.putIfAbsent("sub", authentication.getName());
        return CallerClaims.toCaller(claims)
                .orElseThrow(() -> new IllegalStateException("an accepted token must describe a caller"));
    }
}
