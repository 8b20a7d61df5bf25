package org.wellbeingpassport.api.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.wellbeingpassport.keys.KeyHierarchy;

/** Signs the tokens this service issues (ES256, the keystore's current token key, kid in the header). */
@Singleton
public final class ServiceTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyHierarchy keys;
    private final AuthSettings settings;
    private final Clock clock = Clock.systemUTC();

    public ServiceTokens(KeyHierarchy keys, AuthSettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    /** A token for a caller described by {@code claims} (see CallerClaims), valid for the configured lifetime. */
    public String issue(String subject, Map<String, Object> claims) {
        return issue(subject, claims, settings.getTokenLifetime());
    }

    public String issue(String subject, Map<String, Object> claims, Duration lifetime) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", settings.getIssuer());
        payload.put("sub", subject);
        payload.put("aud", settings.getAudiences().get(0));
        payload.put("iat", now);
        payload.put("nbf", now - 5);
        payload.put("exp", now + lifetime.toSeconds());
        payload.put("jti", UUID.randomUUID().toString());
        claims.forEach((k, v) -> {
            if (!TokenRules.REGISTERED.contains(k)) {
                payload.put(k, v);
            }
        });
        try {
            return keys.tokens().compactJws(JSON.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("claims must be JSON values", e);
        }
    }

    public String issuer() {
        return settings.getIssuer();
    }
}
