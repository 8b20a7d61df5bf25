package org.wellbeingpassport.api.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

/**
 * Fuzzing what a token's payload becomes: any JSON claims set is either refused or accepted by the time and audience
 * rules and the caller rules, without an exception (an exception there would be a 500, or worse, a 401 that hides a
 * bug). Accepted claims always name this service in aud and carry exp and iat. Seeds: TokenClaimsFuzzTestInputs/.
 */
class TokenClaimsFuzzTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final TokenRules RULES = new TokenRules(new AuthSettings(), Clock.fixed(NOW, ZoneOffset.UTC));

    @FuzzTest(maxDuration = "60s")
    void payloads(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        // a token's payload as sent (base64url), or the JSON itself
        String json = text;
        if (!text.startsWith("{")) {
            try {
                json = new String(Base64.getUrlDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return;
            }
        }
        Map<String, Object> claims;
        try {
            claims = JWTClaimsSet.parse(json).getClaims();
        } catch (ParseException notClaims) {
            return;
        }
        boolean timely = RULES.check(claims::get).isEmpty();
        if (timely) {
            assertTrue(claims.get("exp") != null && claims.get("iat") != null && claims.get("aud") != null, json);
        }
        CallerClaims.toCaller(claims);
    }
}
