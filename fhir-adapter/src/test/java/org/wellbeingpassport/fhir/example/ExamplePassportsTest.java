package org.wellbeingpassport.fhir.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.validate.Issue;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

class ExamplePassportsTest {
    private static final PassportValidator VALIDATOR = PassportValidator.shared().warmUp();

    private static void assertValid(Resource r) {
        ValidationReport report = VALIDATOR.validate(r);
        assertTrue(report.valid(), () -> r.fhirType() + "/" + r.getIdPart() + ": " + report.errors());
    }

    @Test
    void namedResidentsAreValidAndDistinct() {
        List<ExamplePassports.NamedResident> named = ExamplePassports.named();
        assertEquals(6, named.size());
        Set<String> ids = new HashSet<>();
        for (ExamplePassports.NamedResident r : named) {
            assertTrue(ids.add(r.patientId()), r.key());
            int n = r.passport().getEntry().size();
            assertTrue(n >= 17 && n <= 40, r.key() + " has " + n + " resources");
            assertValid(r.passport());
        }
    }

    @Test
    void generatedPassportsAreValidDeterministicAndSized() {
        for (int i = 0; i < 12; i++) {
            Bundle b = ExamplePassports.generated(i);
            int n = b.getEntry().size();
            assertTrue(n >= 17 && n <= 40, "passport " + i + " has " + n + " resources");
            assertEquals(ExamplePassports.generatedPatientId(i), b.getEntryFirstRep().getResource().getIdPart());
            assertEquals(Fhir.encode(b), Fhir.encode(ExamplePassports.generated(i)), "same index, same passport");
            assertValid(b);
        }
        assertNotEquals(Fhir.encode(ExamplePassports.generated(1)), Fhir.encode(ExamplePassports.generated(2)));
    }

    @Test
    void everyPatientHasAValidTestRangeNhsNumber() {
        for (int i = 0; i < 200; i++) {
            Patient p = (Patient) ExamplePassports.generated(i).getEntryFirstRep().getResource();
            String nhs = p.getIdentifier().stream().filter(id -> CodeSystems.NHS_NUMBER.equals(id.getSystem()))
                    .findFirst().orElseThrow().getValue();
            assertTrue(NhsNumber.isValid(nhs), nhs);
            assertTrue(nhs.startsWith("999"), nhs);
        }
    }

    @Test
    void nhsNumberCheckDigit() {
        assertTrue(NhsNumber.isValid("9434765919")); // the NHS's published example
        assertFalse(NhsNumber.isValid("9434765918"));
        assertFalse(NhsNumber.isValid("943476591"));
        assertFalse(NhsNumber.isValid("94347659AB"));
    }

    @Test
    void directoryResourcesAreValid() {
        List<Resource> dir = ExamplePassports.directory();
        assertTrue(dir.stream().anyMatch(r -> r.fhirType().equals("Organization")));
        assertTrue(dir.stream().anyMatch(r -> r.fhirType().equals("PractitionerRole")));
        for (Resource r : dir) {
            assertValid(r);
        }
    }

    @Test
    void validatorReportsErrorsWithLocations() {
        ValidationReport report = VALIDATOR.validate(
                """
                        {"resourceType":"Observation","status":"final",
                         "code":{"coding":[{"system":"https://fhir.wellbeingpassport.org/CodeSystem/wellbeing-measure","code":"wemwbs"}]},
                         "valueInteger":71}""");
        assertFalse(report.valid());
        Issue range = report.errors().stream().filter(i -> i.rule().equals("passport-score-range")).findFirst()
                .orElseThrow();
        assertEquals("Observation.value[x]", range.location());
        assertEquals(report.issues().size(), report.toOperationOutcome().getIssue().size());
    }
}
