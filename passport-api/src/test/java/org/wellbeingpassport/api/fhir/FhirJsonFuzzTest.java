package org.wellbeingpassport.api.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micronaut.http.HttpStatus;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.wellbeingpassport.api.http.FhirException;

/**
 * Fuzzing the strict FHIR JSON parse in front of the partner writes (POST and PUT /fhir/Patient, POST
 * /fhir/Observation, POST /fhir transactions and batches): any body is either a resource of the expected type or a
 * {@link FhirException} with a 400 whose diagnostics name no parser class or internal code; nothing else may escape,
 * since anything else is a 500. Seeds: FhirJsonFuzzTestInputs/.
 */
class FhirJsonFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void resources(FuzzedDataProvider data) {
        Class<? extends Resource> type = data
                .pickValue(java.util.List.of(Patient.class, Observation.class, Bundle.class, Resource.class));
        String body = data.consumeRemainingAsString();
        try {
            Resource parsed = FhirJson.parse(body, type);
            assertTrue(type.isInstance(parsed), parsed.getClass().getName());
        } catch (FhirException e) {
            assertEquals(HttpStatus.BAD_REQUEST, e.status(), e.getMessage());
            for (FhirException.Issue i : e.issues()) {
                String d = i.diagnostics();
                // closed parsing names what the body sent (the long runs' findings: "Unknown element
                // 'effejava.ctiveDateTime'", "Invalid attribute value \"finHAPI-al\""): quoted text that the body
                // holds is the caller's own, the rest must be ours
                java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("'([^']*)'|\"([^\"]*)\"").matcher(d);
                String ours = quoted.replaceAll(m -> body.contains(m.group(m.group(1) != null ? 1 : 2))
                        ? "''"
                        : java.util.regex.Matcher.quoteReplacement(m.group()));
                assertFalse(ours.contains("ca.uhn") || ours.contains("java.") || ours.contains("org.hl7")
                        || ours.contains("HAPI-"), "a parser's internals in the diagnostics: " + d);
            }
        }
    }
}
