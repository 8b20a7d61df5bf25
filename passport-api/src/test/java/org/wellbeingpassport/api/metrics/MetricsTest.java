package org.wellbeingpassport.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/** GET /metrics: Prometheus text for auditors and ops, 401/403 for everyone else; routes by template, no values. */
@MicronautTest
class MetricsTest {
    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;

    Http http() {
        return new Http(server.getURI());
    }

    @Test
    void onlyAuditorsAndOpsReadTheMetrics() {
        TestTokens t = new TestTokens(tokens);
        assertEquals(401, http().get("/metrics").statusCode());
        assertEquals(401, http().as("not.a.token").get("/metrics").statusCode());
        assertEquals(403, http().as(t.resident("resident:m-1", "Mo Metrics")).get("/metrics").statusCode());
        assertEquals(403, http().as(t.admin()).get("/metrics").statusCode());
        assertEquals(403, http().as(
                t.professional("prac-m", "Pat", ProfessionalRole.GP, "org-m", "Practice", OrganisationType.GP_PRACTICE))
                .get("/metrics").statusCode());
        HttpResponse<String> auditor = http().as(t.auditor()).get("/metrics");
        assertEquals(200, auditor.statusCode());
        assertTrue(auditor.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                auditor.headers().toString());
        String ops = tokens.issue("ops-1", Map.of("wp_kind", "ops", "name", "On-call Engineer"));
        assertEquals(200, http().as(ops).get("/metrics").statusCode());
        // ops sees no one's record
        assertEquals(403, http().as(ops).get("/audit/events").statusCode());
        assertEquals(403, http().as(ops).get("/me/consent").statusCode());
    }

    @Test
    void requestsAuditEntriesStoreAndCachesAreMeasuredWithoutValues() {
        TestTokens t = new TestTokens(tokens);
        String secretId = "resident-id-that-must-not-appear-7781";
        http().get("/health");
        assertEquals(201, http().as(t.demo(Fixtures.GP_SYSTEM)).post("/fhir/Patient", Fixtures.amara()).statusCode());
        http().as(t.professional("prac-m2", "Pat", ProfessionalRole.GP, "org-m", "Practice",
                OrganisationType.GP_PRACTICE)).get("/passports/" + secretId + "?purpose=direct-care");
        http().get("/no-such-route-" + secretId);
        String body = http().as(t.auditor()).get("/metrics").body();
        assertTrue(body.contains("passport_http_requests_seconds_count{method=\"GET\",route=\"/health\""), body);
        assertTrue(body.contains("route=\"/passports/{residentId}\""), "routes by template");
        assertTrue(body.contains("route=\"unmatched\""), "unmatched requests counted without their path");
        assertTrue(body.contains("passport_audit_entries_total{action="), "audit entries (consent decisions)");
        assertTrue(body.contains("outcome=\"denied\""), "refusals counted");
        assertTrue(body.contains("passport_audit_lag_seconds_count"), "audit lag");
        assertTrue(body.contains("passport_audit_block_entries_count"), "entries per audit block");
        assertTrue(body.contains("passport_audit_failures_total"), "audit failures");
        assertTrue(body.contains("mongodb_driver_commands_seconds_count"), "store timings");
        assertTrue(body.contains("cache_gets_total{cache=\"token_signatures\""), "cache hits and misses");
        assertFalse(body.contains(secretId), "no id from a path");
        assertFalse(body.contains("9434765919") || body.contains("Okafor"), "no value from a body");
    }

    @Test
    void keptTimersCountEveryRequest() {
        TestTokens t = new TestTokens(tokens);
        http().get("/health");
        double before = healthCount(http().as(t.auditor()).get("/metrics").body());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, http().get("/health").statusCode());
        }
        double after = healthCount(http().as(t.auditor()).get("/metrics").body());
        assertEquals(before + 3, after, "the timer built for the first /health request counts the next three");
    }

    /** The count of GET /health answered 200, from Prometheus text. */
    private static double healthCount(String body) {
        for (String line : body.split("\n")) {
            if (line.startsWith("passport_http_requests_seconds_count{") && line.contains("method=\"GET\"")
                    && line.contains("route=\"/health\"") && line.contains("status=\"200\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no count for GET /health 200 in\n" + body);
    }
}
