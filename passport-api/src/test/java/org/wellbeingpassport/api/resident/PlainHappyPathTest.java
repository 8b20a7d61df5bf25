package org.wellbeingpassport.api.resident;

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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.fhir.example.NhsNumber;

/**
 * Issue 12, acceptance 4: the resident's happy path over real HTTP with plain JSON records only, no FHIR written by
 * the client: start a passport (POST /me/passport), write a story section (POST /me/story/goals/entries), share it
 * with link workers for support planning until a date (POST /me/sharing), preview (GET /me/preview), stop sharing
 * (DELETE /me/sharing/{id}), preview again.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
class PlainHappyPathTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREVIEW = "/me/preview?purpose=support-planning&role=social-prescribing-link-worker"
            + "&organisationType=voluntary-community&organisation=org-newham-sp&organisationName=Newham%20Social%20Prescribing";
    static final String[] PLAIN = {"Content-Type", "application/json"};

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;

    static String start(String nhs) {
        return "{\"givenName\":\"Amara\",\"familyName\":\"Okafor\",\"birthDate\":\"1987-04-12\",\"nhsNumber\":\"" + nhs
                + "\"}";
    }

    static List<String> notesIn(JsonNode preview) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : preview.path("wouldSee").path("entry")) {
            if ("Observation".equals(e.path("resource").path("resourceType").asText())) {
                out.add(e.path("resource").path("valueString").asText());
            }
        }
        return out;
    }

    @Test
    void startWriteShareThenPreviewAndStopWithPlainRecordsOnly() throws Exception {
        TestTokens t = new TestTokens(tokens);
        try {
            // the first passport a JVM starts loads the FHIR validator; on a loaded machine that can outlast the
            // client's 60 s timeout, so start one to throw away first (its answer is not what is tested)
            new Http(server.getURI()).as(t.resident("resident:plain-warm-" + System.nanoTime(), "Warm"))
                    .post("/me/passport", start(NhsNumber.forSeed(System.nanoTime() + 7)), PLAIN);
        } catch (java.io.UncheckedIOException slow) {
            // still loading: the next request waits for it
        }
        Http me = new Http(server.getURI()).as(t.resident("resident:plain-" + System.nanoTime(), "Amara"));

        HttpResponse<String> started = me.post("/me/passport", start(NhsNumber.forSeed(System.nanoTime())), PLAIN);
        assertEquals(201, started.statusCode(), started.body());
        String rid = JSON.readTree(started.body()).path("residentId").asText();
        assertFalse(rid.isBlank(), started.body());
        // the same FHIR Patient a FHIR client would have sent
        JsonNode mine = JSON.readTree(me.get("/me/passport").body());
        assertTrue(mine.toString().contains("\"family\":\"Okafor\""), mine.toString());
        assertEquals(409, me.post("/me/passport", start(NhsNumber.forSeed(System.nanoTime())), PLAIN).statusCode(),
                "one passport each");

        HttpResponse<String> wrote = me.post("/me/story/goals/entries",
                "{\"text\":\"Get back to running with my daughter\"}", PLAIN);
        assertEquals(201, wrote.statusCode(), wrote.body());
        JsonNode entry = JSON.readTree(wrote.body());
        assertEquals("goals", entry.path("section").asText());
        assertEquals("Get back to running with my daughter", entry.path("text").asText());
        assertEquals("/me/story/goals/entries/" + entry.path("id").asText(),
                wrote.headers().firstValue("Location").orElseThrow());
        assertEquals(List.of(), notesIn(JSON.readTree(me.get(PREVIEW).body())), "nothing shared yet");

        String until = LocalDate.now(ZoneOffset.UTC).plusDays(60).toString();
        HttpResponse<String> shared = me.post("/me/sharing",
                "{\"who\":{\"kind\":\"role-at-organisation\",\"role\":\"social-prescribing-link-worker\","
                        + "\"organisationId\":\"org-newham-sp\",\"organisationName\":\"Newham Social Prescribing\"},"
                        + "\"sections\":[\"goals\"],\"purposes\":[\"support-planning\"],\"until\":\"" + until + "\"}",
                PLAIN);
        assertEquals(201, shared.statusCode(), shared.body());
        String choice = JSON.readTree(shared.body()).path("id").asText();

        HttpResponse<String> preview = me.get(PREVIEW);
        assertEquals(200, preview.statusCode(), preview.body());
        JsonNode p = JSON.readTree(preview.body());
        assertEquals(List.of("Get back to running with my daughter"), notesIn(p), preview.body());
        assertTrue(p.path("sections").isArray() && p.path("sections").size() > 0, preview.body());
        assertFalse(preview.body().contains("The  "), "no blank organisation name");

        assertEquals(204, me.delete("/me/sharing/" + choice).statusCode());
        assertEquals(List.of(), notesIn(JSON.readTree(me.get(PREVIEW).body())), "stopped on the next request");
    }

    @Test
    void plainRecordsAreCheckedAtTheDoor() throws Exception {
        Http me = new Http(server.getURI())
                .as(new TestTokens(tokens).resident("resident:plain-bad-" + System.nanoTime(), "Amara"));
        HttpResponse<String> future = me.post("/me/passport",
                "{\"givenName\":\"Amara\",\"familyName\":\"\",\"birthDate\":\"2999-01-01\",\"nhsNumber\":\"9434765918\"}",
                PLAIN);
        assertEquals(422, future.statusCode(), future.body());
        for (String path : List.of("familyName", "birthDate", "nhsNumber")) {
            assertTrue(future.body().contains(path), path + " named: " + future.body());
        }
        HttpResponse<String> unknown = me.post("/me/passport",
                "{\"givenName\":\"Amara\",\"familyName\":\"Okafor\",\"birthDate\":\"1987-04-12\",\"resourceType\":\"Patient\"}",
                PLAIN);
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("resourceType"), unknown.body());
        assertEquals(404, me.post("/me/story/goals/entries", "{\"text\":\"hello\"}", PLAIN).statusCode(),
                "no passport yet");
    }
}
