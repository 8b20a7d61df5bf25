package org.wellbeingpassport.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;

/**
 * Tokens kept after their first check (VerifiedTokens, ADR 0017) are accepted again only as long as a whole check
 * would accept them: a kept token stops at its expiry (with the configured skew, here 1 s), its signature is checked
 * again against its issuer's keys once the recheck period has passed (here 2 s; 5 minutes by default), so a
 * withdrawn key stops it exactly as before, and a token differing from a kept one in any character is checked whole.
 * Real ES256 tokens from the service's own key, over real HTTP ({@code GET /metrics} as ops).
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "passport.auth.clock-skew", value = "1s")
@Property(name = "passport.auth.signature-recheck", value = "2s")
class VerifiedTokensTest {
    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    IssuerSignatures signatures;
    @Inject
    VerifiedTokens verified;

    private int metricsWith(String token) {
        return new Http(server.getURI()).as(token).get("/metrics").statusCode();
    }

    private String ops(String subject, Duration lifetime) {
        return tokens.issue(subject, Map.of("wp_kind", "ops", "name", "On-call Engineer"), lifetime);
    }

    @Test
    void aKeptTokenIsRefusedOnceItHasExpired() throws Exception {
        assertEquals(200, metricsWith(ops("ops-warm-up", Duration.ofMinutes(5)))); // the first request is slow
        long issued = System.currentTimeMillis();
        String token = ops("ops-expiring", Duration.ofSeconds(6));
        assertEquals(200, metricsWith(token));
        assertEquals(200, metricsWith(token));
        assertTrue(verified.size() >= 1, "the token was kept");
        // exp is in whole seconds: 6 s of lifetime, 1 s of skew, and a second's margin
        Thread.sleep(Math.max(0, issued + 8_200 - System.currentTimeMillis()));
        assertEquals(401, metricsWith(token), "a kept token is refused once past its expiry and the skew");
    }

    @Test
    void aKeptTokensSignatureIsCheckedAgainAgainstTheIssuersKeysAfterTheRecheckPeriod() throws Exception {
        String token = ops("ops-rechecked", Duration.ofMinutes(5));
        assertEquals(200, metricsWith(token));
        long checked = signatures.checksMade();
        assertEquals(200, metricsWith(token));
        assertEquals(200, metricsWith(token));
        assertEquals(checked, signatures.checksMade(), "within the recheck period the kept token needs no check");
        Thread.sleep(2_300);
        assertEquals(200, metricsWith(token));
        assertEquals(checked + 1, signatures.checksMade(),
                "after it, the signature was checked again against the keys (a withdrawn key would refuse it here)");
    }

    @Test
    void aTokenDifferingFromAKeptOneInAnyCharacterIsCheckedWhole() {
        String token = ops("ops-tampered", Duration.ofMinutes(5));
        assertEquals(200, metricsWith(token));
        assertEquals(200, metricsWith(token));
        int sig = token.lastIndexOf('.') + 5;
        char c = token.charAt(sig);
        String otherSignature = token.substring(0, sig) + (c == 'A' ? 'B' : 'A') + token.substring(sig + 1);
        assertEquals(401, metricsWith(otherSignature));
        String[] parts = token.split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
                java.nio.charset.StandardCharsets.UTF_8).replace("\"ops\"", "\"admin\"");
        String otherClaims = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        assertEquals(401, metricsWith(otherClaims));
        assertEquals(200, metricsWith(token));
    }
}
