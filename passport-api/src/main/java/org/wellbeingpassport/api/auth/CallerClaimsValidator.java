package org.wellbeingpassport.api.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/** A token is accepted only when its claims describe a complete caller with known codes (see CallerClaims). */
@Singleton
public final class CallerClaimsValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {
    @Override
    public boolean validate(Claims claims, @Nullable HttpRequest<?> request) {
        Map<String, Object> map = new HashMap<>();
        for (String name : claims.names()) {
            map.put(name, claims.get(name));
        }
        return CallerClaims.toCaller(map).isPresent();
    }
}
