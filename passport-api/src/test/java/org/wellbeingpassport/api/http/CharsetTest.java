package org.wellbeingpassport.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/**
 * Regression: {@code charset=bogus} on any body route was a 500 (the fuzz run's first cause). Now every body route
 * refuses a charset other than UTF-8 with 415, as an OperationOutcome under /fhir and problem+json elsewhere, and
 * still takes UTF-8 however it is spelled.
 */
@MicronautTest
class CharsetTest {
    /** Every route that reads a body: method, path, and who may call it. */
    static final List<String[]> BODY_ROUTES = List.of(new String[]{"POST", "/fhir/Patient", "system"},
            new String[]{"PUT", "/fhir/Patient/p-1?purpose=direct-care", "system"},
            new String[]{"POST", "/passports/jean-whitfield/entries?purpose=support-planning", "professional"},
            new String[]{"POST", "/me/passport", "resident"}, new String[]{"PUT", "/me/passport/Goal/g-1", "resident"},
            new String[]{"PUT", "/me/consent", "resident"},
            new String[]{"POST", "/me/passport/Goal/g-1/confirm", "resident"},
            new String[]{"POST", "/me/passport/Goal/g-1/dispute", "resident"},
            new String[]{"POST", "/me/disputes/d-1/resolve", "resident"},
            new String[]{"POST", "/me/share-codes", "resident"}, new String[]{"POST", "/me/carers", "resident"},
            new String[]{"POST", "/me/requests/r-1/approve", "resident"},
            new String[]{"POST", "/me/requests/r-1/refuse", "resident"},
            new String[]{"POST", "/share-codes/redeem", "professional"},
            new String[]{"POST", "/access-requests", "professional"},
            new String[]{"POST", "/passports/jean-whitfield/break-glass", "professional"},
            new String[]{"POST", "/audit/break-glass/e-1/review", "auditor"});

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;

    Http as(String who) {
        TestTokens t = new TestTokens(tokens);
        Http http = new Http(server.getURI());
        return switch (who) {
            case "system" -> http.as(t.demo(org.wellbeingpassport.api.Fixtures.GP_SYSTEM));
            case "auditor" -> http.as(t.auditor());
            case "resident" -> http.as(t.resident("resident:charset-1", "Cara Set"));
            default -> http.as(t.professional("prac-cs", "Sam Charset", ProfessionalRole.SAFEGUARDING_LEAD, "org-cs",
                    "Charset Council", OrganisationType.ADULT_SOCIAL_CARE));
        };
    }

    HttpResponse<String> send(String[] route, String contentType, String body) {
        Http http = as(route[2]);
        return route[0].equals("PUT")
                ? http.put(route[1], body, "Content-Type", contentType)
                : http.post(route[1], body, "Content-Type", contentType);
    }

    @Test
    void aBogusCharsetIs415InTheEdgesShapeOnEveryBodyRoute() {
        for (String[] route : BODY_ROUTES) {
            for (String type : List.of("application/json; charset=bogus", "application/fhir+json;charset=bogus",
                    "application/json; charset=\"x-no-such\"", "application/json; charset=utf-16",
                    "application/json; charset=", "application/json; charset=ISO-8859-1")) {
                HttpResponse<String> r = send(route, type, "{}");
                String what = route[0] + " " + route[1] + " with " + type + ": " + r.body();
                assertEquals(415, r.statusCode(), what);
                String ct = r.headers().firstValue("Content-Type").orElse("");
                if (route[1].startsWith("/fhir/")) {
                    assertTrue(ct.startsWith("application/fhir+json"), what);
                    assertTrue(r.body().contains("\"resourceType\":\"OperationOutcome\""), what);
                } else {
                    assertTrue(ct.startsWith("application/problem+json"), what);
                    assertTrue(r.body().contains("\"status\":415"), what);
                }
                assertTrue(r.body().contains("UTF-8"), what);
            }
        }
    }

    @Test
    void utf8IsTakenHoweverItIsSpelled() {
        Http partner = as("system");
        for (String type : List.of("application/fhir+json; charset=UTF-8", "application/fhir+json;charset=utf-8",
                "application/fhir+json; charset=\"utf-8\"", "application/fhir+json; charset=utf8",
                "application/fhir+json")) {
            HttpResponse<String> r = partner.post("/fhir/Patient", Fixtures.amara(), "Content-Type", type);
            assertEquals(201, r.statusCode(), type + ": " + r.body());
        }
    }

    @Test
    void aMalformedContentTypeIsNever500() {
        for (String type : List.of(";;;", "application/json; charset", "application/json;=utf-8", "/", "a/b/c",
                "application/json; charset=utf-8; charset=bogus")) {
            for (String[] route : BODY_ROUTES) {
                HttpResponse<String> r = send(route, type, "{}");
                assertNotEquals(500, r.statusCode(), route[1] + " with " + type + ": " + r.body());
                assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, route[1] + " with " + type);
            }
        }
    }
}
