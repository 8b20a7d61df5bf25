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
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;

/**
 * Sharing without FHIR (issue 12): the resident's happy path with /me/sharing (start, write a story section, share
 * it with a link worker for support planning until a date, preview, stop), and the round trip both ways with the FHIR
 * Consent of /me/consent.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
class SharingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREVIEW = "/me/preview?purpose=support-planning&role=social-prescribing-link-worker"
            + "&organisationType=voluntary-community&organisation=org-newham-sp&organisationName=Newham%20Social%20Prescribing";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;

    static volatile boolean warm;

    Http startPassport(String subject) throws Exception {
        return startWith(server, tokens, subject);
    }

    /** A resident with a new passport and one Goal, signed in as {@code subject} (SharingRaceTest uses it too). */
    static Http startWith(EmbeddedServer server, ServiceTokens tokens, String subject) throws Exception {
        if (!warm) {
            // the first passport a JVM starts loads the FHIR validator; on a loaded machine that outlasts the client's
            // 60 s timeout, so start one to throw away first (its answer is not what is tested)
            try {
                new Http(server.getURI()).as(new TestTokens(tokens).resident(subject + "-warm", "Warm"))
                        .post("/me/passport", Fixtures.AMARA.replace("9434765919",
                                org.wellbeingpassport.fhir.example.NhsNumber.forSeed(System.nanoTime() + 1)));
            } catch (java.io.UncheckedIOException slow) {
                // still loading: the next request waits for it
            }
            warm = true;
        }
        Http me = new Http(server.getURI()).as(new TestTokens(tokens).resident(subject, "Amara"));
        String patient = Fixtures.AMARA.replace("9434765919",
                org.wellbeingpassport.fhir.example.NhsNumber.forSeed(System.nanoTime()));
        HttpResponse<String> created = me.post("/me/passport", patient);
        assertEquals(201, created.statusCode(), created.body());
        String rid = JSON.readTree(created.body()).path("residentId").asText();
        HttpResponse<String> goal = me.put("/me/passport/Goal/goal-1",
                "{\"resourceType\":\"Goal\",\"id\":\"goal-1\",\"lifecycleStatus\":\"active\",\"description\":"
                        + "{\"text\":\"Get back to running\"},\"subject\":{\"reference\":\"Patient/" + rid + "\"}}");
        assertEquals(201, goal.statusCode(), goal.body());
        return me;
    }

    static String shareGoalsWithLinkWorkers(LocalDate until) {
        return "{\"who\":{\"kind\":\"role-at-organisation\",\"role\":\"social-prescribing-link-worker\","
                + "\"organisationId\":\"org-newham-sp\",\"organisationName\":\"Newham Social Prescribing\"},"
                + "\"sections\":[\"goals\"],\"purposes\":[\"support-planning\"],\"until\":\"" + until + "\"}";
    }

    static HttpResponse<String> post(Http as, String path, String body) {
        return as.post(path, body, "Content-Type", "application/json");
    }

    static List<String> goalsIn(JsonNode preview) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : preview.path("wouldSee").path("entry")) {
            if ("Goal".equals(e.path("resource").path("resourceType").asText())) {
                out.add(e.path("resource").path("description").path("text").asText());
            }
        }
        return out;
    }

    @Test
    void theResidentSharesPreviewsAndStopsWithPlainRecords() throws Exception {
        Http me = startPassport("resident:sharing-happy-" + System.nanoTime());
        assertEquals(List.of(), goalsIn(JSON.readTree(me.get(PREVIEW).body())), "nothing shared yet");
        assertEquals("{\"choices\":[]}", me.get("/me/sharing").body());

        LocalDate until = LocalDate.now(ZoneOffset.UTC).plusDays(60);
        HttpResponse<String> shared = post(me, "/me/sharing", shareGoalsWithLinkWorkers(until));
        assertEquals(201, shared.statusCode(), shared.body());
        JsonNode choice = JSON.readTree(shared.body());
        String id = choice.path("id").asText();
        assertEquals("/me/sharing/" + id, shared.headers().firstValue("Location").orElseThrow());
        assertEquals(until.toString(), choice.path("until").asText());
        assertEquals("[\"goals\"]", choice.path("sections").toString());
        assertEquals("[\"support-planning\"]", choice.path("purposes").toString());
        assertEquals("role-at-organisation", choice.path("who").path("kind").asText());
        assertTrue(choice.path("summary").asText().contains("Newham Social Prescribing"), shared.body());

        JsonNode listed = JSON.readTree(me.get("/me/sharing").body()).path("choices");
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(choice, listed.get(0), "what was made is what is listed");

        JsonNode preview = JSON.readTree(me.get(PREVIEW).body());
        assertEquals(List.of("Get back to running"), goalsIn(preview), preview.toString());
        assertFalse(preview.toString().contains("The  "), "no blank organisation name: " + preview);

        HttpResponse<String> stopped = me.delete("/me/sharing/" + id);
        assertEquals(204, stopped.statusCode(), stopped.body());
        assertEquals("{\"choices\":[]}", me.get("/me/sharing").body());
        assertEquals(List.of(), goalsIn(JSON.readTree(me.get(PREVIEW).body())), "stopped on the next request");
        assertEquals(404, me.delete("/me/sharing/" + id).statusCode(), "stopping twice: not there");
    }

    @Test
    void sharingAndTheFhirConsentAreTheSameChoicesBothWays() throws Exception {
        Http me = startPassport("resident:sharing-trip-" + System.nanoTime());
        LocalDate until = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        JsonNode made = JSON.readTree(post(me, "/me/sharing", shareGoalsWithLinkWorkers(until)).body());
        String id = made.path("id").asText();

        // sharing -> FHIR: /me/consent holds the same provision
        HttpResponse<String> consent = me.get("/me/consent");
        assertEquals(200, consent.statusCode(), consent.body());
        JsonNode fhir = JSON.readTree(consent.body());
        assertEquals("Consent", fhir.path("resourceType").asText());
        assertTrue(consent.body().contains(id), "the provision id is in the Consent: " + consent.body());
        assertTrue(consent.body().contains("org-newham-sp"), consent.body());

        // stop it with /me/sharing, then put the earlier Consent back through /me/consent (FHIR -> sharing)
        assertEquals(204, me.delete("/me/sharing/" + id).statusCode());
        String etag = me.get("/me/consent").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> put = me.put("/me/consent", consent.body(), "Content-Type", "application/fhir+json",
                "If-Match", etag);
        assertEquals(200, put.statusCode(), put.body());
        HttpResponse<String> stale = me.put("/me/consent", consent.body(), "Content-Type", "application/fhir+json",
                "If-Match", etag);
        assertEquals(412, stale.statusCode(), "the same If-Match again is stale: " + stale.body());
        JsonNode back = JSON.readTree(me.get("/me/sharing").body()).path("choices");
        assertEquals(1, back.size(), back.toString());
        assertEquals(made, back.get(0), "the same choice, read back from the FHIR Consent");
    }

    @Test
    void aWhoThatDoesNotFitItsKindIsA422NamingEachField() throws Exception {
        Http me = startPassport("resident:sharing-bad-" + System.nanoTime());
        HttpResponse<String> r = post(me, "/me/sharing", "{\"who\":{\"kind\":\"role-at-organisation\","
                + "\"role\":\"gp\",\"systemId\":\"x\"},\"sections\":[\"goals\"],\"purposes\":[\"direct-care\"]}");
        assertEquals(422, r.statusCode(), r.body());
        List<String> errors = new ArrayList<>();
        JSON.readTree(r.body()).path("errors").forEach(e -> errors.add(e.asText()));
        assertEquals(List.of("who.organisationId: required when kind is role-at-organisation",
                "who.organisationName: required when kind is role-at-organisation",
                "who.systemId: not used when kind is role-at-organisation"), errors);
        HttpResponse<String> past = post(me, "/me/sharing", shareGoalsWithLinkWorkers(LocalDate.of(2020, 1, 1)));
        assertEquals(422, past.statusCode(), past.body());
        HttpResponse<String> unknown = post(me, "/me/sharing",
                "{\"who\":{\"kind\":\"everyone\"}," + "\"sections\":[\"goals\"],\"purposes\":[\"direct-care\"]}");
        assertEquals(422, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("who.kind: one of professional"), unknown.body());
        assertEquals("{\"choices\":[]}", me.get("/me/sharing").body(), "nothing was shared");
    }
}
