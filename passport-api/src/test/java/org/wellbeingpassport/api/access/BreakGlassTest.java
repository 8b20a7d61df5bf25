package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.passport.IdentifierIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.api.access.AccessFixture.ok;
import static org.wellbeingpassport.api.access.AccessFixture.post;
import static org.wellbeingpassport.api.access.AccessFixture.problem;
import static org.wellbeingpassport.api.access.AccessFixture.typesIn;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.audit.StoredEntry;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.PassportImporter;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/** Scenario 4: a safeguarding lead breaks the glass; minimal scope, time limit, notice or recorded deferral, audit. */
@MicronautTest
// a random port: other builds on this machine may hold 8080
@Property(name = "micronaut.server.port", value = "-1")
class BreakGlassTest {
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

    Http lead(String subject) {
        return fx.professional(subject, "Marcus Bell", ProfessionalRole.SAFEGUARDING_LEAD,
                "org-hackney-adult-social-care", "Hackney Council Adult Social Care",
                OrganisationType.ADULT_SOCIAL_CARE);
    }

    Http crisis(String subject) {
        return fx.professional(subject, "Ade Crisis", ProfessionalRole.CRISIS_TEAM_CLINICIAN, "org-crisis",
                "Hackney Crisis Team", OrganisationType.NHS_111_CRISIS);
    }

    AuditQueries audit() {
        return new AuditQueries(mongo.database(), "main");
    }

    static String glass(int minutes, String deferReason) {
        return "{\"reason\":\"Concern raised at discharge: possible risk at home\",\"minutes\":" + minutes
                + (deferReason == null ? "" : ",\"deferNotice\":{\"reason\":\"" + deferReason + "\"}") + "}";
    }

    @Test
    void aSafeguardingLeadSeesOnlyTheMinimalSetForALimitedTimeAndTheResidentIsTold() {
        AccessFixture.Resident kayleigh = fx.resident("kayleigh-brennan", List.of());
        Http marcus = lead("prac-marcus-" + kayleigh.id());
        String read = "/passports/" + kayleigh.id() + "?purpose=safeguarding";
        problem(marcus.get(read), 404);

        ObjectNode grant = ok(post(marcus, "/passports/" + kayleigh.id() + "/break-glass", glass(120, null)), 201);
        assertEquals("safeguarding", grant.path("purpose").asText());
        assertTrue(grant.path("residentNotified").asBoolean());
        Duration length = Duration.between(Instant.parse(grant.path("start").asText()),
                Instant.parse(grant.path("expires").asText()));
        assertEquals(Duration.ofMinutes(120), length);

        Set<String> types = typesIn(marcus.get(read));
        assertTrue(types.contains("Patient"), types.toString());
        assertFalse(types.contains("Goal"), "goals are not in the minimal set: " + types);
        Set<String> sections = AccessFixture.sectionsIn(marcus.get(read));
        assertFalse(sections.contains("goals") || sections.contains("living-situation"), sections.toString());
        // only for the break-glass purposes
        problem(marcus.get("/passports/" + kayleigh.id() + "?purpose=support-planning"), 404);
        // and only for him
        problem(lead("prac-another-lead-" + kayleigh.id()).get(read), 404);

        JsonNode notes = ok(kayleigh.http().get("/me/notifications"), 200).path("notifications");
        assertEquals("break-glass", notes.path(0).path("kind").asText(), notes.toString());
        assertTrue(notes.path(0).path("text").asText().contains("Marcus Bell"));

        List<StoredEntry> glassEntries = audit()
                .search(AuditQuery.all().withResident(kayleigh.id()).withBreakGlass(true));
        assertTrue(glassEntries.stream().anyMatch(e -> e.entry().action() == AuditAction.BREAK_GLASS));
        assertTrue(glassEntries.stream().anyMatch(e -> e.entry().action() == AuditAction.READ),
                glassEntries.toString());
    }

    @Test
    void deferredNoticeIsRecordedForTheAuditorAndTheResidentIsNotToldYet() {
        AccessFixture.Resident kayleigh = fx.resident("kayleigh-brennan", List.of());
        Http ade = crisis("prac-ade-" + kayleigh.id());
        ObjectNode grant = ok(post(ade, "/passports/" + kayleigh.id() + "/break-glass",
                glass(60, "Partner reads her phone; telling her now could put her at risk")), 201);
        assertEquals("emergency-treatment", grant.path("purpose").asText());
        assertFalse(grant.path("residentNotified").asBoolean());
        typesIn(ade.get("/passports/" + kayleigh.id() + "?purpose=emergency-treatment"));

        JsonNode notes = ok(kayleigh.http().get("/me/notifications"), 200).path("notifications");
        for (JsonNode n : notes) {
            assertFalse("break-glass".equals(n.path("kind").asText()), notes.toString());
        }
        List<StoredEntry> entries = audit().search(AuditQuery.all().withResident(kayleigh.id()).withBreakGlass(true));
        StoredEntry created = entries.stream().filter(e -> e.entry().action() == AuditAction.BREAK_GLASS).findFirst()
                .orElseThrow();
        assertTrue(created.entry().noticeDeferred());
        assertTrue(created.entry().detail().orElse("").contains("Partner reads her phone"));
        assertTrue(entries.stream().filter(e -> e.entry().action() == AuditAction.READ)
                .allMatch(e -> e.entry().noticeDeferred()), entries.toString());
    }

    @Test
    void anExpiredGrantStopsOnTheNextRead() {
        AccessFixture.Resident kayleigh = fx.resident("kayleigh-brennan", List.of());
        Http marcus = lead("prac-expired-" + kayleigh.id());
        clock.back(Duration.ofHours(3),
                () -> ok(post(marcus, "/passports/" + kayleigh.id() + "/break-glass", glass(60, null)), 201));
        problem(marcus.get("/passports/" + kayleigh.id() + "?purpose=safeguarding"), 404);
    }

    @Test
    void onlySafeguardingLeadsAndCrisisCliniciansMayBreakTheGlass() {
        AccessFixture.Resident kayleigh = fx.resident("kayleigh-brennan", List.of());
        Http socialWorker = fx.professional("prac-sw-" + kayleigh.id(), "Sol Worker", ProfessionalRole.SOCIAL_WORKER,
                "org-hackney-adult-social-care", "Hackney Council Adult Social Care",
                OrganisationType.ADULT_SOCIAL_CARE);
        problem(post(socialWorker, "/passports/" + kayleigh.id() + "/break-glass", glass(60, null)), 403);
        problem(socialWorker.get("/passports/" + kayleigh.id() + "?purpose=safeguarding"), 404);
        problem(post(kayleigh.http(), "/passports/" + kayleigh.id() + "/break-glass", glass(60, null)), 403);
        Http marcus = lead("prac-limits-" + kayleigh.id());
        problem(post(marcus, "/passports/" + kayleigh.id() + "/break-glass", glass(BreakGlass.MAX_MINUTES + 1, null)),
                422);
        problem(post(marcus, "/passports/" + kayleigh.id() + "/break-glass", "{\"minutes\":30}"), 422);
        problem(post(marcus, "/passports/no-such-resident/break-glass", glass(30, null)), 404);
    }
}
