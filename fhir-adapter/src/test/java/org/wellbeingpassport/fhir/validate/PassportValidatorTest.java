package org.wellbeingpassport.fhir.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.TestPassports;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.example.ExamplePassports;

class PassportValidatorTest {
    private static List<Issue> errors(String rule, ValidationReport r) {
        return r.errors().stream().filter(i -> i.rule().equals(rule)).toList();
    }

    @Test
    void ourRulesReportEveryIssueWithItsLocation() {
        Composition story = (Composition) ExamplePassports.named("delroy-campbell").passport().getEntry().stream()
                .filter(e -> e.getResource() instanceof Composition).findFirst().orElseThrow().getResource();
        story.getSection().get(0).getAuthor().clear();
        story.getSection().get(1).getCode().getCodingFirstRep().setCode("housing");
        story.getSection().get(5).getSection().get(0).getCode().getCodingFirstRep().setCode("language");
        ValidationReport r = TestPassports.validator().validate(Fhir.encode(story));
        assertFalse(r.valid());
        assertEquals(List.of("Composition.section[0].author"),
                errors("passport-authorship", r).stream().map(Issue::location).toList());
        assertEquals(List.of("Composition.section[1].code", "Composition.section[5].section[0].code"),
                errors("passport-section-code", r).stream().map(Issue::location).toList());
        OperationOutcome oo = r.toOperationOutcome();
        assertEquals(r.issues().size(), oo.getIssue().size());
        assertTrue(oo.getIssue().stream()
                .anyMatch(i -> i.getExpression().get(0).getValue().equals("Composition.section[0].author")
                        && i.getCode() == OperationOutcome.IssueType.BUSINESSRULE));
    }

    @Test
    void nhsNumberCheckDigit() {
        Patient p = (Patient) ExamplePassports.named("jean-whitfield").passport().getEntryFirstRep().getResource();
        p.getIdentifierFirstRep().setValue("9990000019");
        ValidationReport r = TestPassports.validator().validate(Fhir.encode(p));
        assertEquals(List.of("Patient.identifier[0].value"),
                errors("passport-nhs-number", r).stream().map(Issue::location).toList(), r.issues().toString());
    }

    @Test
    void baseR4ErrorsAreReportedEvenWhenHapiCannotParse() {
        Patient p = (Patient) ExamplePassports.named("jean-whitfield").passport().getEntryFirstRep().getResource();
        String json = Fhir.encode(p).replace("\"gender\":\"female\"", "\"gender\":\"not-a-gender\"");
        ValidationReport r = TestPassports.validator().validate(json);
        assertFalse(r.valid());
        assertTrue(r.errors().stream().anyMatch(i -> i.rule().equals("base-r4") && i.location().contains("gender")),
                r.errors().toString());
    }

    @Test
    void unparseableInputIsOneFatalIssueNotAnException() {
        ValidationReport r = TestPassports.validator().validate("{\"resourceType\":\"Patient\",\"birthDate\":");
        assertFalse(r.valid());
        assertTrue(r.issues().stream()
                .anyMatch(i -> i.severity() == Issue.Severity.FATAL || i.severity() == Issue.Severity.ERROR));
    }

    @Test
    void ourConformanceResourcesAreThemselvesValid() {
        for (var sd : Conformance.structureDefinitions()) {
            assertTrue(sd.getUrl().startsWith(CodeSystems.BASE)
                    || sd.getUrl().startsWith("http://hl7.org/fhir/uv/security-label-ds4p"), sd.getUrl());
        }
        for (var cs : Conformance.codeSystems()) {
            ValidationReport r = TestPassports.validator().validate(cs);
            assertTrue(r.valid(), cs.getUrl() + " " + r.errors());
        }
    }
}
