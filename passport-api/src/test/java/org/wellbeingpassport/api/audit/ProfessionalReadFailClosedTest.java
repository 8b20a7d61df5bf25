package org.wellbeingpassport.api.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.demo.DemoPeople;

/**
 * The consented read path with the audit log down: a link worker's read of Jean's passport is refused with 503 and
 * neither what she shared nor what was withheld from him appears; with the log up, the entry records the element
 * paths disclosed and withheld, never their values.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "passport.demo.enabled", value = "true")
class ProfessionalReadFailClosedTest {
    static final String JEAN_HEALTH = "Arthritis in my knees";
    static final String JEAN_GOAL = "Walk to the park and back without stopping";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    AuditLog log;
    @Inject
    AuditQueries queries;

    @AfterEach
    void restore() {
        log.simulateOutage(false);
    }

    Http as(String demoUser) {
        DemoPeople.Person p = DemoPeople.all().stream().filter(x -> x.key().equals(demoUser)).findFirst().orElseThrow();
        return new Http(server.getURI()).as(tokens.issue(DemoPeople.subject(p), Map.copyOf(p.claims())));
    }

    @Test
    void aReadIsRefusedWhenItsAuditEntryCannotBeStored() {
        Http sam = as("prac-sam-okoro");
        HttpResponse<String> served = sam.get("/passports/jean-whitfield?purpose=support-planning");
        assertEquals(200, served.statusCode(), served.body());
        assertTrue(served.body().contains(JEAN_GOAL));

        List<StoredEntry> entries = queries.search(AuditQuery.all().withResident("jean-whitfield")
                .withAction(AuditAction.READ).withActor("prac-sam-okoro"));
        assertFalse(entries.isEmpty(), "the served read was audited");
        AuditEntry e = entries.get(entries.size() - 1).entry();
        assertFalse(e.disclosedPaths().isEmpty(), "disclosed paths recorded");
        assertFalse(e.withheldPaths().isEmpty(), "withheld paths recorded");
        assertFalse(e.toString().contains(JEAN_HEALTH) || e.toString().contains(JEAN_GOAL), "values in the entry");

        log.simulateOutage(true);
        HttpResponse<String> refused = sam.get("/passports/jean-whitfield?purpose=support-planning");
        assertEquals(503, refused.statusCode(), refused.body());
        assertFalse(refused.body().contains(JEAN_GOAL), refused.body());
        assertFalse(refused.body().contains(JEAN_HEALTH), refused.body());
        assertFalse(refused.body().contains("Whitfield"), refused.body());
    }
}
