package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.passport.IdentifierIndex;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.api.access.AccessFixture.array;
import static org.wellbeingpassport.api.access.AccessFixture.ok;
import static org.wellbeingpassport.api.access.AccessFixture.post;
import static org.wellbeingpassport.api.access.AccessFixture.problem;
import static org.wellbeingpassport.api.access.AccessFixture.texts;
import static org.wellbeingpassport.api.access.AccessFixture.typesIn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.PassportImporter;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/** Scenario 2, by share code: the resident shows a short code, the professional types it in. */
@MicronautTest
// a random port: other builds on this machine may hold 8080
@Property(name = "micronaut.server.port", value = "-1")
class ShareCodeTest {
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

    AccessFixture fx;

    @BeforeEach
    void setUp() {
        fx = new AccessFixture(new Http(server.getURI()), tokens, importer, accounts, identifiers);
    }

    Http connector(String subject) {
        return fx.professional(subject, "Aisha Begum", ProfessionalRole.COMMUNITY_CONNECTOR,
                "org-newham-community-connectors", "Newham Community Connectors", OrganisationType.VOLUNTARY_COMMUNITY);
    }

    static String codeRequest(String purpose, int minutes, int uses, String... sections) {
        return "{\"sections\":" + array(sections) + ",\"purpose\":\"" + purpose + "\",\"minutes\":" + minutes
                + ",\"uses\":" + uses + "}";
    }

    static String redeem(String code, String purpose) {
        return "{\"code\":\"" + code + "\",\"purpose\":\"" + purpose + "\"}";
    }

    @Test
    void aRedeemedCodeGrantsExactlyItsSectionsAndPurposeToThatProfessional() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        Http aisha = connector("prac-aisha-" + nasreen.id());
        Http other = connector("prac-other-" + nasreen.id());
        String read = "/passports/" + nasreen.id() + "?purpose=support-planning";
        problem(aisha.get(read), 404);

        ObjectNode created = ok(post(nasreen.http(), "/me/share-codes",
                codeRequest("support-planning", 30, 1, "goals", "what-matters", "identity")), 201);
        String code = created.path("code").asText();
        assertTrue(code.matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"), code);
        Instant expires = Instant.parse(created.path("expires").asText());
        assertTrue(expires.isAfter(Instant.now().plus(Duration.ofMinutes(29))), created.toString());

        // typed in lower case without the dash: still the code
        ObjectNode redeemed = ok(
                post(aisha, "/share-codes/redeem", redeem(code.replace("-", "").toLowerCase(), "support-planning")),
                200);
        assertEquals(nasreen.id(), redeemed.path("residentId").asText());
        assertEquals(Set.of("goals", "what-matters", "identity"), Set.copyOf(texts(redeemed.path("sections"))));

        Set<String> types = typesIn(aisha.get(read));
        assertTrue(types.contains("Goal"), types.toString());
        assertFalse(types.contains("Condition"), "health is not in the code: " + types);
        assertTrue(AccessFixture.sectionsIn(aisha.get(read)).contains("goals"));
        assertFalse(AccessFixture.sectionsIn(aisha.get(read)).contains("health-and-wellbeing"));
        // another purpose, another professional: nothing
        problem(aisha.get("/passports/" + nasreen.id() + "?purpose=benefits-employment"), 404);
        problem(other.get(read), 404);
        // the code was for one use
        problem(post(other, "/share-codes/redeem", redeem(code, "support-planning")), 404);

        ObjectNode notes = ok(nasreen.http().get("/me/notifications"), 200);
        assertEquals("share-code-used", notes.path("notifications").path(0).path("kind").asText(), notes.toString());
        assertTrue(notes.path("notifications").path(0).path("text").asText().contains("Aisha Begum"));
        problem(aisha.get("/me/notifications"), 403);
    }

    @Test
    void sixteenConcurrentRedeemersOfASingleUseCodeExactlyOneSucceeds() throws Exception {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        String code = ok(post(nasreen.http(), "/me/share-codes", codeRequest("direct-care", 60, 1, "communication")),
                201).path("code").asText();
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Http p = connector("prac-race-" + i + "-" + nasreen.id());
                results.add(pool.submit(() -> {
                    start.await();
                    return post(p, "/share-codes/redeem", redeem(code, "direct-care")).statusCode();
                }));
            }
            start.countDown();
            int ok = 0;
            int notAvailable = 0;
            for (Future<Integer> f : results) {
                int s = f.get();
                ok += s == 200 ? 1 : 0;
                notAvailable += s == 404 ? 1 : 0;
            }
            assertEquals(1, ok, "exactly one redeemer gets the single use");
            assertEquals(n - 1, notAvailable);
        } finally {
            pool.shutdownNow();
        }
        // and the directives hold exactly one permit from it
        AuditQueries audit = new AuditQueries(mongo.database(), "main");
        long granted = audit.count(AuditQuery.all().withResident(nasreen.id()).withAction(AuditAction.SHARE_CODE_USE)
                .withOutcome(AuditOutcome.SUCCESS));
        assertEquals(1, granted);
        assertEquals(n - 1, audit.count(AuditQuery.all().withResident(nasreen.id())
                .withAction(AuditAction.SHARE_CODE_USE).withOutcome(AuditOutcome.DENIED)));
    }

    @Test
    void aCodeForThreeUsesServesThreeProfessionalsAndNoMore() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        String code = ok(post(nasreen.http(), "/me/share-codes", codeRequest("direct-care", 60, 3, "communication")),
                201).path("code").asText();
        for (int i = 0; i < 3; i++) {
            ok(post(connector("prac-three-" + i + "-" + nasreen.id()), "/share-codes/redeem",
                    redeem(code, "direct-care")), 200);
        }
        problem(post(connector("prac-fourth-" + nasreen.id()), "/share-codes/redeem", redeem(code, "direct-care")),
                404);
    }

    @Test
    void theCodeIsStoredOnlyAsAHash() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        String code = ok(post(nasreen.http(), "/me/share-codes", codeRequest("direct-care", 10, 1, "communication")),
                201).path("code").asText();
        String canonical = code.replace("-", "");
        Document stored = mongo.database().getCollection(ShareCodes.CODES).find(eq("_id", ShareCodes.hash(canonical)))
                .first();
        assertNotNull(stored);
        assertEquals(nasreen.id(), stored.getString("rid"));
        assertFalse(stored.toJson().contains(canonical), "the code itself is never stored");
        assertEquals(64, stored.getString("_id").length());
        String hash = stored.getString("_id");
        new AuditQueries(mongo.database(), "main").forEachInOrder(e -> {
            String entry = e.entry().toString();
            assertFalse(entry.contains(canonical) || entry.contains(code) || entry.contains(hash.substring(0, 12)),
                    "neither the code nor its hash is in the audit trail");
        });
    }

    @Test
    void aWrongPurposeDoesNotUseTheCodeUp() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        String code = ok(post(nasreen.http(), "/me/share-codes", codeRequest("direct-care", 10, 1, "communication")),
                201).path("code").asText();
        Http aisha = connector("prac-purpose-" + nasreen.id());
        problem(post(aisha, "/share-codes/redeem", redeem(code, "benefits-employment")), 404);
        ok(post(aisha, "/share-codes/redeem", redeem(code, "direct-care")), 200);
    }

    @Test
    void anExpiredCodeIsRefusedOnTheNextAttempt() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        String[] code = new String[1];
        // made 20 minutes ago, for 5 minutes
        clock.back(Duration.ofMinutes(20),
                () -> code[0] = ok(
                        post(nasreen.http(), "/me/share-codes", codeRequest("direct-care", 5, 1, "communication")), 201)
                        .path("code").asText());
        Http aisha = connector("prac-expired-" + nasreen.id());
        problem(post(aisha, "/share-codes/redeem", redeem(code[0], "direct-care")), 404);
        problem(aisha.get("/passports/" + nasreen.id() + "?purpose=direct-care"), 404);
    }

    @Test
    void guessingIsCutOffPerCallerAfterFiveFailures() {
        fx.resident("nasreen-akhtar", List.of());
        Http guesser = connector("prac-guesser-" + System.nanoTime());
        for (int i = 0; i < ShareCodes.CALLER_FAILURES; i++) {
            problem(post(guesser, "/share-codes/redeem", redeem(ShareCodes.newCode(), "direct-care")), 404);
        }
        HttpResponse<String> limited = post(guesser, "/share-codes/redeem",
                redeem(ShareCodes.newCode(), "direct-care"));
        problem(limited, 429);
        // someone else is not affected
        problem(post(connector("prac-honest-" + System.nanoTime()), "/share-codes/redeem",
                redeem(ShareCodes.newCode(), "direct-care")), 404);
    }

    @Test
    void aResidentMakesALimitedNumberOfCodesAnHour() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        for (int i = 0; i < ShareCodes.CODES_PER_HOUR; i++) {
            ok(post(nasreen.http(), "/me/share-codes", codeRequest("direct-care", 5, 1, "communication")), 201);
        }
        problem(post(nasreen.http(), "/me/share-codes", codeRequest("direct-care", 5, 1, "communication")), 429);
        AccessFixture.Resident other = fx.resident("nasreen-akhtar", List.of());
        ok(post(other.http(), "/me/share-codes", codeRequest("direct-care", 5, 1, "communication")), 201);
    }

    @Test
    void badRequestsAreProblemsAndOnlyResidentsMakeCodes() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        problem(post(nasreen.http(), "/me/share-codes", codeRequest("direct-care", 4, 1, "communication")), 422);
        problem(post(nasreen.http(), "/me/share-codes", codeRequest("direct-care", 721, 1, "communication")), 422);
        problem(post(nasreen.http(), "/me/share-codes", codeRequest("direct-care", 30, 11, "communication")), 422);
        problem(post(nasreen.http(), "/me/share-codes", codeRequest("direct-care", 30, 1, "not-a-section")), 422);
        problem(post(nasreen.http(), "/me/share-codes", codeRequest("no-such-purpose", 30, 1, "goals")), 422);
        problem(post(nasreen.http(), "/me/share-codes", "{not json"), 400);
        problem(post(connector("prac-x"), "/me/share-codes", codeRequest("direct-care", 30, 1, "goals")), 403);
        problem(post(nasreen.http(), "/share-codes/redeem", redeem("ABCD-EFGH", "direct-care")), 403);
        problem(post(new Http(server.getURI()), "/share-codes/redeem", redeem("ABCD-EFGH", "direct-care")), 401);
    }

    @Test
    void typedCodesAreForgivingAndNothingElseIsACode() {
        assertEquals("0123ABCD", ShareCodes.normalise("o123-abcd").orElseThrow());
        assertEquals("1111ABCD", ShareCodes.normalise("iLl1 abcd").orElseThrow());
        assertTrue(ShareCodes.normalise("ABCD-EFG").isEmpty());
        assertTrue(ShareCodes.normalise("ABCD-EFGU").isEmpty(), "U is not in the alphabet");
        assertEquals(32, ShareCodes.ALPHABET.length, "5 bits a symbol, 40 bits a code");
    }
}
