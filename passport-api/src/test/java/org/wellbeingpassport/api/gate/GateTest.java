package org.wellbeingpassport.api.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditLog;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditOutage;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.audit.StoredEntry;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.api.passport.IdentifierIndex;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * Issue 11's findings 1, 2, 5, 6 and 7, each against the running service: every disclosure and every change of a
 * resident's data passes through the gate (consent, purpose, audit entry first), provenance comes from the caller,
 * the audit entry never overstates what was seen, and with the audit store down nothing changes.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "passport.demo.enabled", value = "true")
class GateTest {
    static final String JEAN = "jean-whitfield";
    static final String NASREEN = "nasreen-akhtar";
    static final String GP_SYSTEM = "system-leasowe-gp";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    AuditLog log;
    @Inject
    AuditQueries queries;
    @Inject
    PassportStore store;
    @Inject
    IdentifierIndex identifiers;
    @Inject
    DirectiveStore directives;

    @AfterEach
    void restore() {
        AuditOutage.set(log, false);
    }

    Http as(String demoUser) {
        return new Http(server.getURI()).as(new TestTokens(tokens).demo(demoUser));
    }

    // Finding 1: /fhir/Patient/{id} through consent, purpose and audit

    @Test
    void aPartnerSystemNasreenSharedNothingWithGetsTheSame404AsNotThere() {
        Http gp = as(GP_SYSTEM);
        HttpResponse<String> hers = gp.get("/fhir/Patient/" + NASREEN + "?purpose=direct-care");
        HttpResponse<String> nobody = gp.get("/fhir/Patient/no-such-person?purpose=direct-care");
        assertEquals(404, hers.statusCode(), hers.body());
        assertEquals(404, nobody.statusCode(), nobody.body());
        assertEquals(hers.body().replace(NASREEN, "X"), nobody.body().replace("no-such-person", "X"),
                "not yours and not there must read the same");
        assertFalse(hers.body().contains("Akhtar"), hers.body());
        assertEquals(404, gp.get("/passports/" + NASREEN + "?purpose=direct-care").statusCode());
        assertEquals(404, gp.get("/fhir/Patient/" + NASREEN + "/_history?purpose=direct-care").statusCode());
        assertEquals(404, gp.get("/fhir/Patient/" + NASREEN + "/_history/1?purpose=direct-care").statusCode());

        String before = store.read(NASREEN, "Patient", NASREEN).orElseThrow().json();
        HttpResponse<String> put = gp.put("/fhir/Patient/" + NASREEN + "?purpose=direct-care",
                "{\"resourceType\":\"Patient\",\"id\":\"" + NASREEN + "\",\"name\":[{\"family\":\"Changed\"}]}",
                "Content-Type", "application/fhir+json", "If-Match", "W/\"1\"");
        assertEquals(404, put.statusCode(), put.body());
        assertEquals(before, store.read(NASREEN, "Patient", NASREEN).orElseThrow().json(), "nothing changed");

        List<StoredEntry> reads = queries
                .search(AuditQuery.all().withResident(NASREEN).withActor(GP_SYSTEM).withAction(AuditAction.READ));
        assertFalse(reads.isEmpty(), "the refused reads are in her audit trail");
        assertTrue(reads.stream().allMatch(s -> s.entry().outcome() == AuditOutcome.DENIED));
        assertTrue(reads.stream().allMatch(s -> s.entry().disclosedPaths().isEmpty()));
    }

    @Test
    void aPurposeIsRequiredAndAdminIsNotAReader() {
        HttpResponse<String> none = as(GP_SYSTEM).get("/fhir/Patient/" + JEAN);
        assertEquals(400, none.statusCode(), none.body());
        assertTrue(none.body().contains("OperationOutcome") && none.body().contains("purpose"), none.body());
        assertEquals(403, as("admin").get("/fhir/Patient/" + JEAN + "?purpose=direct-care").statusCode());
        assertEquals(403, as("admin").get("/passports/" + JEAN + "?purpose=direct-care").statusCode());
    }

    @Test
    void aPartnerJeanSharedWithReadsAndUpdatesHerPatientKeepingHerAuthorshipAndSheIsTold() {
        // Jean shares everything with her GP practice's system for direct care
        var current = directives.current(JEAN);
        var provisions = new java.util.ArrayList<>(current.provisions());
        provisions.add(org.wellbeingpassport.consent.Provision.permit("gp-system")
                .to(org.wellbeingpassport.consent.Recipient.system(GP_SYSTEM, "Leasowe Lane GP system"))
                .covering(org.wellbeingpassport.consent.Scope.everything())
                .forPurposes(org.wellbeingpassport.consent.vocabulary.Purpose.DIRECT_CARE)
                .grantedAt(java.time.Instant.now().minusSeconds(60)).build());
        assertTrue(directives.save(JEAN, java.util.OptionalLong.of(current.version()),
                provisions) instanceof DirectiveStore.Saved.Written);
        Http gp = as(GP_SYSTEM);
        HttpResponse<String> read = gp.get("/fhir/Patient/" + JEAN + "?purpose=direct-care");
        assertEquals(200, read.statusCode(), read.body());
        JsonNode patient = Fhir.tree(read.body());
        assertEquals("resident-entered", origin(patient));
        String etag = read.headers().firstValue("ETag").orElseThrow();
        StoredEntry audited = last(JEAN, GP_SYSTEM, AuditAction.READ);
        assertEquals(AuditOutcome.SUCCESS, audited.entry().outcome());
        assertEquals(List.of("Patient/" + JEAN), audited.entry().resources());

        com.fasterxml.jackson.databind.node.ObjectNode changed = (com.fasterxml.jackson.databind.node.ObjectNode) patient
                .deepCopy();
        changed.remove("meta");
        changed.putObject("meta").putArray("tag").addObject().put("system", CodeSystems.ORIGIN).put("code",
                "statutory-gateway");
        changed.withArray("telecom").addObject().put("system", "email").put("value", "jean@example.org");
        HttpResponse<String> put = gp.put("/fhir/Patient/" + JEAN + "?purpose=direct-care", Fhir.write(changed),
                "Content-Type", "application/fhir+json", "If-Match", etag);
        assertEquals(200, put.statusCode(), put.body() + " withheld on read: " + audited.entry().withheldPaths());
        StoredResource stored = store.read(JEAN, "Patient", JEAN).orElseThrow();
        JsonNode now = Fhir.tree(stored.json());
        assertEquals("resident-entered", origin(now), "the resident's authorship stays; the body cannot set it");
        assertTrue(stored.json().contains("jean@example.org"));
        StoredEntry update = last(JEAN, GP_SYSTEM, AuditAction.UPDATE);
        assertEquals(List.of("Patient/" + JEAN), update.entry().resources());
        assertEquals("direct-care", update.entry().purpose().orElseThrow());
        JsonNode notices = Fhir.tree(as(JEAN).get("/me/notifications").body()).path("notifications");
        assertEquals("record-changed", notices.path(0).path("kind").asText(), notices.toString());
    }

    // Finding 2: no duplicate registrations; If-None-Exist; NHS number check digit

    @Test
    void aSecondRegistrationOfAnNhsNumberIsRefusedAndIfNoneExistGivesTheExistingOne() {
        Http gp = as(GP_SYSTEM);
        String nhs = identifierOf(NASREEN);
        String before = identifiers.lookup(nhs).orElseThrow().residentId();
        String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + CodeSystems.NHS_NUMBER
                + "\",\"value\":\"" + nhs + "\"}],\"name\":[{\"family\":\"Akhtar\"}]}";
        HttpResponse<String> dup = gp.post("/fhir/Patient", body, "Content-Type", "application/fhir+json");
        assertEquals(409, dup.statusCode(), dup.body());
        assertTrue(dup.body().contains("OperationOutcome"), dup.body());
        HttpResponse<String> existing = gp.post("/fhir/Patient", body, "Content-Type", "application/fhir+json",
                "If-None-Exist", "identifier=" + CodeSystems.NHS_NUMBER + "|" + nhs);
        assertEquals(200, existing.statusCode(), existing.body());
        assertTrue(existing.headers().firstValue("Location").orElseThrow().contains("/Patient/" + NASREEN + "/"));
        assertFalse(existing.body().contains("Akhtar"), "the existing record is named, not shown");
        assertEquals(before, identifiers.lookup(nhs).orElseThrow().residentId(), "the index still leads to her");
        assertEquals(NASREEN, before);
    }

    @Test
    void anNhsNumberFailingItsCheckDigitIsA422NamingThePath() {
        String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + CodeSystems.NHS_NUMBER
                + "\",\"value\":\"9434765918\"}],\"name\":[{\"family\":\"Example\"}]}";
        HttpResponse<String> r = as(GP_SYSTEM).post("/fhir/Patient", body, "Content-Type", "application/fhir+json");
        assertEquals(422, r.statusCode(), r.body());
        JsonNode outcome = Fhir.tree(r.body());
        assertEquals("OperationOutcome", outcome.path("resourceType").asText());
        assertTrue(outcome.toString().contains("identifier"), outcome.toString());
    }

    // Finding 5: provenance from the caller, never the body

    @Test
    void aResidentCannotTagTheirEntryAsAProfessionalsOrAsReceivedFromDwp() {
        String goal = """
                {"resourceType":"Goal","id":"gate-provenance-goal","lifecycleStatus":"active",
                 "meta":{"tag":[{"system":"%s","code":"professional-entered"}],
                         "security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"NORDSCLCD"}]},
                 "description":{"text":"Cook a meal for my sister"},
                 "subject":{"reference":"Patient/jean-whitfield"}}
                """.formatted(CodeSystems.ORIGIN);
        HttpResponse<String> r = as(JEAN).put("/me/passport/Goal/gate-provenance-goal", goal, "Content-Type",
                "application/fhir+json");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode stored = Fhir.tree(store.read(JEAN, "Goal", "gate-provenance-goal").orElseThrow().json());
        assertEquals("resident-entered", origin(stored));
        assertFalse(stored.toString().contains("NORDSCLCD"), "no statutory-gateway claim from a body");
    }

    // Finding 6: the audit entry never overstates what was seen

    @Test
    void aReadsEntryListsAsDisclosedOnlyWhatWasSentAndNothingWithheld() {
        HttpResponse<String> r = as("prac-sam-okoro").get("/passports/" + JEAN + "?purpose=support-planning");
        assertEquals(200, r.statusCode());
        AuditEntry e = last(JEAN, "prac-sam-okoro", AuditAction.READ).entry();
        Set<String> both = new HashSet<>(e.disclosedPaths());
        both.retainAll(e.withheldPaths());
        assertTrue(both.isEmpty(), "disclosed and withheld overlap: " + both);
        for (String d : e.disclosedPaths()) {
            if (d.startsWith("Composition.section[")) {
                String code = d.substring("Composition.section[".length(), d.indexOf(']'));
                assertTrue(r.body().contains("\"code\":\"" + code + "\""), d + " listed but not sent");
            }
        }
        assertFalse(e.disclosedPaths().contains("Composition.section[health-and-wellbeing]"),
                "Sam does not see her health: " + e.disclosedPaths());
    }

    // Finding 7 and the fail-closed acceptance: record first; audit down means 503 and nothing changes

    @Test
    void withTheAuditStoreDownAResidentWriteIsRefusedAndNothingChanges() {
        PassportStore.Version before = store.version(JEAN).orElseThrow();
        AuditOutage.set(log, true);
        HttpResponse<String> r = as(JEAN).put("/me/passport/Goal/gate-outage-goal", """
                {"resourceType":"Goal","id":"gate-outage-goal","lifecycleStatus":"active",
                 "description":{"text":"Walk to the shop"},"subject":{"reference":"Patient/jean-whitfield"}}
                """, "Content-Type", "application/fhir+json");
        assertEquals(503, r.statusCode(), r.body());
        AuditOutage.set(log, false);
        assertTrue(store.read(JEAN, "Goal", "gate-outage-goal").isEmpty(), "written without an audit entry");
        assertEquals(before, store.version(JEAN).orElseThrow());
    }

    @Test
    void withTheAuditStoreDownAConsentChangeIsRefusedAndNothingChanges() {
        PassportStore.Version before = store.version(JEAN).orElseThrow();
        String consent = store.read(JEAN, "Consent", org.wellbeingpassport.api.passport.DirectiveStore.idFor(JEAN))
                .orElseThrow().json();
        AuditOutage.set(log, true);
        HttpResponse<String> r = as(JEAN).post("/me/consent/provisions/walking-group/revoke", "", "Content-Type",
                "application/json");
        assertEquals(503, r.statusCode(), r.body());
        AuditOutage.set(log, false);
        assertEquals(consent, store.read(JEAN, "Consent", org.wellbeingpassport.api.passport.DirectiveStore.idFor(JEAN))
                .orElseThrow().json(), "her choices changed without an audit entry");
        assertEquals(before, store.version(JEAN).orElseThrow());
    }

    @Test
    void withTheAuditStoreDownAContributionIsRefusedAndNothingChanges() {
        PassportStore.Version before = store.version(JEAN).orElseThrow();
        AuditOutage.set(log, true);
        HttpResponse<String> r = as("prac-sam-okoro").post("/passports/" + JEAN + "/entries?purpose=support-planning",
                """
                        {"resourceType":"Goal","lifecycleStatus":"proposed",
                         "description":{"text":"Try the library reading group"},
                         "subject":{"reference":"Patient/jean-whitfield"}}
                        """, "Content-Type", "application/fhir+json");
        assertEquals(503, r.statusCode(), r.body());
        AuditOutage.set(log, false);
        assertEquals(before, store.version(JEAN).orElseThrow(), "a contribution was stored without an audit entry");
    }

    @Test
    void breakGlassRefusesAFieldItDoesNotKnow() {
        HttpResponse<String> r = as("prac-marcus-bell").post("/passports/" + JEAN + "/break-glass",
                "{\"reason\":\"Found unwell at home\",\"durationMinutes\":5}", "Content-Type", "application/json");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("durationMinutes"), r.body());
    }

    private StoredEntry last(String resident, String actor, AuditAction action) {
        List<StoredEntry> found = queries
                .search(AuditQuery.all().withResident(resident).withActor(actor).withAction(action));
        assertFalse(found.isEmpty(), "no " + action + " entry by " + actor);
        return found.get(found.size() - 1);
    }

    private String identifierOf(String residentId) {
        JsonNode p = Fhir.tree(store.read(residentId, "Patient", residentId).orElseThrow().json());
        for (JsonNode i : p.path("identifier")) {
            if (CodeSystems.NHS_NUMBER.equals(i.path("system").asText())) {
                return i.path("value").asText();
            }
        }
        throw new AssertionError("no NHS number");
    }

    private static String origin(JsonNode resource) {
        for (JsonNode t : resource.path("meta").path("tag")) {
            if (CodeSystems.ORIGIN.equals(t.path("system").asText())) {
                return t.path("code").asText();
            }
        }
        return "none";
    }
}
