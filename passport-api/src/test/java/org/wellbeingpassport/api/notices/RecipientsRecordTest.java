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
import java.util.Map;
import java.util.Set;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.TrailOracle;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.store.MongoStore;

/**
 * Issue 18: who received something of a resident comes from their recipients' record (one document, by {@code _id}),
 * not from a search of the audit trail. On the demo, after reads by professionals, a carer and a share code, the
 * record of every resident the trail names gives what the old search gave ({@link TrailOracle}); and a consent change
 * (PUT /me/consent) sends no find or getMore to the audit blocks, counted by the driver's command listener (the
 * store's own metrics), while the old computation does. A resident who leaves leaves a tombstone (their id) only.
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
    @Inject
    MongoStore store;

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
            Document raw = store.database().getCollection("recipients").find(Filters.eq("_id", r)).first();
            if (raw != null && raw.containsKey("erased")) { // a resident another test erased: nothing kept
                assertEquals(Map.of(), ledger.recipients(r));
                continue;
            }
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

    @Test
    void aResidentWhoLeavesLeavesNoRecordBehind() {
        String gareth = "gareth-pryce";
        assertEquals(200,
                as("prac-cerys-morgan").get("/passports/" + gareth + "?purpose=support-planning").statusCode());
        assertTrue(ledger.recipients(gareth).containsKey("professional|prac-cerys-morgan"), "the reader is recorded");
        HttpResponse<String> gone = as(gareth).delete("/me/passport");
        assertEquals(204, gone.statusCode(), gone.body());
        assertEquals(Map.of(), ledger.recipients(gareth));
        Document raw = store.database().getCollection("recipients").find(Filters.eq("_id", gareth)).first();
        assertEquals(Set.of("_id", "erased"), raw.keySet(), "only the id and when: " + raw.toJson());
        assertEquals(null, store.database().getCollection("recipients_newest").find(Filters.eq("_id", gareth)).first(),
                "nor the newest receptions");
        HttpResponse<String> told = as("prac-cerys-morgan").get("/notifications");
        assertTrue(told.body().contains("resident-erased"), "the reader was told first: " + told.body());
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
