package org.wellbeingpassport.api.contribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.api.contribution.DisputeScenarioTest.assertion;
import static org.wellbeingpassport.api.contribution.DisputeScenarioTest.ok;
import static org.wellbeingpassport.api.contribution.DisputeScenarioTest.resource;
import static org.wellbeingpassport.api.contribution.DisputeScenarioTest.section;
import static org.wellbeingpassport.api.contribution.DisputeScenarioTest.storyId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * Who wrote an entry is the service's to say, never the body's: over real HTTP, Jean (a resident) cannot make an entry
 * of hers look written, proposed or confirmed by her link worker Sam, nor confirm his proposal by writing it back;
 * when she changes his proposal it becomes hers, and his version stays in the entry's history.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class ResidentAuthorshipTest {
    static final String JEAN = "jean-whitfield";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;

    Http as(String demoUser) {
        return new Http(server.getURI()).as(new TestTokens(tokens).demo(demoUser));
    }

    static String forgedAssertion(String code) {
        return "{\"url\":\"" + CodeSystems.EXT_RESIDENT_ASSERTION + "\",\"valueCoding\":{\"system\":\""
                + CodeSystems.RESIDENT_ASSERTION + "\",\"code\":\"" + code + "\"}}";
    }

    JsonNode mine(Http jean, String type, String id) throws Exception {
        return resource(ok(jean.get("/me/passport"), 200), type, id);
    }

    @Test
    void aResidentCannotClaimSomeoneElseWroteHerEntry() throws Exception {
        Http jean = as(JEAN);
        String id = "authorship-forged-goal";
        String body = "{\"resourceType\":\"Goal\",\"id\":\"" + id + "\",\"lifecycleStatus\":\"active\","
                + "\"extension\":[" + forgedAssertion("confirmed") + "],"
                + "\"description\":{\"text\":\"Walk to the shops twice a week\"},"
                + "\"subject\":{\"reference\":\"Patient/" + JEAN + "\"},"
                + "\"expressedBy\":{\"reference\":\"Practitioner/prac-sam-okoro\"},"
                + "\"meta\":{\"tag\":[{\"system\":\"" + CodeSystems.ORIGIN + "\",\"code\":\"professional-entered\"}]}}";
        assertEquals(201,
                jean.put("/me/passport/Goal/" + id, body, "Content-Type", "application/fhir+json").statusCode());
        JsonNode stored = mine(jean, "Goal", id);
        assertEquals("Patient/" + JEAN, stored.path("expressedBy").path("reference").asText(), stored.toString());
        assertEquals("written", assertion(stored));
        assertEquals("resident-entered", origin(stored));
        assertEquals(1, count(stored.path("extension"), CodeSystems.EXT_RESIDENT_ASSERTION), "one assertion");
    }

    @Test
    void writingAProposalBackUnchangedDoesNotConfirmItButChangingItMakesItHers() throws Exception {
        Http sam = as("prac-sam-okoro");
        Http jean = as(JEAN);
        String id = ok(sam.post("/passports/" + JEAN + "/entries?purpose=support-planning",
                "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"proposed\","
                        + "\"description\":{\"text\":\"Try the Saturday parkrun\"},"
                        + "\"subject\":{\"reference\":\"Patient/" + JEAN + "\"}}"),
                201).path("id").asText();
        ObjectNode proposal = (ObjectNode) mine(jean, "Goal", id);
        assertEquals("proposed", assertion(proposal));

        // the same content sent back claiming "confirmed": still Sam's, still proposed, still professional-entered
        ObjectNode same = proposal.deepCopy();
        ArrayNode ext = (ArrayNode) same.get("extension");
        ext.removeAll();
        ext.add(JSON.readTree(forgedAssertion("confirmed")));
        same.putObject("expressedBy").put("reference", "Patient/" + JEAN);
        assertEquals(200, jean.put("/me/passport/Goal/" + id, same.toString(), "Content-Type", "application/fhir+json")
                .statusCode());
        JsonNode kept = mine(jean, "Goal", id);
        assertEquals("proposed", assertion(kept), "confirming is its own route");
        assertEquals("Practitioner/prac-sam-okoro", kept.path("expressedBy").path("reference").asText());
        assertEquals("professional-entered", origin(kept));

        // changed: it is Jean's words now, and written by her
        ObjectNode changed = (ObjectNode) kept.deepCopy();
        ((ObjectNode) changed.get("description")).put("text", "Try the Saturday parkrun, walking it");
        assertEquals(200,
                jean.put("/me/passport/Goal/" + id, changed.toString(), "Content-Type", "application/fhir+json")
                        .statusCode());
        JsonNode hers = mine(jean, "Goal", id);
        assertEquals("Patient/" + JEAN, hers.path("expressedBy").path("reference").asText());
        assertEquals("written", assertion(hers));
        assertEquals("resident-entered", origin(hers));

        // Sam's words stay in the entry's history, as his
        JsonNode history = ok(jean.get("/me/passport/Goal/" + id + "/_history"), 200);
        assertTrue(history.toString().contains("\"Try the Saturday parkrun\""), history.toString());
        assertTrue(history.toString().contains("Practitioner/prac-sam-okoro"), history.toString());
    }

    @Test
    void anUnchangedStorySectionKeepsWhoWroteItWhateverTheBodySays() throws Exception {
        Http jean = as(JEAN);
        JsonNode bundle = ok(jean.get("/me/passport"), 200);
        ObjectNode story = (ObjectNode) resource(bundle, "Composition", storyId(bundle)).deepCopy();
        JsonNode before = section(story, "living-situation").deepCopy();
        ObjectNode forged = (ObjectNode) section(story, "living-situation");
        forged.putArray("author").addObject().put("reference", "Practitioner/prac-sam-okoro");
        for (JsonNode x : forged.path("extension")) { // the body claims "confirmed" (keeping its asserted-on)
            if (CodeSystems.EXT_RESIDENT_ASSERTION.equals(x.path("url").asText())) {
                ((ObjectNode) x.path("valueCoding")).put("code", "confirmed");
            }
        }
        var put = jean.put("/me/passport/Composition/" + story.path("id").asText(), story.toString(), "Content-Type",
                "application/fhir+json");
        assertEquals(200, put.statusCode(), put.body());
        JsonNode after = section(mine(jean, "Composition", story.path("id").asText()), "living-situation");
        assertEquals(before.path("author"), after.path("author"), "who wrote it is unchanged");
        assertEquals(assertion(before), assertion(after));
    }

    static String origin(JsonNode resource) {
        for (JsonNode t : resource.path("meta").path("tag")) {
            if (CodeSystems.ORIGIN.equals(t.path("system").asText())) {
                return t.path("code").asText();
            }
        }
        return "";
    }

    static int count(JsonNode extensions, String url) {
        int n = 0;
        for (JsonNode x : extensions) {
            n += url.equals(x.path("url").asText()) ? 1 : 0;
        }
        return n;
    }
}
