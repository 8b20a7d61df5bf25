package org.wellbeingpassport.api.contribution;

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
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/**
 * Scenario 3, correction, end to end over HTTP on the demo resident Delroy Campbell: he disputes the living
 * situation his council assessor (Linda Crane) wrote; the original stays, the dispute is linked, she is told, the
 * dispute travels with every later disclosure of that section until he resolves it.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class DisputeScenarioTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ASSESSMENT = "Assessment: the family spend all day in front of the TV and refused the day centre.";
    static final String HIS_WORDS = "We don't even have a TV. Nobody refused the day centre: it was never offered.";

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
    void delroyDisputesTheAssessmentAndTheDisputeTravelsUntilResolved() throws Exception {
        Http delroy = as("delroy-campbell");
        Http linda = as("prac-linda-crane");
        String read = "/passports/delroy-campbell?purpose=record-correction";

        JsonNode before = ok(linda.get(read), 200);
        JsonNode sectionBefore = livingSituation(before);
        assertTrue(sectionBefore.toString().contains("front of the TV"), "Linda sees the section she wrote");
        assertTrue(openDisputes(sectionBefore).isEmpty(), "no dispute yet");

        String story = storyId(ok(delroy.get("/me/passport"), 200));
        JsonNode dispute = ok(delroy.post("/me/passport/Composition/" + story + "/dispute",
                JSON.createObjectNode().put("reason", HIS_WORDS).put("section", "living-situation").toString(),
                "Content-Type", "application/json"), 201);
        String disputeId = dispute.path("id").asText();
        assertEquals("queued", dispute.path("status").asText(), "the guide's business status: received, not reviewed");
        assertTrue(dispute.path("open").asBoolean());
        assertEquals("Composition/" + story, dispute.path("entry").asText());
        assertEquals("Practitioner/prac-linda-crane", dispute.path("author").asText());

        // the original stays: every version keeps the assessor's words and authorship; only the assertion moved
        JsonNode history = ok(delroy.get("/me/passport/Composition/" + story + "/_history"), 200);
        assertTrue(history.path("entry").size() >= 2, history.toString());
        for (JsonNode e : history.path("entry")) {
            JsonNode s = section(e.path("resource"), "living-situation");
            assertTrue(s.path("text").path("div").asText().contains(ASSESSMENT), "the original content stays");
            assertEquals("Practitioner/prac-linda-crane", s.path("author").path(0).path("reference").asText());
        }
        JsonNode current = history.path("entry").path(0).path("resource");
        assertEquals("disputed", assertion(section(current, "living-situation")));
        long v = current.path("meta").path("versionId").asLong();
        JsonNode previous = ok(delroy.get("/me/passport/Composition/" + story + "/_history/" + (v - 1)), 200);
        assertEquals(section(previous, "living-situation").path("text"),
                section(current, "living-situation").path("text"), "vread: the text is as it was");

        // the dispute is a linked record in his passport, and valid FHIR
        JsonNode task = resource(ok(delroy.get("/me/passport"), 200), "Task", disputeId);
        assertEquals("ready", task.path("status").asText(), "the guide: ready = received by the fulfiller");
        assertEquals("order", task.path("intent").asText());
        assertEquals("medRecCxReq", task.path("code").path("coding").path(0).path("code").asText());
        assertEquals("Composition/" + story, task.path("focus").path("reference").asText());
        assertEquals("Patient/delroy-campbell", task.path("for").path("reference").asText());
        assertEquals("Patient/delroy-campbell", task.path("requester").path("reference").asText());
        assertEquals("Practitioner/prac-linda-crane", task.path("owner").path("reference").asText());
        assertEquals(HIS_WORDS, task.path("description").asText());
        ValidationReport taskReport = PassportValidator.shared().validate(task.toString());
        assertTrue(taskReport.valid(), "the dispute is valid FHIR: " + taskReport.errors());
        JsonNode mine = ok(delroy.get("/me/disputes"), 200).path("disputes");
        assertEquals(List.of(disputeId), ids(mine));
        assertEquals(HIS_WORDS, mine.path(0).path("reason").asText(), "he sees his own words");
        // at rest, his words are sealed under his key like the rest of his story's free text
        String stored = mongo.database().getCollection(PassportStore.PASSPORTS)
                .find(new org.bson.Document("_id", "delroy-campbell")).first().toJson();
        assertFalse(stored.contains("We don't even have a TV"), "the dispute's words are not stored in clear");

        // the author is told, without the content
        JsonNode notices = ok(linda.get("/notifications"), 200).path("notifications");
        assertEquals("dispute-raised", notices.path(0).path("kind").asText(), notices.toString());
        assertEquals("Composition/" + story, notices.path(0).path("ref").asText());
        assertEquals("delroy-campbell", notices.path(0).path("resident").asText());
        assertFalse(notices.toString().contains("TV"), "a notice never carries the entry or the reason");

        // every later disclosure of that section carries the dispute, and stays valid and withholds nothing new
        HttpResponse<String> after = linda.get(read);
        JsonNode disclosed = ok(after, 200);
        assertEquals(List.of(disputeId), openDisputes(livingSituation(disclosed)));
        assertTrue(livingSituation(disclosed).toString().contains("front of the TV"), "the original still shows");
        assertFalse(after.body().contains("\"Task\""), "the dispute record is not disclosed as a resource");
        assertFalse(after.body().contains(HIS_WORDS), "nor are his words");
        assertFalse(after.body().contains("Type 2 diabetes"),
                "nor his health, which he did not share with the council");
        assertFalse(after.body().contains("wp1.") || after.body().contains("_wpSealed"), "nothing leaves sealed");
        ValidationReport report = PassportValidator.shared().validate(after.body());
        assertTrue(report.valid(), "what leaves is valid FHIR: " + report.errors());
        // and to any other reader: his GP, for direct care
        Http gp = as("prac-priya-raman");
        String gpRead = "/passports/delroy-campbell?purpose=direct-care";
        HttpResponse<String> byGp = gp.get(gpRead);
        assertEquals(List.of(disputeId), openDisputes(livingSituation(ok(byGp, 200))));
        assertFalse(byGp.body().contains(HIS_WORDS) || byGp.body().contains("\"Task\""));
        ValidationReport gpReport = PassportValidator.shared().validate(byGp.body());
        assertTrue(gpReport.valid(), "what leaves is valid FHIR: " + gpReport.errors());

        // he resolves it: the next read does not carry it, and she is told
        JsonNode closed = ok(delroy.post("/me/disputes/" + disputeId + "/resolve", "{\"outcome\":\"resolved\"}",
                "Content-Type", "application/json"), 200);
        assertEquals("resolved", closed.path("status").asText());
        assertTrue(openDisputes(livingSituation(ok(linda.get(read), 200))).isEmpty(), "resolved: no longer carried");
        assertTrue(openDisputes(livingSituation(ok(gp.get(gpRead), 200))).isEmpty(), "to anyone");
        assertEquals("dispute-resolved",
                ok(linda.get("/notifications"), 200).path("notifications").path(0).path("kind").asText());
        assertEquals(409, delroy
                .post("/me/disputes/" + disputeId + "/resolve", "{}", "Content-Type", "application/json").statusCode(),
                "closed already");

        // every step is in the audit trail
        Http auditor = new Http(server.getURI()).as(new TestTokens(tokens).auditor());
        for (String action : List.of("dispute", "dispute-resolution")) {
            JsonNode events = ok(auditor.get("/audit/events?resident=delroy-campbell&action=" + action), 200);
            assertEquals(1, events.path("entry").size(), action + ": " + events);
            assertFalse(events.toString().contains("TV"), "the audit trail holds no values");
        }
    }

    @Test
    void nobodyElseCanDisputeOrResolveAndBadRequestsAreProblems() throws Exception {
        Http delroy = as("delroy-campbell");
        Http jean = as("jean-whitfield");
        String story = storyId(ok(delroy.get("/me/passport"), 200));
        int disputesBefore = ok(delroy.get("/me/disputes"), 200).path("disputes").size();
        String json = "application/json";
        // Jean cannot reach Delroy's story: his ids are simply not in her passport
        problem(jean.post("/me/passport/Composition/" + story + "/dispute",
                "{\"reason\":\"not mine\",\"section\":\"living-situation\"}", "Content-Type", json), 404);
        problem(jean.post("/me/disputes/no-such-dispute/resolve", "{}", "Content-Type", json), 404);
        problem(delroy.post("/me/passport/Composition/" + story + "/dispute", "{\"section\":\"living-situation\"}",
                "Content-Type", json), 422);
        problem(delroy.post("/me/passport/Composition/" + story + "/dispute", "{not json", "Content-Type", json), 400);
        problem(delroy.post("/me/passport/Composition/" + story + "/dispute",
                "{\"reason\":\"x\",\"section\":\"no-such-section\"}", "Content-Type", json), 422);
        problem(delroy.post("/me/passport/Consent/delroy-campbell-consent/dispute", "{\"reason\":\"x\"}",
                "Content-Type", json), 404);
        // his own words are his to change, not to dispute
        problem(delroy.post("/me/passport/Composition/" + story + "/dispute",
                "{\"reason\":\"x\",\"section\":\"about-me\"}", "Content-Type", json), 409);
        problem(as("prac-linda-crane").post("/me/passport/Composition/" + story + "/dispute", "{\"reason\":\"x\"}",
                "Content-Type", json), 403);
        assertEquals(disputesBefore, ok(delroy.get("/me/disputes"), 200).path("disputes").size(), "nothing raised");
    }

    static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static void problem(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
        assertEquals(status, JSON.readTree(r.body()).path("status").asInt(), r.body());
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
        throw new AssertionError("no " + type + "/" + id);
    }

    static JsonNode livingSituation(JsonNode bundle) {
        for (JsonNode e : bundle.path("entry")) {
            if ("Composition".equals(e.path("resource").path("resourceType").asText())) {
                return section(e.path("resource"), "living-situation");
            }
        }
        throw new AssertionError("no story disclosed");
    }

    static JsonNode section(JsonNode composition, String code) {
        for (JsonNode s : composition.path("section")) {
            if (code.equals(s.path("code").path("coding").path(0).path("code").asText())) {
                return s;
            }
        }
        throw new AssertionError("no section " + code);
    }

    static String assertion(JsonNode element) {
        for (JsonNode x : element.path("extension")) {
            if (CodeSystems.EXT_RESIDENT_ASSERTION.equals(x.path("url").asText())) {
                return x.path("valueCoding").path("code").asText();
            }
        }
        return "";
    }

    /** The ids of the open-dispute extensions directly on an element. */
    static List<String> openDisputes(JsonNode element) {
        List<String> ids = new ArrayList<>();
        for (JsonNode x : element.path("extension")) {
            if (CodeSystems.EXT_OPEN_DISPUTE.equals(x.path("url").asText())) {
                for (JsonNode part : x.path("extension")) {
                    if ("id".equals(part.path("url").asText())) {
                        ids.add(part.path("valueString").asText());
                    }
                }
            }
        }
        return ids;
    }

    static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.path("id").asText()));
        return out;
    }
}
