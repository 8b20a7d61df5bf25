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
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.gate.RouteCoverageTest;
import org.wellbeingpassport.api.http.Operations;
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

    @Inject
    Router router;

    /** One request: who sends it, what, and the status the rule says it gets; headers beyond Content-Type if any. */
    record Row(String who, Http as, String method, String path, String body, int status, String... headers) {
    }

    /**
     * Statuses a route declares that this table does not send, each with the test that does. 429 and 503 are everywhere
     * covered elsewhere (see the class comment); the rest are answers that need a set-up of their own (an entry a
     * professional proposed, a correction request at a given step, a code made a moment ago). The list may only shrink:
     * a status both here and in the table fails {@link #eachRouteAnswersEachStatusClassByTheRule}.
     */
    static final Map<String, String> ELSEWHERE = Map.ofEntries(
            Map.entry("DELETE /me/carers/{provisionId} 204", "GeneratedClientTest, CarerTest"),
            Map.entry("DELETE /me/sharing/{id} 204", "GeneratedClientTest, SharingTest"),
            Map.entry("DELETE /me/sharing/{id} 409", "SharingRaceTest"),
            Map.entry("POST /me/sharing 409", "SharingRaceTest"),
            Map.entry("POST /share-codes/redeem 200", "ShareCodeTest"),
            Map.entry("PUT /me/passport/{type}/{id} 200", "PatientApiTest, ClosedConsentTest"),
            Map.entry("PUT /me/passport/{type}/{id} 201", "PatientApiTest"),
            Map.entry("PUT /me/passport/{type}/{id} 412", "ResidentConcurrentWritesTest"),
            Map.entry("PUT /me/consent 200", "ClosedConsentTest"), Map.entry("PUT /me/consent 412", "SharingTest"),
            Map.entry("POST /me/consent/provisions/{provisionId}/revoke 200", "GateRoutesTest"),
            Map.entry("POST /passports/{residentId}/entries 201", "ContributionTest"),
            Map.entry("GET /passports/{residentId}/entries/{type}/{id} 200", "ContributionTest"),
            Map.entry("POST /me/passport/{type}/{id}/confirm 200", "ContributionTest"),
            Map.entry("POST /me/passport/{type}/{id}/confirm 409", "ContributionTest"),
            Map.entry("POST /me/passport/{type}/{id}/dispute 201", "CorrectionScenarioTest, DisputeScenarioTest"),
            Map.entry("POST /me/passport/{type}/{id}/dispute 409", "DisputeScenarioTest"),
            Map.entry("GET /me/disputes/{taskId} 200", "CorrectionScenarioTest"),
            Map.entry("POST /me/disputes/{taskId}/resolve 200", "CorrectionScenarioTest"),
            Map.entry("POST /me/disputes/{taskId}/resolve 409", "DisputeScenarioTest"),
            Map.entry("POST /me/disputes/{taskId}/reply 200", "CorrectionScenarioTest"),
            Map.entry("POST /me/disputes/{taskId}/reply 409", "CorrectionScenarioTest"),
            Map.entry("POST /me/disputes/{taskId}/disagreement 201", "CorrectionScenarioTest"),
            Map.entry("POST /me/disputes/{taskId}/disagreement 409", "CorrectionScenarioTest"),
            Map.entry("GET /corrections/{residentId}/{taskId} 200", "CorrectionScenarioTest"),
            Map.entry("POST /corrections/{residentId}/{taskId}/review 200", "CorrectionScenarioTest"),
            Map.entry("POST /corrections/{residentId}/{taskId}/review 409", "CorrectionScenarioTest"),
            Map.entry("POST /corrections/{residentId}/{taskId}/ask 200", "CorrectionScenarioTest"),
            Map.entry("POST /corrections/{residentId}/{taskId}/ask 409", "CorrectionScenarioTest"),
            Map.entry("POST /corrections/{residentId}/{taskId}/decline 200", "CorrectionScenarioTest"),
            Map.entry("POST /corrections/{residentId}/{taskId}/decline 409", "CorrectionScenarioTest"),
            Map.entry("POST /corrections/{residentId}/{taskId}/accept 200", "CorrectionScenarioTest"),
            Map.entry("POST /corrections/{residentId}/{taskId}/accept 409", "CorrectionScenarioTest"),
            Map.entry("POST /audit/break-glass/{entryId}/review 201", "AuditHttpTest"),
            Map.entry("POST /audit/break-glass/{entryId}/review 409", "AuditHttpTest"));

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

        List<Row> table = new ArrayList<>(List.of(
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
                new Row("professional", lead, "GET", "/passports/" + jo.id() + "/why", null, 400)));
        table.addAll(moreRows(anonymous, fx, jo, lead, worker, carer, noPassport, answered));

        List<String> wrong = new ArrayList<>();
        for (Row r : table) {
            HttpRequest.BodyPublisher publisher = r.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(r.body());
            List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
            headers.addAll(List.of(r.headers()));
            HttpResponse<String> got = r.as().send(
                    HttpRequest.newBuilder().method(r.method(), publisher).uri(server.getURI().resolve(r.path())),
                    headers.toArray(String[]::new));
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
        wrong.addAll(callersRefused());
        assertEquals(List.of(), wrong, "routes answering against the rule");

        // every status every route outside /fhir declares has its row (or is named in ELSEWHERE)
        Set<String> sent = new TreeSet<>();
        for (Row r : table) {
            operation(r.method(), r.path()).ifPresent(op -> sent.add(op + " " + r.status()));
        }
        Set<String> required = new TreeSet<>();
        declared().forEach((op, statuses) -> statuses.stream()
                .filter(st -> !st.equals("429") && !st.equals("503") && !st.equals("401") && !st.equals("403"))
                .forEach(st -> required.add(op + " " + st)));
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(sent);
        missing.removeAll(ELSEWHERE.keySet());
        assertEquals(Set.of(), missing, "statuses a route declares with no row in the table");
        Set<String> stale = new TreeSet<>(ELSEWHERE.keySet());
        stale.retainAll(sent);
        assertEquals(Set.of(), stale, "in the table now: take these out of ELSEWHERE");
        Set<String> gone = new TreeSet<>(ELSEWHERE.keySet());
        gone.removeAll(required);
        assertEquals(Set.of(), gone, "no route declares these any more");
    }

    /** The routes the first table did not reach: audit, corrections, partners, the FHIR views of my passport. */
    List<Row> moreRows(Http anonymous, AccessFixture fx, AccessFixture.Resident jo, Http lead, Http worker, Http carer,
            Http noPassport, String answered) throws Exception {
        TestTokens t = new TestTokens(tokens);
        Http auditor = anonymous.as(t.auditor());
        Http admin = anonymous.as(t.admin());
        Http leaver = anonymous.as(t.resident("resident:table-leaver-" + System.nanoTime(), "Lee"));
        String leaverStart = "{\"givenName\":\"Lee\",\"familyName\":\"Leaver\",\"birthDate\":\"1990-01-02\"}";
        String ask = "{\"nhsNumber\":\"" + jo.nhsNumber() + "\",\"birthDate\":\"" + jo.birthDate()
                + "\",\"purpose\":\"direct-care\",\"sections\":[\"goals\"],\"reason\":\"to refuse\"}";
        String refusable = body(AccessFixture.post(lead, "/access-requests", ask)).path("id").asText();
        String clientId = "table-" + System.nanoTime();
        String partner = "{\"clientId\":\"" + clientId + "\",\"name\":\"Table GP\",\"organisationId\":\"org-table-gp\","
                + "\"organisationName\":\"Table Surgery\",\"organisationType\":\"gp-practice\","
                + "\"jwksUrl\":\"https://partner.example/jwks.json\",\"scopes\":[\"system/Patient.rs\"],"
                + "\"purposes\":[\"direct-care\"]}";
        String carerBody = "{\"carerAccount\":\"https://issuer.test|carer:table\",\"name\":\"A Friend\","
                + "\"sections\":[\"goals\"],\"purposes\":[\"direct-care\"]}";
        String p = "/passports/" + jo.id();
        String task = "/corrections/" + jo.id() + "/task-none";
        return List.of(
                // my passport as FHIR, and leaving
                new Row("resident", jo.http(), "GET", "/me/passport", null, 200),
                new Row("no passport", noPassport, "GET", "/me/passport", null, 404),
                new Row("resident", jo.http(), "GET", "/me/passport/Observation/note-table-1/_history", null, 200),
                new Row("resident", jo.http(), "GET", "/me/passport/Goal/none/_history", null, 404),
                new Row("resident", jo.http(), "GET", "/me/passport/Observation/note-table-1/_history/1", null, 200),
                new Row("resident", jo.http(), "GET", "/me/passport/Observation/note-table-1/_history/99", null, 404),
                new Row("resident", jo.http(), "PUT", "/me/passport/Goal/table-goal", "{", 400),
                new Row("resident", jo.http(), "PUT", "/me/passport/Goal/table-goal",
                        "{\"resourceType\":\"Goal\",\"id\":\"table-goal\"}", 422),
                new Row("no passport", noPassport, "PUT", "/me/passport/Goal/table-goal",
                        "{\"resourceType\":\"Goal\",\"id\":\"table-goal\"}", 404),
                new Row("leaving resident", leaver, "POST", "/me/passport", leaverStart, 201),
                new Row("leaving resident", leaver, "DELETE", "/me/passport", null, 204),
                new Row("left", leaver, "DELETE", "/me/passport", null, 404),
                // my consent as FHIR
                new Row("resident", jo.http(), "GET", "/me/consent", null, 200),
                new Row("no passport", noPassport, "GET", "/me/consent", null, 404),
                new Row("resident", jo.http(), "GET", "/me/consent/_history", null, 200),
                new Row("no passport", noPassport, "GET", "/me/consent/_history", null, 404),
                new Row("resident", jo.http(), "PUT", "/me/consent", "{", 400),
                new Row("resident", jo.http(), "PUT", "/me/consent",
                        "{\"resourceType\":\"Consent\",\"status\":\"nonsense\"}", 422),
                new Row("no passport", noPassport, "PUT", "/me/consent", "{\"resourceType\":\"Consent\"}", 404),
                new Row("resident", jo.http(), "POST", "/me/consent/provisions/none/revoke", "", 404),
                // the story: stale, malformed, invalid, no passport
                new Row("resident", jo.http(), "PUT", "/me/story/goals/entries/note-table-1", "{\"text\":\"z\"}", 412,
                        "If-Match", "W/\"99\""),
                new Row("resident", jo.http(), "PUT", "/me/story/goals/entries/note-table-1", "{\"words\":1}", 400),
                new Row("resident", jo.http(), "PUT", "/me/story/goals/entries/note-table-1", "{\"text\":\"\"}", 422),
                new Row("no passport", noPassport, "PUT", "/me/story/goals/entries/note-table-1", "{\"text\":\"x\"}",
                        404),
                // what others proposed, and asking for corrections
                new Row("resident", jo.http(), "GET", "/me/entries", null, 200),
                new Row("resident", jo.http(), "GET", "/me/entries?status=bogus", null, 422),
                new Row("no passport", noPassport, "GET", "/me/entries", null, 404),
                new Row("resident", jo.http(), "POST", "/me/passport/Goal/none/confirm", "{}", 404),
                new Row("resident", jo.http(), "POST", "/me/passport/Goal/none/confirm", "{", 400),
                new Row("resident", jo.http(), "POST", "/me/passport/Goal/none/confirm", "{\"section\":\" \"}", 422),
                new Row("resident", jo.http(), "POST", "/me/passport/Goal/none/dispute", "{\"x\":1}", 400),
                new Row("resident", jo.http(), "POST", "/me/passport/Goal/none/dispute", "{\"reason\":\"\"}", 422),
                new Row("resident", jo.http(), "POST", "/me/passport/Goal/none/dispute", "{\"reason\":\"wrong\"}", 404),
                new Row("resident", jo.http(), "GET", "/me/disputes", null, 200),
                new Row("no passport", noPassport, "GET", "/me/disputes", null, 404),
                new Row("resident", jo.http(), "GET", "/me/disputes/task-none", null, 404),
                new Row("resident", jo.http(), "POST", "/me/disputes/task-none/resolve", "{\"x\":1}", 400),
                new Row("resident", jo.http(), "POST", "/me/disputes/task-none/resolve", "{\"outcome\":\"maybe\"}",
                        422),
                new Row("resident", jo.http(), "POST", "/me/disputes/task-none/resolve", "{}", 404),
                new Row("resident", jo.http(), "POST", "/me/disputes/task-none/reply", "{\"x\":1}", 400),
                new Row("resident", jo.http(), "POST", "/me/disputes/task-none/reply", "{\"words\":\"\"}", 422),
                new Row("resident", jo.http(), "POST", "/me/disputes/task-none/reply", "{\"words\":\"hi\"}", 404),
                new Row("resident", jo.http(), "POST", "/me/disputes/task-none/disagreement", "{\"x\":1}", 400),
                new Row("resident", jo.http(), "POST", "/me/disputes/task-none/disagreement", "{\"words\":\"\"}", 422),
                new Row("resident", jo.http(), "POST", "/me/disputes/task-none/disagreement", "{\"words\":\"no\"}",
                        404),
                // an author's side of corrections
                new Row("professional", lead, "GET", "/corrections/queue", null, 200),
                new Row("professional", lead, "GET", task, null, 404),
                new Row("professional", lead, "POST", task + "/review", "", 404),
                new Row("professional", lead, "POST", task + "/ask", "{\"x\":1}", 400),
                new Row("professional", lead, "POST", task + "/ask", "{\"question\":\"\"}", 422),
                new Row("professional", lead, "POST", task + "/ask", "{\"question\":\"which?\"}", 404),
                new Row("professional", lead, "POST", task + "/decline", "{\"x\":1}", 400),
                new Row("professional", lead, "POST", task + "/decline", "{\"reason\":\"\"}", 422),
                new Row("professional", lead, "POST", task + "/decline", "{\"reason\":\"it is right\"}", 404),
                new Row("professional", lead, "POST", task + "/accept", "{\"x\":1}", 400),
                new Row("professional", lead, "POST", task + "/accept", "{\"text\":\" \"}", 422),
                new Row("professional", lead, "POST", task + "/accept", "{\"text\":\"new words\"}", 404),
                // professionals' contributions
                new Row("professional", lead, "POST", p + "/entries?purpose=support-planning", "{", 400),
                new Row("professional", lead, "POST", p + "/entries?purpose=gossip", "{}", 422),
                new Row("another professional", worker, "POST",
                        "/passports/nobody-here/entries?purpose=support-planning", "{\"resourceType\":\"Goal\"}", 404),
                new Row("professional", lead, "GET", p + "/entries/Goal/none?purpose=support-planning", null, 404),
                new Row("professional", lead, "GET", p + "/entries/Goal/none", null, 400),
                new Row("professional", lead, "GET", p + "/entries/Goal/none?purpose=gossip", null, 422),
                new Row("another professional", worker, "GET", p + "/why?purpose=support-planning", null, 404),
                new Row("professional", lead, "GET", "/notifications", null, 200),
                new Row("carer", carer, "GET", "/carer/notifications", null, 200),
                // my ledger and who looked
                new Row("resident", jo.http(), "GET", "/me/disclosures", null, 200),
                new Row("no passport", noPassport, "GET", "/me/disclosures", null, 404),
                new Row("resident", jo.http(), "GET", "/me/access-history", null, 200),
                new Row("resident", jo.http(), "GET", "/me/access-history?limit=many", null, 422),
                new Row("resident", jo.http(), "GET", "/me/access-history?limit=0", null, 422),
                new Row("no passport", noPassport, "GET", "/me/access-history", null, 404),
                new Row("no passport", noPassport, "GET", "/me/notifications", null, 404),
                new Row("no passport", noPassport, "GET", "/me/requests", null, 404),
                // the rest of a resident's choices
                new Row("resident", jo.http(), "POST", "/me/requests/" + refusable + "/refuse", "", 200),
                new Row("resident", jo.http(), "POST", "/me/requests/" + answered + "/refuse", "", 409),
                new Row("resident", jo.http(), "POST", "/me/requests/ar-none/refuse", "", 404),
                new Row("no passport", noPassport, "POST", "/me/share-codes",
                        "{\"sections\":[\"goals\"],\"purpose\":\"direct-care\"}", 404),
                new Row("resident", jo.http(), "POST", "/me/carers", carerBody, 201),
                new Row("no passport", noPassport, "GET", "/me/carers", null, 404),
                new Row("no passport", noPassport, "POST", "/me/carers", carerBody, 404),
                new Row("no passport", noPassport, "POST", "/me/sharing",
                        "{\"who\":{\"kind\":\"organisation-type\",\"organisationType\":\"gp-practice\"},"
                                + "\"sections\":[\"goals\"],\"purposes\":[\"direct-care\"]}",
                        404),
                // auditors
                new Row("auditor", auditor, "GET", "/audit/events", null, 200),
                new Row("auditor", auditor, "GET", "/audit/events?limit=many", null, 422),
                new Row("auditor", auditor, "GET", "/audit/events?outcome=bogus", null, 422),
                new Row("auditor", auditor, "GET", "/audit/export?resident=" + jo.id(), null, 200),
                new Row("auditor", auditor, "GET", "/audit/export?breakGlass=maybe", null, 422),
                new Row("auditor", auditor, "GET", "/audit/export?from=yesterday", null, 422),
                new Row("auditor", auditor, "GET", "/audit/verify", null, 200),
                new Row("auditor", auditor, "GET", "/audit/break-glass", null, 200),
                new Row("auditor", auditor, "GET", "/audit/break-glass?pending=maybe", null, 422),
                new Row("auditor", auditor, "GET", "/audit/break-glass?limit=0", null, 422),
                new Row("auditor", auditor, "POST", "/audit/break-glass/entry-none/review", "{\"x\":1}", 400),
                new Row("auditor", auditor, "POST", "/audit/break-glass/entry-none/review",
                        "{\"disposition\":\"GOOD\",\"note\":\"n\"}", 422),
                new Row("auditor", auditor, "POST", "/audit/break-glass/entry-none/review",
                        "{\"disposition\":\"APPROPRIATE\",\"note\":\"n\"}", 404),
                new Row("auditor", auditor, "GET", "/audit/unusual", null, 200),
                new Row("auditor", auditor, "GET", "/audit/unusual?from=x", null, 422),
                new Row("auditor", auditor, "GET", "/metrics", null, 200),
                // the service's own routes
                new Row("nobody", anonymous, "GET", "/health", null, 200),
                new Row("nobody", anonymous, "GET", "/.well-known/jwks.json", null, 200),
                // partner registration
                new Row("admin", admin, "POST", "/admin/partners", partner, 201),
                new Row("admin", admin, "POST", "/admin/partners", partner, 409),
                new Row("admin", admin, "POST", "/admin/partners", "{\"extra\":1}", 400),
                new Row("admin", admin, "POST", "/admin/partners", partner.replace(clientId, "x"), 422),
                new Row("admin", admin, "GET", "/admin/partners", null, 200),
                new Row("admin", admin, "GET", "/admin/partners/" + clientId, null, 200),
                new Row("admin", admin, "GET", "/admin/partners/none-such", null, 404));
    }

    Map<String, List<UriRouteInfo<?, ?>>> operations() {
        return Operations.of(router);
    }

    Map<String, Set<String>> declared() {
        Map<String, Set<String>> out = new TreeMap<>();
        operations().forEach((op, routes) -> out.put(op, Operations.declared(routes)));
        return out;
    }

    /** The operation ("METHOD /template") a request goes to, from the router. */
    Optional<String> operation(String method, String pathAndQuery) {
        String path = pathAndQuery.split("\\?", 2)[0];
        return router.uriRoutes().filter(r -> r.getHttpMethodName().equals(method))
                .filter(r -> r.match(path).isPresent())
                .min(Comparator.comparingInt(r -> r.getUriMatchTemplate().getVariableNames().size()))
                .map(RouteCoverageTest::key);
    }

    /**
     * 401 and 403 for every route that asks for a role, from the router: no token, and a token of a kind of caller the
     * route is not for. Each answer is problem+json without an internal message.
     */
    List<String> callersRefused() throws Exception {
        TestTokens t = new TestTokens(tokens);
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("resident", t.resident("resident:table-kind-" + System.nanoTime(), "Kim"));
        kinds.put("professional", t.professional("table-kind-" + System.nanoTime(), "Kit", ProfessionalRole.WORK_COACH,
                "org-table-3", "Table Works", OrganisationType.JOBCENTRE_DWP));
        kinds.put("carer", t.carer("table-kind-carer-" + System.nanoTime(), "Kai"));
        kinds.put("auditor", t.auditor());
        kinds.put("admin", t.admin());
        Http anonymous = new Http(server.getURI());
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (var e : operations().entrySet()) {
            Method m = e.getValue().get(0).getTargetMethod().getTargetMethod();
            Secured secured = m.isAnnotationPresent(Secured.class)
                    ? m.getAnnotation(Secured.class)
                    : m.getDeclaringClass().getAnnotation(Secured.class);
            Set<String> declared = declared().get(e.getKey());
            if (secured == null || List.of(secured.value()).contains(SecurityRule.IS_ANONYMOUS)) {
                continue;
            }
            String method = e.getKey().substring(0, e.getKey().indexOf(' '));
            String path = e.getKey().substring(method.length() + 1).replaceAll("\\{[^}]+}", "x");
            String other = kinds.keySet().stream().filter(k -> !List.of(secured.value()).contains(k)).findFirst()
                    .orElseThrow();
            for (var call : List.of(Map.entry(401, anonymous), Map.entry(403, anonymous.as(kinds.get(other))))) {
                if (!declared.contains(Integer.toString(call.getKey()))) {
                    wrong.add(e.getKey() + " does not declare " + call.getKey());
                    continue;
                }
                HttpResponse<String> got = call.getValue().send(HttpRequest.newBuilder()
                        .method(method,
                                method.equals("GET") || method.equals("DELETE")
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString("{}"))
                        .uri(server.getURI().resolve(path)), "Content-Type", "application/json");
                sent++;
                try {
                    problem(got, call.getKey());
                    DoorTest.noInternalMessage(got);
                } catch (AssertionError x) {
                    wrong.add((call.getKey() == 401 ? "nobody " : other + " ") + e.getKey() + ": " + x.getMessage());
                }
            }
        }
        if (sent < 100) {
            wrong.add("only " + sent + " 401/403 requests: the router gave too few routes");
        }
        return wrong;
    }
}
