package org.wellbeingpassport.api.corrections;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.audit.AuditLog;
import org.wellbeingpassport.api.audit.AuditOutage;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/**
 * Scenario 3 (correction) end to end over HTTP, both outcomes, on the demo resident Delroy Campbell and the section
 * his council assessor Linda Crane wrote. Declined: he asks, she reviews, asks a question, he answers, she declines
 * with a reason; he logs his disagreement, which then travels with every later disclosure of the section in place of
 * the open request. Accepted: he asks again, she accepts and amends; every later read shows the new version with its
 * Provenance naming the request; the old version stays in history. Those who read the section before (his GP) are
 * told, without content; every step is refused with 503 and changes nothing while the audit store is down.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class CorrectionScenarioTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ASSESSMENT = "front of the TV";
    static final String HIS_WORDS = "We don't even have a TV. Nobody refused the day centre: it was never offered.";
    static final String DISAGREEMENT = "The assessment is still wrong: we have never owned a television.";
    static final String CORRECTED = "Delroy and his family were not offered the day centre; they would like to try it.";
    static final String JSON_TYPE = "application/json";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    AuditLog log;
    @Inject
    DirectiveStore directives;

    @AfterEach
    void restore() {
        AuditOutage.set(log, false);
    }

    Http as(String demoUser) {
        return new Http(server.getURI()).as(new TestTokens(tokens).demo(demoUser));
    }

    @Test
    void declinedThenDisagreementTravelsThenAcceptedAmendsWithProvenance() throws Exception {
        Http delroy = as("delroy-campbell");
        Http linda = as("prac-linda-crane");
        Http gp = as("prac-priya-raman");
        String lindaRead = "/passports/delroy-campbell?purpose=record-correction";
        String gpRead = "/passports/delroy-campbell?purpose=direct-care";
        assertTrue(section(ok(linda.get(lindaRead), 200)).toString().contains(ASSESSMENT));
        assertTrue(section(ok(gp.get(gpRead), 200)).toString().contains(ASSESSMENT), "the GP received the section");
        String story = storyId(ok(delroy.get("/me/passport"), 200));

        // the request, queued for its author
        JsonNode req = ok(delroy.post("/me/passport/Composition/" + story + "/dispute",
                JSON.createObjectNode().put("reason", HIS_WORDS).put("section", "living-situation").toString(),
                "Content-Type", JSON_TYPE), 201);
        String id = req.path("id").asText();
        assertEquals("queued", req.path("status").asText());
        JsonNode queue = ok(linda.get("/corrections/queue"), 200).path("requests");
        assertEquals(id, queue.path(0).path("request").asText(), queue.toString());
        assertEquals("queued", queue.path(0).path("status").asText());
        assertFalse(queue.toString().contains("TV"), "the queue names requests, not words");
        assertEquals(404, as("prac-priya-raman").get("/corrections/delroy-campbell/" + id).statusCode(),
                "not in the GP's queue: the one 404");
        // his GP, who read the section before, is told it is disputed (an id, no words)
        JsonNode gpNotices = ok(gp.get("/notifications"), 200).path("notifications");
        assertEquals("entry-disputed", gpNotices.path(0).path("kind").asText(), gpNotices.toString());
        assertEquals("Composition/" + story, gpNotices.path(0).path("ref").asText());
        assertFalse(gpNotices.toString().contains("TV"));

        // the author's steps, each visible to him
        JsonNode task = ok(linda.get("/corrections/delroy-campbell/" + id), 200).path("task");
        assertEquals(HIS_WORDS, task.path("description").asText(), "the author reads what he asked");
        assertEquals("in-review",
                ok(linda.post("/corrections/delroy-campbell/" + id + "/review", "", "Content-Type", JSON_TYPE), 200)
                        .path("status").asText());
        assertEquals("in-review", ok(delroy.get("/me/disputes/" + id), 200).path("status").asText());
        ok(linda.post("/corrections/delroy-campbell/" + id + "/ask",
                "{\"question\":\"Which day centre were you told about?\"}", "Content-Type", JSON_TYPE), 200);
        JsonNode mine = ok(delroy.get("/me/disputes/" + id), 200);
        assertEquals("waiting-for-information", mine.path("status").asText());
        assertEquals("Which day centre were you told about?", mine.path("messages").path(0).path("words").asText());
        assertEquals("correction-update",
                ok(delroy.get("/me/notifications"), 200).path("notifications").path(0).path("kind").asText());
        ok(delroy.post("/me/disputes/" + id + "/reply", "{\"words\":\"None: nobody mentioned one.\"}", "Content-Type",
                JSON_TYPE), 200);
        assertEquals("in-review", ok(delroy.get("/me/disputes/" + id), 200).path("status").asText());

        // with the audit store down, a decline is refused and changes nothing
        AuditOutage.set(log, true);
        assertEquals(503, linda.post("/corrections/delroy-campbell/" + id + "/decline", "{\"reason\":\"x\"}",
                "Content-Type", JSON_TYPE).statusCode());
        assertEquals(503,
                delroy.post("/me/passport/Composition/" + story + "/dispute",
                        "{\"reason\":\"again\",\"section\":\"living-situation\"}", "Content-Type", JSON_TYPE)
                        .statusCode());
        AuditOutage.set(log, false);
        assertEquals("in-review", ok(delroy.get("/me/disputes/" + id), 200).path("status").asText(), "unchanged");
        assertEquals(1, ok(delroy.get("/me/disputes"), 200).path("disputes").size(), "no request was made");

        // declined, with a reason; then his disagreement travels in place of the open request
        JsonNode declined = ok(linda.post("/corrections/delroy-campbell/" + id + "/decline",
                "{\"reason\":\"The assessment records what was observed at the visit.\"}", "Content-Type", JSON_TYPE),
                200);
        assertEquals("denied", declined.path("status").asText());
        assertEquals("The assessment records what was observed at the visit.", declined.path("answer").asText());
        assertEquals(409, linda
                .post("/corrections/delroy-campbell/" + id + "/accept", "{\"text\":\"x\"}", "Content-Type", JSON_TYPE)
                .statusCode(), "closed already");
        // every other step on a closed request is the same conflict, for her and for him (the error rule's 409s)
        assertEquals(409, linda.post("/corrections/delroy-campbell/" + id + "/review", "", "Content-Type", JSON_TYPE)
                .statusCode(), "review: closed already");
        assertEquals(409, linda.post("/corrections/delroy-campbell/" + id + "/ask", "{\"question\":\"Any more?\"}",
                "Content-Type", JSON_TYPE).statusCode(), "ask: closed already");
        assertEquals(409, linda.post("/corrections/delroy-campbell/" + id + "/decline", "{\"reason\":\"Again.\"}",
                "Content-Type", JSON_TYPE).statusCode(), "decline: closed already");
        assertEquals(409,
                delroy.post("/me/disputes/" + id + "/reply", "{\"words\":\"Late words.\"}", "Content-Type", JSON_TYPE)
                        .statusCode(),
                "reply: closed already");
        assertTrue(openDisputes(section(ok(gp.get(gpRead), 200))).isEmpty(), "the declined request no longer travels");
        JsonNode logged = ok(delroy.post("/me/disputes/" + id + "/disagreement",
                JSON.createObjectNode().put("words", DISAGREEMENT).toString(), "Content-Type", JSON_TYPE), 201);
        assertEquals("disagreement-logged", logged.path("status").asText());
        for (Http reader : List.of(gp, linda)) {
            HttpResponse<String> r = reader.get(reader == gp ? gpRead : lindaRead);
            JsonNode s = section(ok(r, 200));
            assertEquals(List.of(DISAGREEMENT), disagreements(s), "the disagreement travels with the section");
            assertTrue(s.toString().contains(ASSESSMENT), "the original stays");
            assertFalse(r.body().contains(HIS_WORDS), "his request's words do not travel, only his statement");
            ValidationReport v = PassportValidator.shared().validate(r.body());
            assertTrue(v.valid(), "what leaves is valid FHIR: " + v.errors());
        }

        // accepted: he asks again, she amends; every later read shows the new version with its Provenance
        String second = ok(delroy.post("/me/passport/Composition/" + story + "/dispute",
                "{\"reason\":\"Please correct it.\",\"section\":\"living-situation\"}", "Content-Type", JSON_TYPE), 201)
                .path("id").asText();
        JsonNode accepted = ok(linda.post("/corrections/delroy-campbell/" + second + "/accept",
                JSON.createObjectNode().put("text", CORRECTED).toString(), "Content-Type", JSON_TYPE), 200);
        assertEquals("amendment-completed", accepted.path("status").asText());
        assertEquals(409,
                delroy.post("/me/disputes/" + second + "/disagreement",
                        JSON.createObjectNode().put("words", DISAGREEMENT).toString(), "Content-Type", JSON_TYPE)
                        .statusCode(),
                "a disagreement is for a declined request, not an accepted one");
        long version = accepted.path("entryVersion").asLong();
        for (Http reader : List.of(gp, linda)) {
            HttpResponse<String> r = reader.get(reader == gp ? gpRead : lindaRead);
            JsonNode bundle = ok(r, 200);
            JsonNode s = section(bundle);
            assertTrue(s.toString().contains(CORRECTED), "the new version is what is read: " + s);
            assertFalse(s.toString().contains(ASSESSMENT));
            assertTrue(openDisputes(s).isEmpty(), "the accepted request no longer travels");
            JsonNode prov = resource(bundle, "Provenance", "correction-" + second);
            assertEquals("Composition/" + story + "/_history/" + version,
                    prov.path("target").path(0).path("reference").asText());
            assertEquals(second, prov.path("entity").path(0).path("what").path("identifier").path("value").asText(),
                    "the Provenance names the request");
            assertEquals("Practitioner/prac-linda-crane",
                    prov.path("agent").path(0).path("who").path("reference").asText());
            ValidationReport v = PassportValidator.shared().validate(r.body());
            assertTrue(v.valid(), "what leaves is valid FHIR: " + v.errors());
        }
        JsonNode history = ok(delroy.get("/me/passport/Composition/" + story + "/_history"), 200);
        boolean oldKept = false;
        for (JsonNode e : history.path("entry")) {
            oldKept |= section(e.path("resource"), "living-situation").toString().contains(ASSESSMENT);
        }
        assertTrue(oldKept, "the old version stays in history");
        JsonNode gpTold = ok(gp.get("/notifications"), 200).path("notifications");
        assertEquals("entry-corrected", gpTold.path(0).path("kind").asText(), gpTold.toString());
        assertFalse(gpTold.toString().contains("TV") || gpTold.toString().contains("day centre"), "no content");

        // his ledger shows who received the section, and who was told
        JsonNode ledger = ok(delroy.get("/me/disclosures"), 200);
        assertTrue(ledger.path("received").toString().contains("prac-priya-raman"), ledger.toString());
        assertTrue(ledger.path("told").toString().contains("entry-corrected"), ledger.toString());

        // the guide's Task and Communication, stored in his passport, are valid FHIR
        JsonNode own = ok(delroy.get("/me/passport"), 200);
        for (JsonNode e : own.path("entry")) {
            String type = e.path("resource").path("resourceType").asText();
            if (type.equals("Task") || type.equals("Communication")) {
                ValidationReport v = PassportValidator.shared().validate(e.path("resource").toString());
                assertTrue(v.valid(), type + " is valid FHIR: " + v.errors());
            }
        }
    }

    @Test
    void partnerSystemsOfTheAuthorsOrganisationSearchTheirQueueAsFhirTasks() throws Exception {
        Http delroy = as("delroy-campbell");
        Http linda = as("prac-linda-crane");
        ok(linda.get("/passports/delroy-campbell?purpose=record-correction"), 200);
        String story = storyId(ok(delroy.get("/me/passport"), 200));
        String id = ok(delroy.post("/me/passport/Composition/" + story + "/dispute",
                "{\"reason\":\"Wrong.\",\"section\":\"living-situation\"}", "Content-Type", JSON_TYPE), 201).path("id")
                .asText();
        // Delroy shares his story with the council's case system for checking it is correct (deny unless consent)
        var current = directives.current("delroy-campbell");
        var provisions = new ArrayList<>(current.provisions());
        provisions.add(Provision.permit("asc-system").to(Recipient.system("system-hackney-asc", "Hackney ASC system"))
                .covering(Scope.everything()).forPurposes(Purpose.RECORD_CORRECTION)
                .grantedAt(java.time.Instant.now().minusSeconds(60)).build());
        assertTrue(directives.save("delroy-campbell", java.util.OptionalLong.of(current.version()),
                provisions) instanceof DirectiveStore.Saved.Written);
        Http asc = new Http(server.getURI()).as(new TestTokens(tokens).system("system-hackney-asc",
                "Hackney ASC case system", "org-hackney-adult-social-care", "Hackney Council Adult Social Care",
                OrganisationType.ADULT_SOCIAL_CARE));
        JsonNode found = ok(asc.get("/fhir/Task?status=ready"), 200);
        assertEquals("searchset", found.path("type").asText());
        List<String> ids = new ArrayList<>();
        found.path("entry").forEach(e -> ids.add(e.path("resource").path("id").asText()));
        assertTrue(ids.contains(id), found.toString());
        assertEquals(200, asc.get("/fhir/Task/" + id).statusCode());
        HttpResponse<String> unknown = asc.get("/fhir/Task?owner=x");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("OperationOutcome"));
        Http other = new Http(server.getURI()).as(new TestTokens(tokens).demo("system-leasowe-gp"));
        assertEquals(0, ok(other.get("/fhir/Task"), 200).path("entry").size(), "another organisation's queue is empty");
        assertEquals(404, other.get("/fhir/Task/" + id).statusCode());
    }

    static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static String storyId(JsonNode bundle) {
        for (JsonNode e : bundle.path("entry")) {
            if ("Composition".equals(e.path("resource").path("resourceType").asText())) {
                return e.path("resource").path("id").asText();
            }
        }
        throw new AssertionError("no story in " + bundle);
    }

    static JsonNode resource(JsonNode bundle, String type, String id) {
        for (JsonNode e : bundle.path("entry")) {
            JsonNode r = e.path("resource");
            if (type.equals(r.path("resourceType").asText()) && id.equals(r.path("id").asText())) {
                return r;
            }
        }
        throw new AssertionError("no " + type + "/" + id + " in " + bundle);
    }

    static JsonNode section(JsonNode bundleOrComposition) {
        JsonNode composition = bundleOrComposition;
        for (JsonNode e : bundleOrComposition.path("entry")) {
            if ("Composition".equals(e.path("resource").path("resourceType").asText())) {
                composition = e.path("resource");
            }
        }
        return section(composition, "living-situation");
    }

    static JsonNode section(JsonNode composition, String code) {
        for (JsonNode s : composition.path("section")) {
            if (code.equals(s.path("code").path("coding").path(0).path("code").asText())) {
                return s;
            }
        }
        throw new AssertionError("no section " + code);
    }

    static List<String> openDisputes(JsonNode element) {
        return parts(element, CodeSystems.EXT_OPEN_DISPUTE, "id");
    }

    static List<String> disagreements(JsonNode element) {
        return parts(element, CodeSystems.EXT_DISAGREEMENT, "statement");
    }

    static List<String> parts(JsonNode element, String url, String part) {
        List<String> out = new ArrayList<>();
        for (JsonNode x : element.path("extension")) {
            if (url.equals(x.path("url").asText())) {
                for (JsonNode p : x.path("extension")) {
                    if (part.equals(p.path("url").asText())) {
                        out.add(p.path("valueString").asText());
                    }
                }
            }
        }
        return out;
    }
}
