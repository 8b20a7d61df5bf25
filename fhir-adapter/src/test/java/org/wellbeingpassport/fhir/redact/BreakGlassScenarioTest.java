package org.wellbeingpassport.fhir.redact;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.BreakGlassGrant;
import org.wellbeingpassport.consent.ConsentEngine;
import org.wellbeingpassport.consent.Organisation;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.TestPassports;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/** Scenario 4: the engine's standard break-glass set, applied through our element paths. */
class BreakGlassScenarioTest {
    @Test
    void safeguardingLeadSeesTheSafetyMinimumOnly() {
        Actor lead = new Actor.Professional("prac-marcus-bell", "Marcus Bell", ProfessionalRole.SAFEGUARDING_LEAD,
                new Organisation("org-hackney-adult-social-care", "Hackney Council Adult Social Care",
                        OrganisationType.ADULT_SOCIAL_CARE));
        Instant at = Instant.parse("2026-10-21T08:00:00Z");
        BreakGlassGrant grant = new BreakGlassGrant("bg-1", lead, "concern raised at discharge", Purpose.SAFEGUARDING,
                at, at.plusSeconds(6 * 3600), Optional.empty());
        var policy = ConsentEngine.standard().compile(ExamplePassports.named("kayleigh-brennan").directives(),
                AccessRequest.breakGlass(grant, at.plusSeconds(600)));
        ObjectNode bundle = TestPassports.named("kayleigh-brennan");
        JsonRedactor.redactBundle(bundle, EngineRedaction.decider(policy, "kayleigh-brennan", r -> Map.of()));
        String seen = Fhir.write(bundle);
        // identity, communication needs, contacts and the safeguarding condition
        for (String expected : new String[]{"Brennan", "\"value\":\"999", "Trauma-informed approach requested",
                "Chantelle", "Victim of domestic violence"}) {
            assertTrue(seen.contains(expected), expected + " missing from " + seen);
        }
        // not her goals, money or anxiety (mental health is not in the break-glass set); her Patient resource is the identity section, all shown
        for (String withheld : new String[]{"nail tech", "Rent arrears", "Anxiety disorder", "Panic attacks"}) {
            assertFalse(seen.contains(withheld), withheld + " disclosed: " + seen);
        }
        ValidationReport report = TestPassports.validate(bundle);
        assertTrue(report.valid(), report.errors().toString());
    }
}
