package org.wellbeingpassport.api.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.store.MongoStore;

@MicronautTest
class HealthTest {
    @Inject
    EmbeddedServer server;
    @Inject
    MongoStore store;

    @Test
    void healthReportsTheStoreInUse() {
        HttpResponse<String> r = new Http(server.getURI()).get("/health");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"status\":\"UP\""), r.body());
        assertTrue(r.body().contains("\"backend\":\"" + store.backend().name() + "\""), r.body());
    }

    @Inject
    org.wellbeingpassport.api.audit.AuditLog audit;

    @Test
    void healthIsDownWithTheReasonWhileAuditedRequestsCannotBeServed() {
        org.wellbeingpassport.api.audit.AuditOutage.set(audit, true);
        try {
            HttpResponse<String> r = new Http(server.getURI()).get("/health");
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"audit\":{\"status\":\"DOWN\",\"reason\":\"the audit store is unreachable"),
                    r.body());
        } finally {
            org.wellbeingpassport.api.audit.AuditOutage.set(audit, false);
        }
        HttpResponse<String> again = new Http(server.getURI()).get("/health");
        assertEquals(200, again.statusCode(), again.body());
    }

    @Test
    void errorsOutsideFhirAreProblemJson() {
        HttpResponse<String> r = new Http(server.getURI()).get("/no-such-page");
        assertEquals(404, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
        assertTrue(r.body().contains("\"status\":404"), r.body());
    }
}
