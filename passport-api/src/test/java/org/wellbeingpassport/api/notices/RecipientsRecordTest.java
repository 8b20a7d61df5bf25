package org.wellbeingpassport.api.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.TrailOracle;
import org.wellbeingpassport.api.auth.ServiceTokens;

/**
 * Issue 18: who received something of a resident comes from their recipients' record (one document, by {@code _id}),
 * not from a search of the audit trail. On the demo, after reads by professionals, a carer and a share code, the
 * record of every resident the trail names gives what the old search gave ({@link TrailOracle}); and a consent change
 * (PUT /me/consent) sends no find or getMore to the audit blocks, counted by the driver's command listener (the
 * store's own metrics), while the old computation does.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "passport.demo.enabled", value = "true")
class RecipientsRecordTest {
    static final String JEAN = "jean-whitfield";
    static final String IKENNA = "ikenna-eze";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    Ledger ledger;
    @Inject
    AuditQueries audit;

    Http as(String demoUser) {
        return new Http(server.getURI()).as(new TestTokens(tokens).demo(demoUser));
    }

    private void someoneReads() {
        assertEquals(200, as("prac-sam-okoro").get("/passports/" + JEAN + "?purpose=support-planning").statusCode());
        assertEquals(200, as("grace-eze").get("/passports/" + IKENNA + "?purpose=care-coordination").statusCode());
    }

    @Test
    void theDemosRecordsGiveWhatTheTrailGives() {
        someoneReads();
        int recipients = 0;
        Set<String> residents = TrailOracle.residents(audit);
        for (String r : residents) {
            assertEquals(TrailOracle.recipients(audit, r), ledger.recipients(r), "recipients of " + r);
            assertEquals(TrailOracle.firstReceived(audit, r), ledger.record(r).firstReceived(), "elements of " + r);
            recipients += ledger.recipients(r).size();
        }
        assertTrue(residents.contains(JEAN) && recipients >= 2, residents + ": " + recipients);
    }

    @Test
    void aConsentChangeReadsNoAuditBlock() {
        someoneReads();
        Http jean = as(JEAN);
        HttpResponse<String> consent = jean.get("/me/consent");
        assertEquals(200, consent.statusCode(), consent.body());
        String etag = consent.headers().firstValue("ETag").orElseThrow();

        long before = auditBlockReads();
        HttpResponse<String> put = jean.put("/me/consent", consent.body(), "Content-Type", "application/fhir+json",
                "If-Match", etag);
        assertEquals(200, put.statusCode(), put.body());
        long during = auditBlockReads() - before;
        assertEquals(0, during, "finds or getMores on audit_blocks during a consent change");

        // the listener sees the old way: a search of the trail for the resident's recipients
        long old = auditBlockReads();
        assertTrue(!TrailOracle.recipients(audit, JEAN).isEmpty());
        assertTrue(auditBlockReads() - old >= 1, "the old computation reads audit blocks");
    }

    /** Commands that read audit blocks (find, getMore, aggregate), as the driver's command listener timed them. */
    private static long auditBlockReads() {
        long n = 0;
        for (Timer t : Metrics.globalRegistry.find("mongodb.driver.commands").tag("collection", "audit_blocks")
                .timers()) {
            String command = t.getId().getTag("command");
            if (Set.of("find", "getMore", "aggregate").contains(command)) {
                n += t.count();
            }
        }
        return n;
    }
}
