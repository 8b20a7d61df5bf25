package org.wellbeingpassport.fhir.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.ConsentEngine;
import org.wellbeingpassport.consent.Organisation;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.TestPassports;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.wellbeingpassport.fhir.redact.EngineRedaction;
import org.wellbeingpassport.fhir.redact.JsonRedactor;
import org.wellbeingpassport.fhir.redact.Redaction;

class PassportItemsTest {
    @Test
    void cachedItemsGiveTheSameRedactionAsItemsBuiltPerRead() {
        ObjectNode bundle = TestPassports.named("ikenna-eze");
        PassportItems items = PassportItems.of("ikenna-eze", bundle);
        assertEquals(bundle.path("entry").size(), items.size());
        for (JsonNode e : bundle.path("entry")) {
            assertEquals(ResourceItems.of("ikenna-eze", e.get("resource")), items.get(e.get("resource")).orElseThrow());
        }
        // Grace, his mother, through his delegation: his goals and plan, nothing else
        var policy = ConsentEngine.standard().compile(ExamplePassports.named("ikenna-eze").directives(),
                AccessRequest.of(new Actor.Proxy("ikenna-eze-related-1", "Grace Eze"), Purpose.SUPPORT_PLANNING,
                        java.time.Instant.parse("2026-11-22T10:00:00Z")));
        ObjectNode cached = bundle.deepCopy();
        ObjectNode perRead = bundle.deepCopy();
        JsonRedactor.redactBundle(cached, EngineRedaction.decider(policy, items));
        JsonRedactor.redactBundle(perRead, EngineRedaction.decider(policy, "ikenna-eze", r -> java.util.Map.of()));
        assertEquals(Fhir.write(perRead), Fhir.write(cached));
        String hers = Fhir.write(cached);
        assertTrue(hers.contains("Start a coding apprenticeship"), hers);
        assertTrue(!hers.contains("autism assessment since April 2025") && !hers.contains("ikenna.eze@example.net"),
                hers);
        var report = TestPassports.validate(cached);
        assertTrue(report.valid(), report.errors().toString());
    }

    @Test
    void aResourceWithoutItemsIsDroppedNotDisclosed() {
        ObjectNode bundle = TestPassports.named("jean-whitfield");
        PassportItems items = PassportItems.of("jean-whitfield", Fhir.json().createArrayNode());
        var policy = ConsentEngine.standard().compile(ExamplePassports.named("jean-whitfield").directives(),
                AccessRequest.of(
                        new Actor.Professional("prac-kev-duffy", "Kev Duffy", ProfessionalRole.COMMUNITY_CONNECTOR,
                                new Organisation("org-wirral-walking-together", "Wirral Walking Together",
                                        OrganisationType.VOLUNTARY_COMMUNITY)),
                        Purpose.CARE_COORDINATION, java.time.Instant.parse("2026-11-22T10:00:00Z")));
        assertEquals(Redaction.DROP,
                EngineRedaction.decider(policy, items).apply((ObjectNode) bundle.path("entry").get(0).get("resource")));
    }
}
