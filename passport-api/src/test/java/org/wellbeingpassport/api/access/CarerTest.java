package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.passport.IdentifierIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
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

/** Scenario 6: a mother helps her adult son, seeing only what he delegates, for as long as he says. */
@MicronautTest
// a random port: other builds on this machine may hold 8080
@Property(name = "micronaut.server.port", value = "-1")
class CarerTest {
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

    static String delegate(String account, String until, String... sections) {
        return "{\"carerAccount\":\"" + account + "\",\"name\":\"Grace Eze\",\"sections\":" + array(sections)
                + ",\"purposes\":[\"care-coordination\",\"support-planning\"]"
                + (until == null ? "" : ",\"until\":\"" + until + "\"") + "}";
    }

    @Test
    void theCarerSeesOnlyWhatIsDelegatedAndLosesItOnTheNextRequestAfterRevocation() {
        AccessFixture.Resident ikenna = fx.resident("ikenna-eze", List.of());
        String subject = "carer:grace-" + ikenna.id();
        Http grace = fx.carer(subject, "Grace Eze");
        String read = "/passports/" + ikenna.id() + "?purpose=care-coordination";
        problem(grace.get(read), 404);

        LocalDate until = LocalDate.now(ZoneOffset.UTC).plusDays(60);
        ObjectNode added = ok(post(ikenna.http(), "/me/carers", delegate(fx.carerAccount(subject), until.toString(),
                "identity", "goals", "care-plan", "communication")), 201);
        String provisionId = added.path("provisionId").asText();
        assertTrue(provisionId.startsWith("carer-"), added.toString());

        Set<String> types = typesIn(grace.get(read));
        assertTrue(types.contains("Goal"), types.toString());
        assertFalse(types.contains("Condition"), "health was not delegated: " + types);
        problem(grace.get("/passports/" + ikenna.id() + "?purpose=direct-care"), 404);
        problem(fx.carer("carer:someone-else-" + ikenna.id(), "Someone Else").get(read), 404);

        JsonNode mine = ok(grace.get("/carer/delegations"), 200).path("delegations");
        assertEquals(1, mine.size(), mine.toString());
        assertEquals(ikenna.id(), mine.path(0).path("residentId").asText());
        assertEquals(Set.of("identity", "goals", "care-plan", "communication"),
                Set.copyOf(texts(mine.path(0).path("sections"))));
        assertEquals(Set.of("care-coordination", "support-planning"), Set.copyOf(texts(mine.path(0).path("purposes"))));
        assertEquals(until.toString(), mine.path(0).path("until").asText());
        assertEquals(1, ok(ikenna.http().get("/me/carers"), 200).path("carers").size());

        assertEquals(204, ikenna.http().delete("/me/carers/" + provisionId).statusCode());
        problem(grace.get(read), 404);
        assertEquals(0, ok(grace.get("/carer/delegations"), 200).path("delegations").size());
        assertEquals(0, ok(ikenna.http().get("/me/carers"), 200).path("carers").size());
        problem(ikenna.http().delete("/me/carers/" + provisionId + "-nope"), 404);
        problem(ikenna.http().delete("/me/carers/" + provisionId), 404); // ending it twice: no longer there

        AuditQueries audit = new AuditQueries(mongo.database(), "main");
        assertEquals(2, audit.count(AuditQuery.all().withResident(ikenna.id()).withAction(AuditAction.DELEGATION)));
    }

    @Test
    void aDelegationThatHasEndedStopsOnTheNextRequest() {
        AccessFixture.Resident ikenna = fx.resident("ikenna-eze", List.of());
        String subject = "carer:grace-ended-" + ikenna.id();
        Http grace = fx.carer(subject, "Grace Eze");
        // delegated 30 days ago, until 20 days ago
        clock.back(Duration.ofDays(30), () -> ok(post(ikenna.http(), "/me/carers",
                delegate(fx.carerAccount(subject), LocalDate.now(ZoneOffset.UTC).minusDays(21).toString(), "goals")),
                201));
        problem(grace.get("/passports/" + ikenna.id() + "?purpose=care-coordination"), 404);
        assertEquals(0, ok(grace.get("/carer/delegations"), 200).path("delegations").size());
    }

    @Test
    void aDelegationRevokedInTheDirectivesDisappearsFromTheCarersListAtOnce() {
        AccessFixture.Resident ikenna = fx.resident("ikenna-eze", List.of());
        String subject = "carer:grace-directives-" + ikenna.id();
        Http grace = fx.carer(subject, "Grace Eze");
        String pid = ok(post(ikenna.http(), "/me/carers", delegate(fx.carerAccount(subject), null, "goals")), 201)
                .path("provisionId").asText();
        assertEquals(1, ok(grace.get("/carer/delegations"), 200).path("delegations").size());
        // revoked through the directives (the resident's consent page), not through /me/carers: the list follows
        assertTrue(
                grants.revoke(ikenna.id(), pid, java.time.Instant.now()).orElseThrow() instanceof Grants.Outcome.Done);
        assertEquals(0, ok(grace.get("/carer/delegations"), 200).path("delegations").size());
        problem(grace.get("/passports/" + ikenna.id() + "?purpose=care-coordination"), 404);
    }

    @Test
    void aResidentCanEndOnlyTheirOwnDelegations() {
        AccessFixture.Resident ikenna = fx.resident("ikenna-eze", List.of());
        AccessFixture.Resident other = fx.resident("ikenna-eze", List.of());
        String subject = "carer:grace-own-" + ikenna.id();
        String pid = ok(post(ikenna.http(), "/me/carers", delegate(fx.carerAccount(subject), null, "goals")), 201)
                .path("provisionId").asText();
        problem(other.http().delete("/me/carers/" + pid), 404);
        typesIn(fx.carer(subject, "Grace Eze").get("/passports/" + ikenna.id() + "?purpose=care-coordination"));
    }

    @Test
    void onlyResidentsDelegateAndOnlyCarersListDelegations() {
        AccessFixture.Resident ikenna = fx.resident("ikenna-eze", List.of());
        Http pro = fx.professional("prac-kwame-" + ikenna.id(), "Kwame Mensah",
                ProfessionalRole.HEALTH_AND_SOCIAL_CARE_NAVIGATOR, "org-forest-gate-family-practice",
                "Forest Gate Family Practice", OrganisationType.GP_PRACTICE);
        problem(post(pro, "/me/carers", delegate("urn:x|carer:y", null, "goals")), 403);
        problem(ikenna.http().get("/carer/delegations"), 403);
        problem(post(ikenna.http(), "/me/carers", delegate("no-issuer", null, "goals")), 422);
        problem(post(ikenna.http(), "/me/carers", delegate("urn:x|carer:y", null)), 422);
        problem(post(ikenna.http(), "/me/carers", delegate("urn:x|carer:y", "2001-01-01", "goals")), 422);
    }
}
