package org.wellbeingpassport.fhir.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.LawfulBasis;
import org.wellbeingpassport.consent.LawfulBasisKind;
import org.wellbeingpassport.consent.Period;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.TestPassports;
import org.wellbeingpassport.fhir.validate.ValidationReport;

class ConsentMappingTest {
    private static final Instant GRANTED = Instant.parse("2026-09-15T09:00:00Z");

    /** Every construct the engine has, at least once. */
    static DirectiveSet everything() {
        Provision walkingGroup = Provision.permit("walking-group")
                .to(Recipient.named("prac-kev-duffy", "Kev Duffy"),
                        Recipient.organisation("org-wirral-walking-together", "Wirral Walking Together"))
                .forPurposes(Purpose.CARE_COORDINATION, Purpose.SUPPORT_PLANNING).grantedAt(GRANTED)
                .during(Period.between(Instant.parse("2026-09-15T00:00:00Z"),
                        Instant.parse("2027-03-15T00:00:00.250Z")))
                .covering(Scope.paths("Patient.name", "Patient.telecom[phone]", "Composition.section[strengths].text"))
                .with(Provision.deny("no-phone-for-volunteers")
                        .to(Recipient.roleAt(ProfessionalRole.COMMUNITY_CONNECTOR, "org-wirral-walking-together",
                                "Wirral Walking Together"))
                        .covering(Scope.paths("Patient.telecom")).build(),
                        Provision.permit("trauma-for-lead").to(Recipient.named("prac-kev-duffy", "Kev Duffy"))
                                .covering(Scope.sections(StorySection.HEALTH_AND_WELLBEING).including(
                                        SensitivityCategory.TRAUMA, SensitivityCategory.MENTAL_HEALTH,
                                        SensitivityCategory.BENEFITS_FINANCES))
                                .during(Period.from(Instant.parse("2026-10-01T00:00:00Z"))).build())
                .build();
        Provision sections = Provision.permit("walking-group-sections")
                .to(Recipient.organisation("org-wirral-walking-together", "Wirral Walking Together"))
                .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(GRANTED)
                .covering(Scope.sections(StorySection.GOALS, StorySection.COMMUNICATION)).build();
        Provision types = Provision.permit("walking-group-types")
                .to(Recipient.organisation("org-wirral-walking-together", "Wirral Walking Together"))
                .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(GRANTED)
                .covering(Scope.resourceTypes("CarePlan", "Goal", "Patient", "Composition")).build();
        Provision roles = Provision.permit("link-workers-anywhere")
                .to(Recipient.role(ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER),
                        Recipient.organisationType(OrganisationType.GP_PRACTICE))
                .forPurposes(Purpose.DIRECT_CARE, Purpose.BENEFITS_EMPLOYMENT, Purpose.SAFEGUARDING).grantedAt(GRANTED)
                .covering(Scope.everything()).revokedAt(Instant.parse("2026-11-01T12:30:00Z")).build();
        Provision carer = Provision.permit("mum").to(Recipient.delegate("related-grace", "Grace Eze"))
                .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(GRANTED).covering(Scope.resourceTypes("CarePlan"))
                .build();
        Provision system = Provision.permit("gp-system").to(Recipient.system("emis-leasowe", "EMIS at Leasowe Lane"))
                .forPurposes(Purpose.DIRECT_CARE).grantedAt(GRANTED)
                .covering(Scope.categories(SensitivityCategory.MENTAL_HEALTH)).build();
        Provision research = Provision.permit("research").to(Recipient.organisation("org id with spaces/and slash", ""))
                .forPurposes(Purpose.RESEARCH).grantedAt(GRANTED).covering(Scope.sections(StorySection.MEASURES))
                .build();
        Provision deny = Provision.deny("never-the-jobcentre")
                .to(Recipient.organisationType(OrganisationType.JOBCENTRE_DWP)).grantedAt(GRANTED)
                .covering(Scope.everything().including(SensitivityCategory.HIV, SensitivityCategory.SUBSTANCE_USE,
                        SensitivityCategory.SEXUAL_HEALTH, SensitivityCategory.SAFEGUARDING,
                        SensitivityCategory.GENETIC, SensitivityCategory.IMMIGRATION,
                        SensitivityCategory.CRIMINAL_RECORD, SensitivityCategory.SEXUALITY_GENDER))
                .with(Provision.deny("not-audit-either").covering(Scope.sections(StorySection.IDENTITY))
                        .forPurposes(Purpose.AUDIT, Purpose.RECORD_CORRECTION, Purpose.EMERGENCY_TREATMENT).build())
                .build();
        return DirectiveSet.restore("jean-whitfield", 7,
                List.of(walkingGroup, sections, roles, carer, system, research, deny, types)).orElseThrow();
    }

    @Test
    void directivesToConsentAndBackIsIdentity() {
        DirectiveSet original = everything();
        Consent consent = ConsentMapping.toFhir(original);
        String json = Fhir.encode(consent);
        ConsentMapping.Read<DirectiveSet> back = ConsentMapping.directives(Fhir.parse(Consent.class, json));
        assertTrue(back.ok(), back.problems().toString());
        assertEquals(original, back.orElseThrow());
        assertEquals(json, Fhir.encode(ConsentMapping.toFhir(back.orElseThrow())), "and back to the same Consent");
    }

    @Test
    void theConsentIsValidR4() {
        ValidationReport report = TestPassports.validator().validate(ConsentMapping.toFhir(everything()));
        assertTrue(report.valid(), report.errors().toString());
    }

    @Test
    void anEmptyDirectiveSetRoundTrips() {
        DirectiveSet empty = DirectiveSet.empty("resident 42/odd");
        Consent c = ConsentMapping.toFhir(empty);
        assertEquals(empty, ConsentMapping.directives(Fhir.parse(Consent.class, Fhir.encode(c))).orElseThrow());
    }

    @Test
    void lawfulBasisToConsentAndBack() {
        for (Optional<String> deferred : List.of(Optional.<String>empty(),
                Optional.of("telling him now would alert the person of concern"))) {
            LawfulBasis basis = new LawfulBasis("lb-2026-0042", LawfulBasisKind.SAFEGUARDING_DUTY,
                    "Care Act 2014 s42 enquiry HK-2026-117", "prac-marcus-bell", Instant.parse("2026-10-21T08:05:00Z"),
                    Scope.sections(StorySection.IDENTITY, StorySection.SUPPORT_NETWORK)
                            .including(SensitivityCategory.SAFEGUARDING),
                    Period.between(Instant.parse("2026-10-21T08:05:00Z"), Instant.parse("2026-10-21T20:05:00Z")),
                    deferred);
            Consent c = ConsentMapping.toFhir(basis, "kayleigh-brennan");
            ConsentMapping.Read<LawfulBasis> back = ConsentMapping
                    .lawfulBasis(Fhir.parse(Consent.class, Fhir.encode(c)));
            assertTrue(back.ok(), back.problems().toString());
            assertEquals(basis, back.orElseThrow());
            assertTrue(TestPassports.validator().validate(c).valid());
        }
    }

    @Test
    void whatTheEngineCannotHoldIsReportedNotDropped() {
        Consent c = ConsentMapping.toFhir(everything());
        Consent.ProvisionComponent first = c.getProvision().getProvision().get(0);
        first.addData().setMeaning(Consent.ConsentDataMeaning.INSTANCE).setReference(new Reference("Condition/c1"));
        first.getPurpose().get(0).setCode("NOT-A-PURPOSE");
        c.getProvision().getProvision().get(1).getActor().get(0).setReference(new Reference("Patient/someone-else"));
        ConsentMapping.Read<DirectiveSet> read = ConsentMapping.directives(c);
        assertFalse(read.ok());
        assertEquals(3, read.problems().size(), read.problems().toString());
        assertTrue(read.problems().get(0).contains(".data"), read.problems().toString());
    }

    /**
     * A provision naming two kinds of selector (sections and resource types, resource types and paths, sections and
     * paths) would cover only their overlap, far less than it says: refused, naming where, never narrowed silently.
     */
    @Test
    void aProvisionMixingSelectorsIsRefusedNamingThePath() {
        Scope[] mixed = {
                new Scope(java.util.Set.of(StorySection.GOALS), java.util.Set.of("Goal"), java.util.Set.of(),
                        java.util.Set.of(), false),
                new Scope(java.util.Set.of(), java.util.Set.of("Patient"), java.util.Set.of("Patient.name"),
                        java.util.Set.of(), false),
                new Scope(java.util.Set.of(StorySection.GOALS), java.util.Set.of(), java.util.Set.of("Patient.name"),
                        java.util.Set.of(), false)};
        for (Scope scope : mixed) {
            Provision p = Provision.permit("mixed").to(Recipient.named("prac-kev-duffy", "Kev Duffy"))
                    .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(GRANTED).covering(scope).build();
            Consent c = ConsentMapping.toFhir(DirectiveSet.restore("jean-whitfield", 1, List.of(p)).orElseThrow());
            ConsentMapping.Read<DirectiveSet> read = ConsentMapping.directives(c);
            assertFalse(read.ok(), scope.toString());
            assertEquals(1, read.problems().size(), read.problems().toString());
            String problem = read.problems().get(0);
            assertTrue(problem.startsWith("Consent.provision.provision[0]."), problem);
            assertTrue(problem.contains("overlap"), problem);
        }
    }

    @Test
    void theEnginesOwnValidationStillApplies() {
        Consent c = ConsentMapping.toFhir(everything());
        c.getProvision().getProvision().get(0).getPurpose().clear();
        ConsentMapping.Read<DirectiveSet> read = ConsentMapping.directives(c);
        assertFalse(read.ok());
        assertTrue(read.problems().stream().anyMatch(p -> p.contains("purpose")), read.problems().toString());
    }
}
