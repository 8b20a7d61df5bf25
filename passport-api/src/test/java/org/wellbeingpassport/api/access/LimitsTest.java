package org.wellbeingpassport.api.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.wellbeingpassport.api.access.AccessFixture.array;
import static org.wellbeingpassport.api.access.AccessFixture.ok;
import static org.wellbeingpassport.api.access.AccessFixture.post;
import static org.wellbeingpassport.api.access.AccessFixture.problem;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
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
 * Limits are keyed so that one caller cannot lock out another, however many identities they use (its own context,
 * so its own store: the many failures here must not reach other tests).
 */
@MicronautTest
class LimitsTest {
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

    @BeforeEach
    void setUp() {
        fx = new AccessFixture(new Http(server.getURI()), tokens, importer, accounts, identifiers);
    }

    Http connector(String subject) {
        return fx.professional(subject, "Aisha Begum", ProfessionalRole.COMMUNITY_CONNECTOR,
                "org-newham-community-connectors", "Newham Community Connectors", OrganisationType.VOLUNTARY_COMMUNITY);
    }

    static String redeem(String code) {
        return "{\"code\":\"" + code + "\",\"purpose\":\"direct-care\"}";
    }

    @Test
    void manyGuessingIdentitiesCannotLockOutAnInnocentProfessional() {
        AccessFixture.Resident nasreen = fx.resident("nasreen-akhtar", List.of());
        String code = ok(post(nasreen.http(), "/me/share-codes",
                "{\"sections\":" + array("communication") + ",\"purpose\":\"direct-care\",\"minutes\":60,\"uses\":1}"),
                201).path("code").asText();
        // 650 bad redemptions from 130 professional identities (5 each: every one of them at its own limit)
        int refused = 0;
        for (int id = 0; id < 130; id++) {
            Http guesser = connector("prac-guesser-" + id);
            for (int i = 0; i < ShareCodes.CALLER_FAILURES; i++) {
                int status = post(guesser, "/share-codes/redeem", redeem(ShareCodes.newCode())).statusCode();
                if (status == 429) {
                    refused++;
                } else {
                    assertEquals(404, status);
                }
            }
        }
        assertEquals(true, refused > 0, "once many are failing, a guesser with failures of their own waits");
        // each guesser is now at their own limit
        problem(post(connector("prac-guesser-7"), "/share-codes/redeem", redeem(ShareCodes.newCode())), 429);
        // an innocent professional's valid code works
        assertEquals("communication", ok(post(connector("prac-innocent"), "/share-codes/redeem", redeem(code)), 200)
                .path("sections").path(0).asText());
        // and an innocent professional's typo is an ordinary 404, not a lock-out
        problem(post(connector("prac-innocent-2"), "/share-codes/redeem", redeem(ShareCodes.newCode())), 404);
    }

    @Test
    void breakGlassIsLimitedPerProfessional() {
        Http lead = fx.professional("prac-bg-limit", "Marcus Bell", ProfessionalRole.SAFEGUARDING_LEAD, "org-hackney",
                "Hackney Council Adult Social Care", OrganisationType.ADULT_SOCIAL_CARE);
        String glass = "{\"reason\":\"Concern raised at discharge: possible risk at home\",\"minutes\":30}";
        for (int i = 0; i < BreakGlass.BREAKS_PER_HOUR; i++) {
            AccessFixture.Resident r = fx.resident("kayleigh-brennan", List.of());
            ok(post(lead, "/passports/" + r.id() + "/break-glass", glass), 201);
        }
        AccessFixture.Resident next = fx.resident("kayleigh-brennan", List.of());
        problem(post(lead, "/passports/" + next.id() + "/break-glass", glass), 429);
        // a colleague is not held back by it
        Http colleague = fx.professional("prac-bg-colleague", "Jo Lead", ProfessionalRole.SAFEGUARDING_LEAD,
                "org-hackney", "Hackney Council Adult Social Care", OrganisationType.ADULT_SOCIAL_CARE);
        ok(post(colleague, "/passports/" + next.id() + "/break-glass", glass), 201);
    }

    @Test
    void carersAddedAreLimitedPerResident() {
        AccessFixture.Resident ikenna = fx.resident("ikenna-eze", List.of());
        for (int i = 0; i < Delegations.CARERS_PER_HOUR; i++) {
            ok(post(ikenna.http(), "/me/carers", carer(fx.carerAccount("carer:limit-" + i))), 201);
        }
        problem(post(ikenna.http(), "/me/carers", carer(fx.carerAccount("carer:limit-x"))), 429);
        AccessFixture.Resident other = fx.resident("ikenna-eze", List.of());
        ok(post(other.http(), "/me/carers", carer(fx.carerAccount("carer:limit-x"))), 201);
    }

    static String carer(String account) {
        return "{\"carerAccount\":\"" + account + "\",\"name\":\"Grace Eze\",\"sections\":" + array("communication")
                + ",\"purposes\":[\"care-coordination\"]}";
    }
}
