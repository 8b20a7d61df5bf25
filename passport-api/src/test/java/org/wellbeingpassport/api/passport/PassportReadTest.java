package org.wellbeingpassport.api.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import org.bson.Document;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/**
 * Reading someone else's passport through consent, end to end over HTTP with real tokens, on the demo residents:
 * scenario 1 (referral: the link worker sees the consented summary), 5 (trauma detail for one named worker only),
 * 6 (a carer within the delegation), and the rules that nobody learns what is withheld.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class PassportReadTest {
    static final String JEAN_HEALTH = "Arthritis in my knees";
    static final String JEAN_GOAL = "Walk to the park and back without stopping";
    static final String GARETH_TRAUMA = "I was first to reach my mate";
    static final String GARETH_FLASHBACKS = "Flashbacks and bad sleep";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    MongoStore mongo;

    Http as(String demoUser) {
        return new Http(server.getURI()).as(DemoScenarioSupport.token(tokens, demoUser));
    }

    @Test
    void theLinkWorkerSeesJeansConsentedSummaryButNotHerHealth() {
        HttpResponse<String> r = as("prac-sam-okoro").get("/passports/jean-whitfield?purpose=support-planning");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/fhir+json"));
        assertTrue(r.body().contains(JEAN_GOAL), "the goals she shared");
        assertTrue(r.body().contains("Text me first, then ring"), "how to communicate with her");
        assertFalse(r.body().contains(JEAN_HEALTH), "her health section was shared with her GP practice only");
        assertFalse(r.body().contains("Some days are low"), "nor any part of it");
        assertFalse(r.body().contains("\"Consent\""), "nobody reads the resident's directives");
        assertFalse(r.body().contains("Condition/jean-whitfield-condition"),
                "no reference shows that a withheld resource exists");
        assertFalse(r.body().contains("_wpSealed") || r.body().contains("wp1."), "nothing leaves sealed");
        Bundle bundle = Fhir.parse(Bundle.class, r.body());
        assertTrue(bundle.getEntry().size() > 5, "a whole passport, not one resource");
        ValidationReport report = PassportValidator.shared().validate(r.body());
        assertTrue(report.valid(), "what leaves is valid FHIR: " + report.errors());
    }

    @Test
    void theWalkingGroupSeesLessThanTheLinkWorker() {
        HttpResponse<String> r = as("prac-kev-duffy").get("/passports/jean-whitfield?purpose=support-planning");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("Getting out of the house most days"), "what matters to her");
        assertFalse(r.body().contains(JEAN_GOAL), "goals were not shared with the group");
        assertFalse(r.body().contains(JEAN_HEALTH));
    }

    @Test
    void theWrongPurposeAndNoConsentLookExactlyLikeNoPassport() {
        HttpResponse<String> wrongPurpose = as("prac-sam-okoro")
                .get("/passports/jean-whitfield?purpose=benefits-employment");
        HttpResponse<String> noConsent = as("prac-aisha-begum")
                .get("/passports/jean-whitfield?purpose=support-planning");
        HttpResponse<String> noPassport = as("prac-sam-okoro").get("/passports/nobody-at-all?purpose=support-planning");
        assertEquals(404, wrongPurpose.statusCode());
        assertEquals(404, noConsent.statusCode());
        assertEquals(404, noPassport.statusCode());
        assertEquals(noPassport.body(), wrongPurpose.body());
        assertEquals(noPassport.body(), noConsent.body());
        assertTrue(
                noPassport.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
    }

    @Test
    void traumaDetailGoesToTheOneNamedWorkerOnly() {
        HttpResponse<String> cerys = as("prac-cerys-morgan").get("/passports/gareth-pryce?purpose=support-planning");
        assertEquals(200, cerys.statusCode(), cerys.body());
        assertTrue(cerys.body().contains(GARETH_TRAUMA), "the named worker sees the detail");

        HttpResponse<String> gp = as("prac-rhys-llewellyn").get("/passports/gareth-pryce?purpose=direct-care");
        assertEquals(200, gp.statusCode(), gp.body());
        assertTrue(gp.body().contains("Trauma-informed approach"), "everyone else sees the approach requested");
        assertTrue(gp.body().contains("Texts are fine"), "and how to communicate with him");
        assertFalse(gp.body().contains(GARETH_TRAUMA));
        assertFalse(gp.body().contains(GARETH_FLASHBACKS));
        assertFalse(gp.body().contains("Posttraumatic"), "nor the condition");
    }

    @Test
    void dataReceivedUnderAStatutoryGatewayIsNeverPassedOnNorShownToExist() {
        // Gareth's benefits data came from DWP (Welfare Reform Act 2012 s131): s132 forbids onward disclosure,
        // whatever he allowed; even the worker who sees everything else must not learn it exists
        HttpResponse<String> cerys = as("prac-cerys-morgan").get("/passports/gareth-pryce?purpose=support-planning");
        assertEquals(200, cerys.statusCode(), cerys.body());
        assertFalse(cerys.body().contains("gareth-pryce-dwp-benefits"), "no entry for it and no reference to it");
        assertFalse(cerys.body().contains("gareth-pryce-dwp-provenance"), "nor its provenance");
    }

    @Test
    void sensitiveElementsAreEncryptedAtRest() {
        Document raw = mongo.database().getCollection("passports").find(new Document("_id", "gareth-pryce")).first();
        String stored = raw.toJson();
        assertFalse(stored.contains(GARETH_TRAUMA), "trauma detail is not stored in clear");
        assertFalse(stored.contains(GARETH_FLASHBACKS), "story free text is not stored in clear");
        assertFalse(stored.contains("Posttraumatic"), "a resource labelled sensitive is sealed whole");
        for (Object entry : raw.get("res", Document.class).values()) {
            // every resource is sealed whole at rest, its envelope kept as bytes (ADR 0014; ADR 0008, session 22)
            assertTrue(((Document) entry).get("r", Document.class).get("_wpStored") instanceof org.bson.types.Binary,
                    "sealed whole, as bytes: " + ((Document) entry).getString("t"));
        }
    }

    @Test
    void theCarerSeesOnlyWhatWasDelegated() {
        HttpResponse<String> r = as("grace-eze").get("/passports/ikenna-eze?purpose=care-coordination");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("Email only, please"), "communication was delegated");
        assertFalse(r.body().contains("18 months so far"), "his health section was not delegated");
        assertFalse(r.body().contains("On the waiting list for an adult autism assessment"), "nor its detail");
        assertEquals(404, as("grace-eze").get("/passports/jean-whitfield?purpose=care-coordination").statusCode(),
                "and nobody else's passport");
        assertEquals(404, as("grace-eze").get("/passports/ikenna-eze?purpose=benefits-employment").statusCode(),
                "nor for another purpose");
    }

    @Test
    void whyCanISeeOnlyThisRevealsNothingWithheld() {
        HttpResponse<String> r = as("prac-sam-okoro").get("/passports/jean-whitfield/why?purpose=support-planning");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("my goals and aspirations"), r.body());
        assertFalse(r.body().contains("health"), "withheld sections are neither named nor counted: " + r.body());
        assertEquals(404,
                as("prac-aisha-begum").get("/passports/jean-whitfield/why?purpose=support-planning").statusCode());
    }

    @Test
    void firstContactFindRequestApproveRead() {
        var nasreen = (org.hl7.fhir.r4.model.Patient) org.wellbeingpassport.fhir.example.ExamplePassports
                .named("nasreen-akhtar").passport().getEntryFirstRep().getResource();
        String nhs = nasreen.getIdentifierFirstRep().getValue();
        String dob = nasreen.getBirthDateElement().getValueAsString();
        Http aisha = as("prac-aisha-begum");
        assertEquals(404, aisha.get("/passports/nasreen-akhtar?purpose=support-planning").statusCode(),
                "she has shared nothing yet");
        HttpResponse<String> asked = aisha.post("/access-requests",
                "{\"nhsNumber\":\"" + nhs + "\",\"birthDate\":\"" + dob
                        + "\",\"purpose\":\"support-planning\",\"sections\":[\"goals\",\"communication\",\"identity\"],"
                        + "\"reason\":\"first meeting at the community centre\"}",
                "Content-Type", "application/json");
        assertEquals(202, asked.statusCode(), asked.body());
        String requestId = Fhir.tree(asked.body()).path("id").asText();

        Http resident = as("nasreen-akhtar");
        String pending = resident.get("/me/requests").body();
        assertTrue(pending.contains(requestId), "the request reached her: " + pending);
        HttpResponse<String> approved = resident.post("/me/requests/" + requestId + "/approve",
                "{\"sections\":[\"communication\",\"identity\"]}", "Content-Type", "application/json");
        assertEquals(200, approved.statusCode(), approved.body());

        HttpResponse<String> read = aisha.get("/passports/nasreen-akhtar?purpose=support-planning");
        assertEquals(200, read.statusCode(), read.body());
        String body = read.body();
        assertTrue(body.contains("\"Patient\""), "who she is");
        assertFalse(body.contains("\"Goal\""), "goals were asked for but not approved");
    }

    @Test
    void aPurposeIsRequiredAndOnlyReadersMayRead() {
        HttpResponse<String> noPurpose = as("prac-sam-okoro").get("/passports/jean-whitfield");
        assertEquals(400, noPurpose.statusCode());
        assertTrue(noPurpose.body().contains("support-planning"), "lists the purposes");
        assertEquals(403, as("jean-whitfield").get("/passports/jean-whitfield?purpose=support-planning").statusCode(),
                "residents read their own passport at /me/passport");
        assertEquals(401,
                new Http(server.getURI()).get("/passports/jean-whitfield?purpose=support-planning").statusCode());
    }
}
