package org.wellbeingpassport.api.contribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.api.contribution.DisputeScenarioTest.assertion;
import static org.wellbeingpassport.api.contribution.DisputeScenarioTest.ok;
import static org.wellbeingpassport.api.contribution.DisputeScenarioTest.openDisputes;
import static org.wellbeingpassport.api.contribution.DisputeScenarioTest.problem;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * A professional proposes entries for a resident's passport, over real HTTP with real tokens, on the demo resident
 * Jean Whitfield and her link worker Sam Okoro (support planning): only with consent, validated, shown as his and
 * proposed, confirmed or disputed by Jean alone.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class ContributionTest {
    static final String JEAN = "jean-whitfield";
    static final String ENTRIES = "/passports/" + JEAN + "/entries?purpose=support-planning";
    static final String GOAL = """
            {"resourceType":"Goal","lifecycleStatus":"proposed",
             "description":{"text":"Join the Tuesday walking group at the park"},
             "subject":{"reference":"Patient/jean-whitfield"}}
            """;

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    MongoStore mongo;

    Http as(String demoUser) {
        return new Http(server.getURI()).as(new TestTokens(tokens).demo(demoUser));
    }

    @Test
    void theLinkWorkerProposesAGoalAndJeanConfirmsIt() throws Exception {
        Http sam = as("prac-sam-okoro");
        Http jean = as(JEAN);
        HttpResponse<String> created = sam.post(ENTRIES, GOAL);
        JsonNode goal = ok(created, 201);
        String id = goal.path("id").asText();
        String location = created.headers().firstValue("Location").get();
        assertEquals("/passports/" + JEAN + "/entries/Goal/" + id + "?purpose=support-planning", location);
        assertEquals(goal, ok(sam.get(location), 200), "what is there is what was stored");
        problem(as("prac-aisha-begum").get(location), 404);
        assertTrue(created.headers().firstValue("Content-Type").get().startsWith("application/fhir+json"));
        assertEquals("Practitioner/prac-sam-okoro", goal.path("expressedBy").path("reference").asText());
        assertEquals("proposed", assertion(goal));
        assertTrue(goal.toString().contains(CodeSystems.EXT_ASSERTED_ON), "says when");
        assertEquals("professional-entered", goal.path("meta").path("tag").path(0).path("code").asText());
        assertEquals("1", goal.path("meta").path("versionId").asText());

        // Jean is told, and it waits for her
        JsonNode notices = ok(jean.get("/me/notifications"), 200).path("notifications");
        assertEquals("entry-proposed", notices.path(0).path("kind").asText(), notices.toString());
        assertEquals("Goal/" + id, notices.path(0).path("ref").asText());
        JsonNode waiting = find(ok(jean.get("/me/entries?status=proposed"), 200).path("entries"), id);
        assertEquals("Goal", waiting.path("type").asText());
        assertEquals("Practitioner/prac-sam-okoro", waiting.path("author").asText());
        assertEquals("Join the Tuesday walking group at the park", waiting.path("summary").asText());
        assertFalse(waiting.path("when").asText().isEmpty());

        // nobody else can confirm or dispute it: in their passport it does not exist
        Http delroy = as("delroy-campbell");
        problem(delroy.post("/me/passport/Goal/" + id + "/confirm", "", "Content-Type", "application/json"), 404);
        problem(delroy.post("/me/passport/Goal/" + id + "/dispute", "{\"reason\":\"no\"}", "Content-Type",
                "application/json"), 404);
        problem(sam.post("/me/passport/Goal/" + id + "/confirm", "", "Content-Type", "application/json"), 403);

        JsonNode confirmed = ok(
                jean.post("/me/passport/Goal/" + id + "/confirm", "", "Content-Type", "application/json"), 200);
        assertEquals(2, confirmed.path("version").asInt());
        assertTrue(find(ok(jean.get("/me/entries?status=confirmed"), 200).path("entries"), id) != null);
        assertTrue(
                ok(jean.get("/me/entries"), 200).path("entries").findValuesAsText("id").stream().noneMatch(id::equals),
                "no longer waiting");
        problem(jean.post("/me/passport/Goal/" + id + "/confirm", "", "Content-Type", "application/json"), 409);

        // Sam reads it back through consent, as confirmed, still his
        JsonNode read = ok(sam.get("/passports/" + JEAN + "?purpose=support-planning"), 200);
        JsonNode disclosed = resource(read, "Goal", id);
        assertEquals("confirmed", assertion(disclosed));
        assertEquals("Practitioner/prac-sam-okoro", disclosed.path("expressedBy").path("reference").asText());

        JsonNode events = ok(new Http(server.getURI()).as(new TestTokens(tokens).auditor())
                .get("/audit/events?resident=" + JEAN + "&action=contribution"), 200);
        assertTrue(events.path("entry").size() >= 1, events.toString());
    }

    @Test
    void aDisputedProposalTravelsUntilWithdrawnAndSamIsTold() throws Exception {
        Http sam = as("prac-sam-okoro");
        Http jean = as(JEAN);
        String id = ok(sam.post(ENTRIES, GOAL.replace("Tuesday walking group", "Thursday choir")), 201).path("id")
                .asText();
        JsonNode dispute = ok(jean.post("/me/passport/Goal/" + id + "/dispute",
                "{\"reason\":\"I said maybe, not yes\"}", "Content-Type", "application/json"), 201);
        String disputeId = dispute.path("id").asText();
        assertEquals("Practitioner/prac-sam-okoro", dispute.path("author").asText());
        assertEquals("dispute-raised",
                ok(sam.get("/notifications"), 200).path("notifications").path(0).path("kind").asText());
        JsonNode carried = resource(ok(sam.get("/passports/" + JEAN + "?purpose=support-planning"), 200), "Goal", id);
        assertEquals(List.of(disputeId), openDisputes(carried));
        assertEquals("disputed", assertion(carried));
        assertEquals("Join the Thursday choir at the park", carried.path("description").path("text").asText(),
                "the entry stays as written");
        problem(jean.post("/me/passport/Goal/" + id + "/confirm", "", "Content-Type", "application/json"), 409);
        problem(as("delroy-campbell").post("/me/disputes/" + disputeId + "/resolve", "{}", "Content-Type",
                "application/json"), 404);
        problem(jean.post("/me/disputes/" + disputeId + "/resolve", "{\"outcome\":\"forgotten\"}", "Content-Type",
                "application/json"), 422);

        JsonNode withdrawn = ok(jean.post("/me/disputes/" + disputeId + "/resolve", "{\"outcome\":\"withdrawn\"}",
                "Content-Type", "application/json"), 200);
        assertEquals("requester-cancelled", withdrawn.path("status").asText(), "the guide's business status");
        JsonNode after = resource(ok(sam.get("/passports/" + JEAN + "?purpose=support-planning"), 200), "Goal", id);
        assertTrue(openDisputes(after).isEmpty(), "withdrawn: no longer carried");
        assertEquals("proposed", assertion(after), "back to what it was before the dispute");
    }

    @Test
    void withoutConsentItIsTheSame404AsARead() throws Exception {
        long[] before = counts();
        Http aisha = as("prac-aisha-begum");
        HttpResponse<String> refused = aisha.post(ENTRIES, GOAL);
        problem(refused, 404);
        assertEquals(aisha.get("/passports/" + JEAN + "?purpose=support-planning").body(), refused.body());
        problem(as("prac-sam-okoro").post("/passports/" + JEAN + "/entries?purpose=benefits-employment", GOAL), 404);
        problem(as("prac-sam-okoro").post("/passports/nobody-at-all/entries?purpose=support-planning", GOAL), 404);
        problem(as("prac-sam-okoro").post("/passports/" + JEAN + "/entries", GOAL), 400);
        problem(as(JEAN).post(ENTRIES, GOAL), 403);
        problem(as("grace-eze").post(ENTRIES, GOAL), 403);
        assertEquals(before[0], counts()[0], "nothing written");
        assertEquals(before[1], counts()[1], "nothing written");
    }

    @Test
    void badBodiesAre400ProblemsAndWriteNothing() throws Exception {
        Http sam = as("prac-sam-okoro");
        long[] before = counts();
        for (String body : List.of("", "{not json", "[1,2]", "\"Goal\"",
                // a type not allowed, and no type at all
                "{\"resourceType\":\"Consent\",\"status\":\"active\"}",
                "{\"resourceType\":\"Patient\",\"id\":\"jean-whitfield\"}", "{\"description\":{\"text\":\"x\"}}",
                // about someone else
                GOAL.replace("Patient/jean-whitfield", "Patient/delroy-campbell"),
                // invalid: no lifecycle status; an unknown one; a score out of range; not FHIR at all
                GOAL.replace("\"lifecycleStatus\":\"proposed\",", ""), GOAL.replace("\"proposed\"", "\"sideways\""),
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\""
                        + CodeSystems.WELLBEING_MEASURE + "\",\"code\":\"wemwbs\"}]},\"valueInteger\":99}",
                "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"proposed\",\"description\":{\"text\":\"x\"},"
                        + "\"colour\":\"blue\"}")) {
            HttpResponse<String> r = sam.post(ENTRIES, body);
            problem(r, 400);
            assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), "no stack trace: " + r.body());
        }
        JsonNode invalid = ok(sam.post(ENTRIES, GOAL.replace("\"proposed\"", "\"sideways\"")), 400);
        assertTrue(invalid.path("errors").size() >= 1, "the issues are listed: " + invalid);
        assertEquals(before[0], counts()[0], "nothing written");
        assertEquals(before[1], counts()[1], "nothing written");
    }

    @Test
    void aNoteAndAReferralAreAcceptedToo() throws Exception {
        Http sam = as("prac-sam-okoro");
        JsonNode note = ok(sam.post(ENTRIES,
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":" + "{\"coding\":[{\"system\":\""
                        + CodeSystems.STORY_SECTION + "\",\"code\":\"what-helped\"}]},"
                        + "\"valueString\":\"The walking group helped on good days.\"}"),
                201);
        assertEquals("Practitioner/prac-sam-okoro", note.path("performer").path(0).path("reference").asText());
        assertEquals("Patient/" + JEAN, note.path("subject").path("reference").asText(), "the server says whose");
        JsonNode referral = ok(sam.post(ENTRIES,
                "{\"resourceType\":\"ServiceRequest\",\"status\":\"active\","
                        + "\"intent\":\"order\",\"code\":{\"text\":\"Referral to the walking group\"},"
                        + "\"subject\":{\"reference\":\"Patient/jean-whitfield\"}}"),
                201);
        assertEquals("Practitioner/prac-sam-okoro", referral.path("requester").path("reference").asText());
        assertEquals("proposed", assertion(referral));
    }

    @Test
    void whenTheResidentLeavesTheNoticesAboutThemGoToo() throws Exception {
        Http amara = new Http(server.getURI()).as(new TestTokens(tokens).resident("resident:amara-leaves", "Amara"));
        String rid = ok(amara.post("/me/passport", org.wellbeingpassport.api.Fixtures.AMARA), 201).path("residentId")
                .asText();
        // she writes a goal and shares her goals with her link worker, who proposes another; she disputes it
        assertEquals(201,
                amara.put("/me/passport/Goal/g0",
                        "{\"resourceType\":\"Goal\",\"id\":\"g0\","
                                + "\"lifecycleStatus\":\"active\",\"description\":{\"text\":\"Swim again\"},"
                                + "\"subject\":{\"reference\":\"Patient/" + rid + "\"}}")
                        .statusCode());
        String until = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30).toString();
        HttpResponse<String> shared = amara.post("/me/sharing",
                "{\"who\":{\"kind\":\"professional\",\"professionalId\":\"prac-sam-okoro\",\"name\":\"Sam Okoro\"},"
                        + "\"sections\":[\"goals\"],\"purposes\":[\"support-planning\"],\"until\":\"" + until + "\"}",
                "Content-Type", "application/json");
        assertEquals(201, shared.statusCode(), shared.body());
        String g1 = ok(as("prac-sam-okoro").post("/passports/" + rid + "/entries?purpose=support-planning",
                "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"proposed\",\"description\":{\"text\":\"Swim twice a week\"},"
                        + "\"subject\":{\"reference\":\"Patient/" + rid + "\"}}"),
                201).path("id").asText();
        ok(amara.post("/me/passport/Goal/" + g1 + "/dispute", "{\"reason\":\"Not this year\"}", "Content-Type",
                "application/json"), 201);
        Http sam = as("prac-sam-okoro");
        assertTrue(ok(sam.get("/notifications"), 200).path("notifications").findValuesAsText("resident").contains(rid));
        assertEquals(204, amara.delete("/me/passport").statusCode());
        assertFalse(ok(sam.get("/notifications"), 200).path("notifications").findValuesAsText("resident").contains(rid),
                "nothing about her is left with him");
    }

    @Test
    void aSensitiveContributionIsSealedAtRestAndGoesOnlyWhereConsentSays() throws Exception {
        Http sam = as("prac-sam-okoro");
        String words = "Low mood since the winter, better with the group";
        HttpResponse<String> created = sam.post(ENTRIES,
                "{\"resourceType\":\"Observation\",\"meta\":{\"security\":["
                        + "{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"},"
                        + "{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"PSY\"}]},"
                        + "\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"" + CodeSystems.STORY_SECTION
                        + "\",\"code\":\"good-and-bad-days\"}]},\"valueString\":\"" + words + "\"}");
        JsonNode note = ok(created, 201);
        assertEquals(words, note.path("valueString").asText(), "the contributor gets back what was stored");
        String stored = mongo.database().getCollection("passports").find(new Document("_id", JEAN)).first().toJson();
        assertFalse(stored.contains(words), "not stored in clear");
        assertTrue(stored.contains(note.path("id").asText()), "but stored");
        // Jean shared neither her health nor anything labelled mental health with Sam: he cannot read it back
        problem(sam.get(created.headers().firstValue("Location").get()), 404);
        assertFalse(sam.get("/passports/" + JEAN + "?purpose=support-planning").body().contains(words));
        // she sees it, as hers to confirm or dispute
        assertTrue(ok(as(JEAN).get("/me/entries"), 200).toString().contains(note.path("id").asText()));
    }

    long[] counts() {
        Document jean = mongo.database().getCollection("passports").find(new Document("_id", JEAN)).first();
        return new long[]{mongo.database().getCollection("resource_history").countDocuments(),
                jean.get("res", Document.class).size()};
    }

    static JsonNode find(JsonNode entries, String id) {
        for (JsonNode e : entries) {
            if (id.equals(e.path("id").asText())) {
                return e;
            }
        }
        throw new AssertionError("no entry " + id + " in " + entries);
    }

    static JsonNode resource(JsonNode bundle, String type, String id) {
        return DisputeScenarioTest.resource(bundle, type, id);
    }
}
