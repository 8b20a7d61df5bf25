package org.wellbeingpassport.api.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.PassportImporter;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.hl7.fhir.r4.model.Bundle;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;

/** The audit endpoints over real HTTP with real signed tokens: who may call what, and what they get. */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
class AuditHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens service;
    @Inject
    ResidentAccounts accounts;
    @Inject
    AuditLog log;
    @Inject
    PassportImporter importer;

    @AfterEach
    void restore() {
        log.simulateOutage(false);
    }

    private String newResident(TestTokens tokens, String[] subjectOut) {
        String rid = "audit-http-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        String subject = "resident:" + rid;
        String token = tokens.resident(subject, "Amara Okafor");
        // the account id is issuer|subject: read it back from who the token says the caller is
        subjectOut[0] = subject;
        return rid + "|" + token;
    }

    @Test
    void residentsSeeTheirOwnHistoryInPlainLanguageAndAuditorsSeeTheTrail() throws Exception {
        TestTokens tokens = new TestTokens(service);
        Http http = new Http(server.getURI());
        String[] subject = new String[1];
        String[] parts = newResident(tokens, subject).split("\\|", 2);
        String rid = parts[0];
        String residentToken = parts[1];
        assertTrue(linkAccount(http, residentToken, rid), "could not link the resident's sign-in");
        log.record(AuditFixture.read(rid, 4));
        String bgId = log
                .record(AuditEntry.builder(AuditAction.BREAK_GLASS, AuditOutcome.SUCCESS, AuditViewsTest.SAFEGUARDING)
                        .at(Instant.parse("2026-03-05T23:40:00Z")).resident(rid)
                        .disclosed(List.of("Composition.section[communication]")).purpose("safeguarding")
                        .basis("break-glass").breakGlass(true).reason("Concern raised at discharge").build())
                .entryId();

        // the resident
        HttpResponse<String> mine = http.as(residentToken).get("/me/access-history");
        assertEquals(200, mine.statusCode(), mine.body());
        JsonNode items = JSON.readTree(mine.body()).path("items");
        assertEquals(2, items.size(), mine.body());
        assertTrue(mine.body()
                .contains("Sam Patel, social prescribing link worker at Riverside Practice, saw your"
                        + " goals and aspirations and how to communicate with you on 4 March 2026 at 10:12 for support"
                        + " planning, because you allowed it."),
                mine.body());
        assertTrue(mine.body().contains("Concern raised at discharge"), mine.body());
        assertFalse(mine.body().contains("trauma-detail"), "paths leak into the resident view");
        assertEquals(401, http.get("/me/access-history").statusCode());

        // auditors only
        assertEquals(403, http.as(residentToken).get("/audit/events").statusCode());
        Http auditor = http.as(tokens.auditor());
        HttpResponse<String> events = auditor.get("/audit/events?resident=" + rid);
        assertEquals(200, events.statusCode(), events.body());
        JsonNode bundle = JSON.readTree(events.body());
        assertEquals("Bundle", bundle.path("resourceType").asText());
        // the two entries, the resident's own look at her history (a listing, recorded by the gate before it was
        // answered) and the auditor's own query, recorded before it was answered
        assertEquals(4, bundle.path("total").asInt(), events.body());
        assertEquals("AuditEvent", bundle.path("entry").get(0).path("resource").path("resourceType").asText());
        assertEquals("listing",
                bundle.path("entry").get(2).path("resource").path("subtype").get(0).path("code").asText());
        assertEquals("audit-query",
                bundle.path("entry").get(3).path("resource").path("subtype").get(0).path("code").asText());

        HttpResponse<String> queue = auditor.get("/audit/break-glass?pending=true");
        assertEquals(200, queue.statusCode(), queue.body());
        assertTrue(queue.body().contains(bgId), queue.body());
        HttpResponse<String> reviewed = auditor.post("/audit/break-glass/" + bgId + "/review",
                "{\"disposition\":\"APPROPRIATE\",\"note\":\"Discharge concern documented.\"}", "Content-Type",
                "application/json");
        assertEquals(201, reviewed.statusCode(), reviewed.body());
        HttpResponse<String> again = auditor.post("/audit/break-glass/" + bgId + "/review",
                "{\"disposition\":\"INAPPROPRIATE\",\"note\":\"x\"}", "Content-Type", "application/json");
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.headers().firstValue("Content-Type").orElse("").contains("problem+json"));

        HttpResponse<String> export = auditor.get("/audit/export?resident=" + rid);
        assertEquals(200, export.statusCode(), export.body());
        String[] lines = export.body().strip().split("\n");
        assertTrue(lines.length >= 2, export.body());
        for (String l : lines) {
            assertEquals("AuditEvent", JSON.readTree(l).path("resourceType").asText());
        }

        HttpResponse<String> verify = auditor.get("/audit/verify");
        assertEquals(200, verify.statusCode(), verify.body());
        assertTrue(JSON.readTree(verify.body()).path("valid").asBoolean(), verify.body());

        HttpResponse<String> unusual = auditor.get("/audit/unusual");
        assertEquals(200, unusual.statusCode(), unusual.body());
        assertTrue(unusual.body().contains("ODD_HOURS"), unusual.body());
    }

    @Test
    void whenTheAuditLogIsDownTheResidentsOwnReadIsRefusedAndNothingIsDisclosed() throws Exception {
        TestTokens tokens = new TestTokens(service);
        Http http = new Http(server.getURI());
        String[] subject = new String[1];
        String[] parts = newResident(tokens, subject).split("\\|", 2);
        String rid = parts[0];
        String residentToken = parts[1];
        assertTrue(linkAccount(http, residentToken, rid));
        log.simulateOutage(true);
        // the resident's look at her own history is recorded first (issue 11: every route through the gate), so it
        // too is refused while the audit store is down, and says nothing of the record
        HttpResponse<String> refused = http.as(residentToken).get("/me/access-history");
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
        assertFalse(refused.body().contains("items"), refused.body());
        HttpResponse<String> auditorRead = http.as(tokens.auditor()).get("/audit/events?resident=" + rid);
        assertEquals(503, auditorRead.statusCode(), auditorRead.body());
        assertTrue(auditorRead.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
        assertFalse(auditorRead.body().contains("AuditEvent"), auditorRead.body());
        assertFalse(auditorRead.body().contains(rid), auditorRead.body());
    }

    @Test
    void theResidentsOwnPassportReadIsRefusedWhenTheAuditLogIsDownAndNothingIsDisclosed() throws Exception {
        TestTokens tokens = new TestTokens(service);
        Http http = new Http(server.getURI());
        String rid = "audit-failclosed-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        List<ObjectNode> resources = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : ExamplePassports.named("jean-whitfield").passport().getEntry()) {
            resources.add(Fhir.tree(e.getResource()));
        }
        assertTrue(importer.importPassport(rid, resources, List.of()));
        String token = tokens.resident("resident:" + rid, "Jean Whitfield");
        assertTrue(linkAccount(http, token, rid));

        HttpResponse<String> served = http.as(token).get("/me/passport");
        assertEquals(200, served.statusCode(), served.body());
        assertTrue(served.body().contains("Birkenhead Park"), "the story is served when audit works");

        log.simulateOutage(true);
        HttpResponse<String> refused = http.as(token).get("/me/passport");
        assertEquals(503, refused.statusCode(), refused.body());
        assertFalse(refused.body().contains("Birkenhead"), refused.body());
        assertFalse(refused.body().contains("Whitfield"), refused.body());
        assertFalse(refused.body().contains("\"entry\""), refused.body());
    }

    /** Links the resident's sign-in to a passport id, as registration does. */
    private boolean linkAccount(Http http, String token, String rid) throws Exception {
        HttpResponse<String> who = http.as(token).get("/me/access-history");
        // before linking, the resident has no passport: the one 404
        assertEquals(404, who.statusCode(), who.body());
        String account = service.issuer() + "|resident:" + rid;
        return accounts.link(account, rid);
    }
}
