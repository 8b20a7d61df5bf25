package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.passport.IdentifierIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.api.access.AccessFixture.array;
import static org.wellbeingpassport.api.access.AccessFixture.ok;
import static org.wellbeingpassport.api.access.AccessFixture.post;
import static org.wellbeingpassport.api.access.AccessFixture.problem;
import static org.wellbeingpassport.api.access.AccessFixture.texts;
import static org.wellbeingpassport.api.access.AccessFixture.typesIn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.PassportImporter;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/** Scenario 2, by request: a professional asks without learning who has a passport; the resident decides. */
@MicronautTest
// a random port: other builds on this machine may hold 8080
@Property(name = "micronaut.server.port", value = "-1")
class AccessRequestTest {
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
    MongoStore mongo;
    @Inject
    TestClock clock;
    @Inject
    Grants grants;

    AccessFixture fx;

    @BeforeEach
    void setUp() {
        fx = new AccessFixture(new Http(server.getURI()), tokens, importer, accounts, identifiers);
    }

    Http connector(String subject) {
        return fx.professional(subject, "Aisha Begum", ProfessionalRole.COMMUNITY_CONNECTOR,
                "org-newham-community-connectors", "Newham Community Connectors", OrganisationType.VOLUNTARY_COMMUNITY);
    }

    static String ask(String nhs, String birthDate, String purpose, String... sections) {
        return "{\"nhsNumber\":\"" + nhs + "\",\"birthDate\":\"" + birthDate + "\",\"purpose\":\"" + purpose
                + "\",\"sections\":" + array(sections) + ",\"reason\":\"We met at the drop-in today\"}";
    }

    static Set<String> fieldNames(JsonNode n) {
        Set<String> names = new TreeSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void askingLooksTheSameWhetherOrNotAPassportMatched() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        Http aisha = connector("prac-same-" + nasreen.id());
        HttpResponse<String> matched = post(aisha, "/access-requests",
                ask(nasreen.nhsNumber(), nasreen.birthDate(), "support-planning", "goals"));
        HttpResponse<String> unknownNumber = post(aisha, "/access-requests",
                ask("9000000009", nasreen.birthDate(), "support-planning", "goals"));
        HttpResponse<String> wrongBirthDate = post(aisha, "/access-requests",
                ask(nasreen.nhsNumber(), "1990-01-01", "support-planning", "goals"));
        for (HttpResponse<String> r : List.of(matched, unknownNumber, wrongBirthDate)) {
            ObjectNode b = ok(r, 202);
            assertEquals(Set.of("id", "status"), fieldNames(b));
            assertEquals("pending", b.path("status").asText());
            ObjectNode status = ok(aisha.get("/access-requests/" + b.path("id").asText()), 200);
            assertEquals("pending", status.path("status").asText());
            assertFalse(status.has("residentId"), status.toString());
        }
        // only the matching request reaches the resident
        JsonNode pending = ok(nasreen.http().get("/me/requests"), 200).path("requests");
        assertEquals(1, pending.size(), pending.toString());
        assertEquals(AccessFixture.body(matched).path("id").asText(), pending.path(0).path("id").asText());
        assertEquals("Aisha Begum", pending.path(0).path("from").path("name").asText());
        assertEquals("We met at the drop-in today", pending.path(0).path("reason").asText());
        JsonNode notes = ok(nasreen.http().get("/me/notifications"), 200).path("notifications");
        assertEquals("access-request", notes.path(0).path("kind").asText(), notes.toString());
    }

    @Test
    void theResidentApprovesPartOfARequestUntilADateAndThatIsExactlyWhatIsShared() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        Http aisha = connector("prac-approve-" + nasreen.id());
        String read = "/passports/" + nasreen.id() + "?purpose=support-planning";
        String id = ok(post(aisha, "/access-requests",
                ask(nasreen.nhsNumber(), nasreen.birthDate(), "support-planning", "goals", "health-and-wellbeing")),
                202).path("id").asText();
        problem(aisha.get(read), 404);

        LocalDate until = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        ObjectNode approved = ok(post(nasreen.http(), "/me/requests/" + id + "/approve",
                "{\"sections\":[\"goals\"],\"until\":\"" + until + "\"}"), 200);
        assertEquals(List.of("goals"), texts(approved.path("sections")));

        ObjectNode status = ok(aisha.get("/access-requests/" + id), 200);
        assertEquals("approved", status.path("status").asText());
        assertEquals(nasreen.id(), status.path("residentId").asText());
        assertEquals(List.of("goals"), texts(status.path("grantedSections")));
        assertEquals(until.toString(), status.path("until").asText());

        Set<String> types = typesIn(aisha.get(read));
        assertTrue(types.contains("Goal"), types.toString());
        assertFalse(types.contains("Condition"), "health was not approved: " + types);
        problem(aisha.get("/passports/" + nasreen.id() + "?purpose=direct-care"), 404);

        // answered once only; no longer pending
        problem(post(nasreen.http(), "/me/requests/" + id + "/refuse", "{}"), 409);
        assertEquals(0, ok(nasreen.http().get("/me/requests"), 200).path("requests").size());
        JsonNode notes = ok(nasreen.http().get("/me/notifications"), 200).path("notifications");
        assertEquals("access-granted", notes.path(0).path("kind").asText(), notes.toString());
    }

    @Test
    void approvingWithoutDetailsGivesEverythingAskedForNinetyDays() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        Http aisha = connector("prac-default-" + nasreen.id());
        String id = ok(
                post(aisha, "/access-requests",
                        ask(nasreen.nhsNumber(), nasreen.birthDate(), "support-planning", "goals", "what-matters")),
                202).path("id").asText();
        ok(post(nasreen.http(), "/me/requests/" + id + "/approve", "{}"), 200);
        ObjectNode status = ok(aisha.get("/access-requests/" + id), 200);
        assertEquals(Set.of("goals", "what-matters"), Set.copyOf(texts(status.path("grantedSections"))));
        LocalDate until = LocalDate.parse(status.path("until").asText());
        assertEquals(LocalDate.now(ZoneOffset.UTC).plusDays(90), until);
    }

    @Test
    void refusedRequestsGiveNothingAndOnlyTheAskerSeesTheirRequest() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        Http aisha = connector("prac-refuse-" + nasreen.id());
        String id = ok(post(aisha, "/access-requests",
                ask(nasreen.nhsNumber(), nasreen.birthDate(), "support-planning", "goals")), 202).path("id").asText();
        problem(connector("prac-nosy-" + nasreen.id()).get("/access-requests/" + id), 404);
        problem(aisha.get("/access-requests/no-such-request"), 404);
        ok(post(nasreen.http(), "/me/requests/" + id + "/refuse", "{}"), 200);
        assertEquals("refused", ok(aisha.get("/access-requests/" + id), 200).path("status").asText());
        assertFalse(ok(aisha.get("/access-requests/" + id), 200).has("residentId"));
        problem(aisha.get("/passports/" + nasreen.id() + "?purpose=support-planning"), 404);
        problem(post(nasreen.http(), "/me/requests/" + id + "/approve", "{}"), 409);
        // another resident cannot answer it, and cannot tell it exists
        AccessFixture.Resident other = fx.resident("nasreen-akhtar", List.of());
        problem(post(other.http(), "/me/requests/" + id + "/approve", "{}"), 404);
    }

    @Test
    void approvalIsLimitedToWhatWasAskedAndToAYear() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        Http aisha = connector("prac-limits-" + nasreen.id());
        String id = ok(post(aisha, "/access-requests",
                ask(nasreen.nhsNumber(), nasreen.birthDate(), "support-planning", "goals")), 202).path("id").asText();
        problem(post(nasreen.http(), "/me/requests/" + id + "/approve", "{\"sections\":[\"health-and-wellbeing\"]}"),
                422);
        problem(post(nasreen.http(), "/me/requests/" + id + "/approve",
                "{\"until\":\"" + LocalDate.now(ZoneOffset.UTC).plusYears(2) + "\"}"), 422);
        problem(post(nasreen.http(), "/me/requests/" + id + "/approve",
                "{\"until\":\"" + LocalDate.now(ZoneOffset.UTC).minusDays(2) + "\"}"), 422);
        // still pending after the refused attempts
        assertEquals("pending", ok(aisha.get("/access-requests/" + id), 200).path("status").asText());
    }

    @Test
    void anApprovalThatHasEndedStopsOnTheNextRead() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        Http aisha = connector("prac-ended-" + nasreen.id());
        // asked and approved 100 days ago, until 10 days ago
        clock.back(Duration.ofDays(100), () -> {
            String id = ok(post(aisha, "/access-requests",
                    ask(nasreen.nhsNumber(), nasreen.birthDate(), "support-planning", "goals")), 202).path("id")
                    .asText();
            ok(post(nasreen.http(), "/me/requests/" + id + "/approve",
                    "{\"until\":\"" + LocalDate.now(ZoneOffset.UTC).minusDays(11) + "\"}"), 200);
        });
        problem(aisha.get("/passports/" + nasreen.id() + "?purpose=support-planning"), 404);
    }

    @Test
    void aRevokedApprovalStopsOnTheNextRead() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        Http aisha = connector("prac-revoked-" + nasreen.id());
        String read = "/passports/" + nasreen.id() + "?purpose=support-planning";
        String id = ok(post(aisha, "/access-requests",
                ask(nasreen.nhsNumber(), nasreen.birthDate(), "support-planning", "goals")), 202).path("id").asText();
        String provisionId = ok(post(nasreen.http(), "/me/requests/" + id + "/approve", "{}"), 200).path("provisionId")
                .asText();
        assertTrue(typesIn(aisha.get(read)).contains("Goal"));
        // the resident withdraws it (as the directives endpoint does: a new directive version)
        assertTrue(grants.revoke(nasreen.id(), provisionId, java.time.Instant.now())
                .orElseThrow() instanceof Grants.Outcome.Done);
        problem(aisha.get(read), 404);
    }

    @Test
    void concurrentAnswersToOneRequestDecideItOnce() throws Exception {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        Http aisha = connector("prac-race-" + nasreen.id());
        String id = ok(post(aisha, "/access-requests",
                ask(nasreen.nhsNumber(), nasreen.birthDate(), "support-planning", "goals")), 202).path("id").asText();
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String path = "/me/requests/" + id + (i % 2 == 0 ? "/approve" : "/refuse");
                results.add(pool.submit(() -> {
                    start.await();
                    return post(nasreen.http(), path, "{}").statusCode();
                }));
            }
            start.countDown();
            int ok = 0;
            int conflict = 0;
            for (var f : results) {
                int s = f.get();
                ok += s == 200 ? 1 : 0;
                conflict += s == 409 ? 1 : 0;
            }
            assertEquals(1, ok);
            assertEquals(n - 1, conflict);
        } finally {
            pool.shutdownNow();
        }
        String status = ok(aisha.get("/access-requests/" + id), 200).path("status").asText();
        assertTrue(status.equals("approved") || status.equals("refused"), status);
        long permits = grants.current(nasreen.id()).provisions().size();
        assertEquals(status.equals("approved") ? 1 : 0, permits, "one decision, at most one permit");
    }

    @Test
    void anUnansweredRequestExpires() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        Http aisha = connector("prac-lapse-" + nasreen.id());
        String[] ids = new String[2];
        clock.back(AccessRequests.PENDING_FOR.plusDays(1), () -> {
            ids[0] = ok(post(aisha, "/access-requests",
                    ask(nasreen.nhsNumber(), nasreen.birthDate(), "support-planning", "goals")), 202).path("id")
                    .asText();
            ids[1] = ok(post(aisha, "/access-requests", ask("9000000017", "1970-01-01", "support-planning", "goals")),
                    202).path("id").asText();
        });
        assertEquals("expired", ok(aisha.get("/access-requests/" + ids[0]), 200).path("status").asText());
        assertEquals("expired", ok(aisha.get("/access-requests/" + ids[1]), 200).path("status").asText());
        assertEquals(0, ok(nasreen.http().get("/me/requests"), 200).path("requests").size());
        problem(post(nasreen.http(), "/me/requests/" + ids[0] + "/approve", "{}"), 409);
    }

    @Test
    void requestsAreRateLimitedPerProfessional() {
        Http busy = connector("prac-busy-" + System.nanoTime());
        for (int i = 0; i < AccessRequests.REQUESTS_PER_HOUR; i++) {
            ok(post(busy, "/access-requests", ask("9000000025", "1970-01-01", "direct-care", "identity")), 202);
        }
        problem(post(busy, "/access-requests", ask("9000000025", "1970-01-01", "direct-care", "identity")), 429);
        ok(post(connector("prac-calm-" + System.nanoTime()), "/access-requests",
                ask("9000000025", "1970-01-01", "direct-care", "identity")), 202);
    }

    @Test
    void everyRequestAndDecisionIsAudited() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        Http aisha = connector("prac-audit-" + nasreen.id());
        String id = ok(post(aisha, "/access-requests",
                ask(nasreen.nhsNumber(), nasreen.birthDate(), "support-planning", "goals")), 202).path("id").asText();
        ok(post(nasreen.http(), "/me/requests/" + id + "/approve", "{}"), 200);
        AuditQueries audit = new AuditQueries(mongo.database(), "main");
        assertEquals(1,
                audit.count(AuditQuery.all().withResident(nasreen.id()).withAction(AuditAction.ACCESS_REQUEST)));
        assertEquals(1,
                audit.count(AuditQuery.all().withResident(nasreen.id()).withAction(AuditAction.ACCESS_DECISION)));
        String nhs = nasreen.nhsNumber();
        audit.forEachInOrder(e -> assertFalse(e.entry().toString().contains(nhs), "no NHS number in the audit"));
    }

    @Test
    void badRequestsAreProblemsAndOnlyProfessionalsAsk() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        Http aisha = connector("prac-bad-" + nasreen.id());
        problem(post(aisha, "/access-requests", ask("12345", nasreen.birthDate(), "direct-care", "goals")), 422);
        problem(post(aisha, "/access-requests", ask(nasreen.nhsNumber(), "2 July 1985", "direct-care", "goals")), 422);
        problem(post(aisha, "/access-requests", ask(nasreen.nhsNumber(), nasreen.birthDate(), "nosy", "goals")), 422);
        problem(post(aisha, "/access-requests", ask(nasreen.nhsNumber(), nasreen.birthDate(), "direct-care")), 422);
        problem(post(aisha, "/access-requests", "[]"), 400);
        problem(post(nasreen.http(), "/access-requests",
                ask(nasreen.nhsNumber(), nasreen.birthDate(), "direct-care", "goals")), 403);
        problem(aisha.get("/me/requests"), 403);
        assertNotEquals(200, new Http(server.getURI()).get("/me/requests").statusCode());
    }
}
