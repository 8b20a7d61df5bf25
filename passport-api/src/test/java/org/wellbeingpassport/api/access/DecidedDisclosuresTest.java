package org.wellbeingpassport.api.access;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.api.access.AccessFixture.ok;
import static org.wellbeingpassport.api.access.AccessFixture.post;
import static org.wellbeingpassport.api.access.AccessFixture.problem;
import static org.wellbeingpassport.api.access.AccessFixture.typesIn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DecidedDisclosures;
import org.wellbeingpassport.api.passport.Evaluation;
import org.wellbeingpassport.api.passport.IdentifierIndex;
import org.wellbeingpassport.api.passport.PassportImporter;
import org.wellbeingpassport.api.passport.PassportReader;
import org.wellbeingpassport.api.passport.PreparedPassport;
import org.wellbeingpassport.api.passport.PreparedPassports;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.Organisation;
import org.wellbeingpassport.consent.Period;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Disclosures decided once and kept for the next reads (DecidedDisclosures, ADR 0017) can never outlive what they
 * were decided on: each test first makes a read that is kept (and used again), then changes one thing the decision
 * depends on (a consent change, a delegation change, the time passing a provision's end or start, an erasure, the
 * reader's role, organisation or purpose) and checks, over real HTTP, that the very next read is decided afresh. Each
 * would fail if the kept disclosure were served instead.
 */
@MicronautTest
// a random port: other builds on this machine may hold 8080
@Property(name = "micronaut.server.port", value = "-1")
class DecidedDisclosuresTest {
    static final String ORG = "org-decided-practice";
    static final String ORG_NAME = "Decided Practice";

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
    Grants grants;
    @Inject
    DecidedDisclosures decided;
    @Inject
    PassportReader reader;
    @Inject
    PreparedPassports prepared;

    AccessFixture fx;

    @BeforeEach
    void setUp() {
        fx = new AccessFixture(new Http(server.getURI()), tokens, importer, accounts, identifiers);
    }

    private Http linkWorker(String subject, String org) {
        return fx.professional(subject, "Asha Patel", ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER, org, ORG_NAME,
                OrganisationType.GP_PRACTICE);
    }

    private static Provision permit(String id, Recipient to, Period during, String... types) {
        return Provision.permit(id).to(to).covering(Scope.resourceTypes(types)).forPurposes(Purpose.SUPPORT_PLANNING)
                .grantedAt(Instant.now().minus(Duration.ofHours(1))).during(during).build();
    }

    private static String read(String residentId) {
        return "/passports/" + residentId + "?purpose=support-planning";
    }

    @Test
    void aProvisionEndingOrStartingActsOnTheVeryNextReadThoughTheEarlierDisclosureIsKept() throws Exception {
        String subject = "prac-decided-time-" + System.nanoTime();
        Instant now = Instant.now();
        Instant switchAt = now.plusSeconds(4);
        Recipient me = Recipient.named(subject, "Asha Patel");
        AccessFixture.Resident jean = fx.resident("jean-whitfield",
                List.of(permit("goals-until", me, Period.between(now.minus(Duration.ofHours(1)), switchAt), "Goal"),
                        permit("care-plans-from", me, Period.from(switchAt), "CarePlan")));
        Http asha = linkWorker(subject, ORG);

        Set<String> first = typesIn(asha.get(read(jean.id())));
        assertEquals(Set.of("Goal"), first, "before the switch: goals only");
        assertEquals(first, typesIn(asha.get(read(jean.id()))));
        assertEquals(1, decided.keptFor(jean.id()), "the disclosure was kept and used again");

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), switchAt).toMillis()) + 300);
        assertEquals(Set.of("CarePlan"), typesIn(asha.get(read(jean.id()))),
                "after the switch: the goals' permit has ended and the care plans' has started");
    }

    @Test
    void aConsentChangeActsOnTheVeryNextRead() {
        String subject = "prac-decided-consent-" + System.nanoTime();
        Recipient me = Recipient.named(subject, "Asha Patel");
        AccessFixture.Resident jean = fx.resident("jean-whitfield",
                List.of(permit("goals", me, Period.from(Instant.now().minus(Duration.ofHours(1))), "Goal")));
        Http asha = linkWorker(subject, ORG);
        assertEquals(Set.of("Goal"), typesIn(asha.get(read(jean.id()))));
        assertEquals(Set.of("Goal"), typesIn(asha.get(read(jean.id()))));
        assertEquals(1, decided.keptFor(jean.id()));

        assertTrue(grants.revoke(jean.id(), "goals", Instant.now()).orElseThrow() instanceof Grants.Outcome.Done);
        problem(asha.get(read(jean.id())), 404);
    }

    @Test
    void aDelegationChangeActsOnTheVeryNextReadAndOnlyTheDelegateIsServed() {
        AccessFixture.Resident ikenna = fx.resident("ikenna-eze", List.of());
        String subject = "carer:grace-decided-" + ikenna.id();
        Http grace = fx.carer(subject, "Grace Eze");
        String read = "/passports/" + ikenna.id() + "?purpose=care-coordination";
        ObjectNode added = ok(
                post(ikenna.http(), "/me/carers", CarerTest.delegate(fx.carerAccount(subject), null, "goals")), 201);
        Set<String> types = typesIn(grace.get(read));
        assertTrue(types.contains("Goal"), types.toString());
        assertEquals(types, typesIn(grace.get(read)));
        assertEquals(1, decided.keptFor(ikenna.id()));
        // another carer (another account, same name) is decided for themselves, not given Grace's disclosure
        problem(fx.carer("carer:someone-else-" + ikenna.id(), "Grace Eze").get(read), 404);

        assertEquals(204, ikenna.http().delete("/me/carers/" + added.path("provisionId").asText()).statusCode());
        problem(grace.get(read), 404);
    }

    @Test
    void anErasureDropsWhatWasKeptAtOnce() {
        String subject = "prac-decided-erasure-" + System.nanoTime();
        Recipient me = Recipient.named(subject, "Asha Patel");
        AccessFixture.Resident jean = fx.resident("jean-whitfield",
                List.of(permit("goals", me, Period.from(Instant.now().minus(Duration.ofHours(1))), "Goal")));
        Http asha = linkWorker(subject, ORG);
        assertEquals(Set.of("Goal"), typesIn(asha.get(read(jean.id()))));
        assertEquals(1, decided.keptFor(jean.id()));

        assertEquals(204, jean.http().delete("/me/passport").statusCode());
        assertEquals(0, decided.keptFor(jean.id()), "nothing of the erased passport is kept, before any other read");
        problem(asha.get(read(jean.id())), 404);
    }

    @Test
    void readersWhoDifferOnlyInRoleOrganisationOrPurposeAreDecidedApart() {
        String subject = "prac-decided-who-" + System.nanoTime();
        AccessFixture.Resident jean = fx.resident("jean-whitfield",
                List.of(permit("link-workers-here",
                        Recipient.roleAt(ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER, ORG, ORG_NAME),
                        Period.from(Instant.now().minus(Duration.ofHours(1))), "Goal")));
        Http asha = linkWorker(subject, ORG);
        assertEquals(Set.of("Goal"), typesIn(asha.get(read(jean.id()))));
        assertEquals(Set.of("Goal"), typesIn(asha.get(read(jean.id()))));
        // the same subject and name, in another organisation, or in another role: not the kept disclosure
        problem(linkWorker(subject, ORG + "-elsewhere").get(read(jean.id())), 404);
        problem(fx.professional(subject, "Asha Patel", ProfessionalRole.GP, ORG, ORG_NAME, OrganisationType.GP_PRACTICE)
                .get(read(jean.id())), 404);
        // the same reader for another purpose
        problem(asha.get("/passports/" + jean.id() + "?purpose=direct-care"), 404);
        assertEquals(Set.of("Goal"), typesIn(asha.get(read(jean.id()))));
    }

    @Test
    void aKeptDisclosureIsNeverChangedByWhatOneReadDoesWithItsTrees() {
        String subject = "prac-decided-trees-" + System.nanoTime();
        AccessFixture.Resident jean = fx.resident("jean-whitfield",
                List.of(permit("goals", Recipient.named(subject, "Asha Patel"),
                        Period.from(Instant.now().minus(Duration.ofHours(1))), "Goal")));
        Actor asha = new Actor.Professional(subject, "Asha Patel", ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER,
                new Organisation(ORG, ORG_NAME, OrganisationType.GP_PRACTICE));
        PreparedPassport passport = prepared.current(jean.id()).orElseThrow();
        Evaluation one = reader.evaluate(AccessRequest.of(asha, Purpose.SUPPORT_PLANNING, Instant.now()), passport,
                false);
        assertFalse(one.isEmpty());
        byte[] before = one.bundle("2026-12-03T00:00:00Z");
        // a read that changes the trees it was given (as a search's matching or a document's assembly might)
        ((ObjectNode) one.entries().get(0).get("resource")).put("id", "changed-by-one-read");
        one.entries().forEach(e -> ((ObjectNode) e).remove("resource"));
        Evaluation two = reader.evaluate(AccessRequest.of(asha, Purpose.SUPPORT_PLANNING, Instant.now()), passport,
                false);
        assertArrayEquals(before, two.bundle("2026-12-03T00:00:00Z"), "the next read sends what was decided");
        assertFalse(two.entries().toString().contains("changed-by-one-read"));
    }
}
