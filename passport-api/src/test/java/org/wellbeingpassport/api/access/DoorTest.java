package org.wellbeingpassport.api.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.api.access.AccessFixture.body;
import static org.wellbeingpassport.api.access.AccessFixture.ok;
import static org.wellbeingpassport.api.access.AccessFixture.post;
import static org.wellbeingpassport.api.access.AccessFixture.problem;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.IdentifierIndex;
import org.wellbeingpassport.api.passport.PassportImporter;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/**
 * The door (issue 12): request bodies are read into records, closed and checked there. Unknown fields are a 400
 * naming them (nested ones with their path), malformed JSON a 400, well-formed but wrong content a 422 with the path
 * of each problem; no answer carries the parser's message; empty lists are [] and dates are ISO text.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
class DoorTest {
    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    PassportImporter importer;
    @Inject
    ResidentAccounts accounts;
    @Inject
    IdentifierIndex identifiers;

    AccessFixture fx;
    Http professional;
    AccessFixture.Resident resident;

    @BeforeEach
    void setUp() {
        fx = new AccessFixture(new Http(server.getURI()), tokens, importer, accounts, identifiers);
        professional = fx.professional("door-" + System.nanoTime(), "Aisha Begum", ProfessionalRole.SAFEGUARDING_LEAD,
                "org-door", "Door Council", OrganisationType.ADULT_SOCIAL_CARE);
        resident = fx.resident("nasreen-akhtar", List.of());
    }

    String ask(String extra) {
        return "{\"nhsNumber\":\"" + resident.nhsNumber() + "\",\"birthDate\":\"" + resident.birthDate()
                + "\",\"purpose\":\"support-planning\",\"sections\":[\"goals\"],\"reason\":\"first visit\"" + extra
                + "}";
    }

    @Test
    void anUnknownFieldIsA400NamingIt() {
        HttpResponse<String> r = post(professional, "/access-requests", ask(",\"nhsNumbr\":\"x\""));
        problem(r, 400);
        JsonNode p = body(r);
        assertEquals("nhsNumbr: unknown field", p.path("errors").path(0).asText(), r.body());
        assertTrue(p.path("detail").asText().contains("nhsNumber"), "says what it takes: " + r.body());
        // nested: the path names where it is
        HttpResponse<String> nested = post(professional, "/passports/" + resident.id() + "/break-glass",
                "{\"reason\":\"risk to life\",\"deferNotice\":{\"reason\":\"risk\",\"who\":\"x\"}}");
        problem(nested, 400);
        assertEquals("deferNotice.who: unknown field", body(nested).path("errors").path(0).asText(), nested.body());
        // and on a resident's route
        HttpResponse<String> code = post(resident.http(), "/me/share-codes",
                "{\"sections\":[\"goals\"],\"purpose\":\"direct-care\",\"minutes\":30,\"forever\":true}");
        problem(code, 400);
        assertEquals("forever: unknown field", body(code).path("errors").path(0).asText(), code.body());
    }

    @Test
    void malformedJsonIsA400WithoutTheParsersMessage() {
        for (String bad : List.of("{\"reason\":", "[1,2]", "{\"reason\":\"a\",\"reason\":\"b\"}", "{} {}", "\"x\"")) {
            HttpResponse<String> r = post(professional, "/access-requests", bad);
            problem(r, 400);
            noInternalMessage(r);
        }
        HttpResponse<String> empty = post(professional, "/access-requests", "");
        problem(empty, 400);
        noInternalMessage(empty);
    }

    @Test
    void wellFormedButInvalidIsA422WithThePathOfEachProblem() {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[]{"{\"nhsNumber\":\"9434765918\",\"birthDate\":\"1987-04-12\",\"purpose\":\"direct-care\","
                + "\"sections\":[\"goals\"],\"reason\":\"x\"}", "nhsNumber"});
        cases.add(new String[]{"{\"nhsNumber\":\"9434765919\",\"birthDate\":\"12/04/1987\",\"purpose\":\"direct-care\","
                + "\"sections\":[\"goals\"],\"reason\":\"x\"}", "birthDate"});
        cases.add(new String[]{"{\"nhsNumber\":\"9434765919\",\"birthDate\":\"1987-04-12\",\"purpose\":\"nosy\","
                + "\"sections\":[\"goals\"],\"reason\":\"x\"}", "purpose"});
        cases.add(new String[]{"{\"nhsNumber\":\"9434765919\",\"birthDate\":\"1987-04-12\",\"purpose\":\"direct-care\","
                + "\"sections\":[\"goals\",\"diary\"],\"reason\":\"x\"}", "sections[1]"});
        cases.add(new String[]{"{\"nhsNumber\":\"9434765919\",\"birthDate\":\"1987-04-12\",\"purpose\":\"direct-care\","
                + "\"sections\":[],\"reason\":\"x\"}", "sections"});
        cases.add(new String[]{"{\"nhsNumber\":\"9434765919\",\"birthDate\":\"1987-04-12\",\"purpose\":\"direct-care\","
                + "\"sections\":[\"goals\"],\"reason\":\"" + "x".repeat(501) + "\"}", "reason"});
        cases.add(new String[]{"{\"nhsNumber\":\"9434765919\",\"birthDate\":\"1987-04-12\",\"purpose\":\"direct-care\","
                + "\"sections\":[\"goals\"]}", "reason"});
        for (String[] c : cases) {
            HttpResponse<String> r = post(professional, "/access-requests", c[0]);
            problem(r, 422);
            noInternalMessage(r);
            List<String> paths = new ArrayList<>();
            body(r).path("errors").forEach(e -> paths.add(e.asText().split(":")[0]));
            assertEquals(List.of(c[1]), paths, r.body());
        }
        // a word where a number goes, a number where a code goes
        HttpResponse<String> minutes = post(resident.http(), "/me/share-codes",
                "{\"sections\":[\"goals\"],\"purpose\":\"direct-care\",\"minutes\":\"thirty\"}");
        problem(minutes, 422);
        assertEquals("minutes: a whole number", body(minutes).path("errors").path(0).asText(), minutes.body());
        HttpResponse<String> range = post(resident.http(), "/me/share-codes",
                "{\"sections\":[\"goals\"],\"purpose\":\"direct-care\",\"minutes\":721}");
        problem(range, 422);
        assertTrue(body(range).path("errors").path(0).asText().startsWith("minutes: "), range.body());
        HttpResponse<String> code = post(resident.http(), "/me/share-codes",
                "{\"sections\":[3],\"purpose\":\"direct-care\"}");
        problem(code, 422);
        assertTrue(body(code).path("errors").path(0).asText().startsWith("sections[0]: one of about-me"), code.body());
    }

    @Test
    void listsAreArraysAndDatesAreText() {
        HttpResponse<String> carers = resident.http().get("/me/carers");
        ok(carers, 200);
        assertTrue(body(carers).path("carers").isArray(), carers.body());
        HttpResponse<String> requests = resident.http().get("/me/requests");
        ok(requests, 200);
        assertTrue(body(requests).path("requests").isArray(), requests.body());
        HttpResponse<String> notices = resident.http().get("/me/notifications");
        ok(notices, 200);
        assertTrue(body(notices).path("notifications").isArray(), notices.body());
        HttpResponse<String> made = post(resident.http(), "/me/share-codes",
                "{\"sections\":[\"goals\"],\"purpose\":\"direct-care\"}");
        ok(made, 201);
        assertTrue(body(made).path("expires").isTextual(), made.body());
        java.time.Instant.parse(body(made).path("expires").asText());
        assertEquals("[\"goals\"]", body(made).path("sections").toString());
    }

    static void noInternalMessage(HttpResponse<String> r) {
        for (String leak : List.of("com.fasterxml", "java.", "Exception", "Unrecognized", "Cannot deserialize", "line:",
                "column:", "Source:", "Failed to convert", "Required Body")) {
            assertFalse(r.body().contains(leak), "no internal message (" + leak + "): " + r.body());
        }
    }
}
