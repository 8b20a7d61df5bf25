package org.wellbeingpassport.api.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.wellbeingpassport.api.access.AccessFixture.body;
import static org.wellbeingpassport.api.access.AccessFixture.problem;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.IdentifierIndex;
import org.wellbeingpassport.api.passport.PassportImporter;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/**
 * The error rule (README, "API overview") as a table: for each route with a record at the door, one request per
 * status class it can return, each refusal problem+json without an internal message. 429 (AccessRequestTest,
 * ShareCodeTest, CarerTest, BreakGlassTest: they exhaust the limits, and AccessFixture.problem checks Retry-After)
 * and 503 (GateRoutesTest, with the audit store down) are covered where their set-up lives.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
class ErrorRuleTableTest {
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

    record Row(String who, Http as, String method, String path, String body, int status) {
    }

    @Test
    void eachRouteAnswersEachStatusClassByTheRule() throws Exception {
        Http anonymous = new Http(server.getURI());
        AccessFixture fx = new AccessFixture(anonymous, tokens, importer, accounts, identifiers);
        AccessFixture.Resident jo = fx.resident("nasreen-akhtar", List.of());
        Http lead = fx.professional("table-lead-" + System.nanoTime(), "Lee Lead", ProfessionalRole.SAFEGUARDING_LEAD,
                "org-table", "Table Council", OrganisationType.ADULT_SOCIAL_CARE);
        Http worker = fx.professional("table-worker-" + System.nanoTime(), "Wes Worker", ProfessionalRole.WORK_COACH,
                "org-table-2", "Table Jobcentre", OrganisationType.JOBCENTRE_DWP);
        Http carer = fx.carer("table-carer-" + System.nanoTime(), "Cara Carer");
        Http noPassport = anonymous
                .as(new TestTokens(tokens).resident("resident:table-none-" + System.nanoTime(), "Nobody"));
        String ask = "{\"nhsNumber\":\"" + jo.nhsNumber() + "\",\"birthDate\":\"" + jo.birthDate()
                + "\",\"purpose\":\"support-planning\",\"sections\":[\"goals\"],\"reason\":\"first visit\"}";
        String requestId = body(AccessFixture.post(lead, "/access-requests", ask)).path("id").asText();
        String answered = body(AccessFixture.post(lead, "/access-requests", ask)).path("id").asText();
        AccessFixture.post(jo.http(), "/me/requests/" + answered + "/refuse", "");
        String share = "{\"who\":{\"kind\":\"organisation-type\",\"organisationType\":\"gp-practice\"},"
                + "\"sections\":[\"goals\"],\"purposes\":[\"direct-care\"]}";

        Http fresh = anonymous.as(new TestTokens(tokens).resident("resident:table-new-" + System.nanoTime(), "Amara"));
        String start = "{\"givenName\":\"Amara\",\"familyName\":\"Okafor\",\"birthDate\":\"1987-04-12\","
                + "\"nhsNumber\":\"" + org.wellbeingpassport.fhir.example.NhsNumber.forSeed(System.nanoTime()) + "\"}";
        String preview = "/me/preview?purpose=benefits-employment&role=work-coach&organisationType=jobcentre-dwp";

        List<Row> table = List.of(
                // POST /access-requests
                new Row("professional", lead, "POST", "/access-requests", ask, 202),
                new Row("professional", lead, "POST", "/access-requests", "{\"nhs\":1}", 400),
                new Row("nobody", anonymous, "POST", "/access-requests", ask, 401),
                new Row("resident", jo.http(), "POST", "/access-requests", ask, 403),
                new Row("professional", lead, "POST", "/access-requests", ask.replace("support-planning", "x"), 422),
                // GET /access-requests/{id}
                new Row("professional", lead, "GET", "/access-requests/" + requestId, null, 200),
                new Row("another professional", worker, "GET", "/access-requests/" + requestId, null, 404),
                new Row("resident", jo.http(), "GET", "/access-requests/" + requestId, null, 403),
                // /me/requests
                new Row("resident", jo.http(), "GET", "/me/requests", null, 200),
                new Row("no passport", noPassport, "GET", "/me/requests", null, 404),
                new Row("resident", jo.http(), "POST", "/me/requests/" + requestId + "/approve", "{\"until\":\"soon\"}",
                        422),
                new Row("resident", jo.http(), "POST", "/me/requests/" + requestId + "/approve", "{\"all\":true}", 400),
                new Row("resident", jo.http(), "POST", "/me/requests/" + answered + "/approve", "{}", 409),
                new Row("resident", jo.http(), "POST", "/me/requests/ar-none/approve", "{}", 404),
                new Row("professional", lead, "POST", "/me/requests/" + requestId + "/refuse", "", 403),
                new Row("resident", jo.http(), "POST", "/me/requests/" + requestId + "/approve", "{}", 200),
                // share codes
                new Row("resident", jo.http(), "POST", "/me/share-codes",
                        "{\"sections\":[\"goals\"],\"purpose\":\"direct-care\"}", 201),
                new Row("resident", jo.http(), "POST", "/me/share-codes", "{\"sections\":[\"goals\"]", 400),
                new Row("resident", jo.http(), "POST", "/me/share-codes",
                        "{\"sections\":[\"goals\"],\"purpose\":\"direct-care\",\"uses\":11}", 422),
                new Row("professional", lead, "POST", "/me/share-codes",
                        "{\"sections\":[\"goals\"],\"purpose\":\"direct-care\"}", 403),
                new Row("professional", lead, "POST", "/share-codes/redeem",
                        "{\"code\":\"AAAA-AAAA\",\"purpose\":\"direct-care\"}", 404),
                new Row("professional", lead, "POST", "/share-codes/redeem", "{\"code\":\"AAAA-AAAA\"}", 422),
                new Row("professional", lead, "POST", "/share-codes/redeem", "{\"code\":7,\"when\":1}", 400),
                // carers
                new Row("resident", jo.http(), "GET", "/me/carers", null, 200),
                new Row("resident", jo.http(), "POST", "/me/carers",
                        "{\"carerAccount\":\"nobar\",\"name\":\"C\","
                                + "\"sections\":[\"goals\"],\"purposes\":[\"direct-care\"]}",
                        422),
                new Row("resident", jo.http(), "POST", "/me/carers", "{\"carer\":\"x\"}", 400),
                new Row("resident", jo.http(), "DELETE", "/me/carers/carer-none", null, 404),
                new Row("carer", carer, "GET", "/carer/delegations", null, 200),
                new Row("resident", jo.http(), "GET", "/carer/delegations", null, 403),
                // break-glass
                new Row("work coach", worker, "POST", "/passports/" + jo.id() + "/break-glass",
                        "{\"reason\":\"worried\"}", 403),
                new Row("safeguarding lead", lead, "POST", "/passports/" + jo.id() + "/break-glass",
                        "{\"reason\":\"\"}", 422),
                new Row("safeguarding lead", lead, "POST", "/passports/" + jo.id() + "/break-glass", "{\"why\":1}",
                        400),
                new Row("safeguarding lead", lead, "POST", "/passports/nobody-here/break-glass",
                        "{\"reason\":\"found unwell\"}", 404),
                new Row("safeguarding lead", lead, "POST", "/passports/" + jo.id() + "/break-glass",
                        "{\"reason\":\"found unwell\",\"minutes\":15}", 201),
                // notifications
                new Row("resident", jo.http(), "GET", "/me/notifications", null, 200),
                new Row("professional", lead, "GET", "/me/notifications", null, 403),
                // sharing
                new Row("resident", jo.http(), "GET", "/me/sharing", null, 200),
                new Row("no passport", noPassport, "GET", "/me/sharing", null, 404),
                new Row("resident", jo.http(), "POST", "/me/sharing", share, 201),
                new Row("resident", jo.http(), "POST", "/me/sharing", share.replace("gp-practice", "pub"), 422),
                new Row("resident", jo.http(), "POST", "/me/sharing", "{\"who\":{},\"extra\":1}", 400),
                new Row("resident", jo.http(), "DELETE", "/me/sharing/share-none", null, 404),
                new Row("professional", lead, "GET", "/me/sharing", null, 403),
                // starting a passport with a plain record
                new Row("new resident", fresh, "POST", "/me/passport", start, 201),
                new Row("resident", jo.http(), "POST", "/me/passport", start, 409),
                new Row("new resident", noPassport, "POST", "/me/passport", start.replace("Okafor", ""), 422),
                new Row("new resident", noPassport, "POST", "/me/passport", "{\"resourceType\":\"Patient\"}", 400),
                new Row("professional", lead, "POST", "/me/passport", start, 403),
                new Row("nobody", anonymous, "POST", "/me/passport", start, 401),
                // the story in plain words
                new Row("resident", jo.http(), "POST", "/me/story/goals/entries", "{\"text\":\"Walk daily\"}", 201),
                new Row("resident", jo.http(), "POST", "/me/story/goals/entries", "{\"text\":\"\"}", 422),
                new Row("resident", jo.http(), "POST", "/me/story/goals/entries", "{\"words\":\"x\"}", 400),
                new Row("resident", jo.http(), "POST", "/me/story/pets/entries", "{\"text\":\"x\"}", 404),
                new Row("no passport", noPassport, "POST", "/me/story/goals/entries", "{\"text\":\"x\"}", 404),
                new Row("professional", lead, "POST", "/me/story/goals/entries", "{\"text\":\"x\"}", 403),
                new Row("resident", jo.http(), "PUT", "/me/story/goals/entries/note-table-1", "{\"text\":\"x\"}", 201),
                new Row("resident", jo.http(), "PUT", "/me/story/goals/entries/note-table-1", "{\"text\":\"y\"}", 200),
                // the preview: a query parameter missing is malformed, one naming no code is invalid
                new Row("resident", jo.http(), "GET", preview, null, 200),
                new Row("resident", jo.http(), "GET", "/me/preview?purpose=support-planning", null, 400),
                new Row("resident", jo.http(), "GET", preview.replace("work-coach", "wizard"), null, 422),
                new Row("no passport", noPassport, "GET", preview, null, 404),
                new Row("professional", lead, "GET", preview, null, 403),
                // a professional reading (after the approval above), and why
                new Row("professional", lead, "GET", "/passports/" + jo.id() + "?purpose=support-planning", null, 200),
                new Row("professional", lead, "GET", "/passports/" + jo.id(), null, 400),
                new Row("professional", lead, "GET", "/passports/" + jo.id() + "?purpose=gossip", null, 422),
                new Row("another professional", worker, "GET", "/passports/" + jo.id() + "?purpose=support-planning",
                        null, 404),
                new Row("resident", jo.http(), "GET", "/passports/" + jo.id() + "?purpose=support-planning", null, 403),
                new Row("professional", lead, "GET", "/passports/" + jo.id() + "/why?purpose=support-planning", null,
                        200),
                new Row("professional", lead, "GET", "/passports/" + jo.id() + "/why?purpose=gossip", null, 422),
                new Row("professional", lead, "GET", "/passports/" + jo.id() + "/why", null, 400));

        List<String> wrong = new ArrayList<>();
        for (Row r : table) {
            HttpRequest.BodyPublisher publisher = r.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(r.body());
            HttpResponse<String> got = r.as().send(
                    HttpRequest.newBuilder().method(r.method(), publisher).uri(server.getURI().resolve(r.path())),
                    "Content-Type", "application/json");
            String name = r.who() + " " + r.method() + " " + r.path() + " " + r.body();
            if (got.statusCode() != r.status()) {
                wrong.add(name + ": " + got.statusCode() + " " + got.body());
                continue;
            }
            if (r.status() >= 400) {
                try {
                    problem(got, r.status());
                    DoorTest.noInternalMessage(got);
                } catch (AssertionError e) {
                    wrong.add(name + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), wrong, "routes answering against the rule");
    }
}
