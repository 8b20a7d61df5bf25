package org.wellbeingpassport.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.consent.Fixtures.*;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;

class DirectiveValidationTest {

    private static List<ProblemKind> kinds(List<Problem> problems) {
        return problems.stream().map(Problem::kind).toList();
    }

    @Test
    void everyProblemIsListedAtOnce() {
        Provision bad = new Provision("p1", ProvisionType.PERMIT,
                List.of(new Recipient.WithRole("cc"), new Recipient.OfOrganisationType("spaceship")),
                new Scope(Set.of(), Set.of(), Set.of(), Set.of(), false), Set.of(),
                Optional.of(Period.between(JUNE_3, MARCH_3)), Optional.empty(), Optional.empty(), List.of());
        List<Problem> problems = DirectiveValidation.validate(RESIDENT, List.of(bad));
        assertEquals(
                List.of(ProblemKind.UNKNOWN_ROLE, ProblemKind.UNKNOWN_ORGANISATION_TYPE, ProblemKind.EMPTY_PROVISION,
                        ProblemKind.NO_PURPOSE, ProblemKind.PERIOD_ENDS_BEFORE_START, ProblemKind.NO_GRANTED_DATE),
                kinds(problems));
        assertTrue(problems.get(0).message().contains("'cc'"));
        assertEquals("provision p1", problems.get(0).where());
        Validated<DirectiveSet> v = DirectiveSet.restore(RESIDENT, 1, List.of(bad));
        assertFalse(v.isValid());
        assertEquals(problems, v.problems());
    }

    @Test
    void structuralProblemsAreFoundAtAnyDepth() {
        Provision deny = Provision.deny("d1").to(Recipient.named("x", "X")).covering(Scope.everything())
                .grantedAt(MARCH_3)
                .with(Provision.permit("d1").covering(Scope.sections(StorySection.GOALS)).grantedAt(MARCH_3).build())
                .build();
        assertEquals(
                List.of(ProblemKind.DUPLICATE_ID, ProblemKind.GRANTED_DATE_ON_NESTED, ProblemKind.PERMIT_INSIDE_DENY),
                kinds(DirectiveValidation.validate(RESIDENT, List.of(deny))));
    }

    @Test
    void noRecipientResearchMixedWithCareAndContradictoryScopeAreProblems() {
        Provision p = Provision.permit("p")
                .covering(new Scope(Set.of(StorySection.GOALS), Set.of(), Set.of(" "), Set.of(), true))
                .forPurposes(Purpose.RESEARCH, Purpose.DIRECT_CARE).grantedAt(JUNE_3).revokedAt(MARCH_3).build();
        assertEquals(
                List.of(ProblemKind.NO_RECIPIENT, ProblemKind.CONTRADICTORY_SCOPE, ProblemKind.BLANK_PATH,
                        ProblemKind.RESEARCH_NOT_SEPARATE, ProblemKind.REVOKED_BEFORE_GRANTED),
                kinds(DirectiveValidation.validate(RESIDENT, List.of(p))));
        assertEquals(List.of(ProblemKind.BLANK_RESIDENT), kinds(DirectiveValidation.validate(" ", List.of())));
    }

    @Test
    void aSoundDirectiveHasNoProblems() {
        assertEquals(List.of(), DirectiveValidation.validate(RESIDENT, List.of(goalsForLinkWorkers())));
    }

    @Test
    void everyChangeIsANewVersionAndOldVersionsAreUntouched() {
        DirectiveSet v0 = DirectiveSet.empty(RESIDENT);
        DirectiveSet v1 = v0.add(goalsForLinkWorkers()).orElseThrow();
        DirectiveSet v2 = v1.revoke("p-goals", APRIL_1).orElseThrow();
        assertEquals(List.of(0L, 1L, 2L), List.of(v0.version(), v1.version(), v2.version()));
        assertEquals(List.of(), v0.provisions());
        assertEquals(Optional.empty(), v1.provision("p-goals").orElseThrow().revoked());
        assertEquals(Optional.of(APRIL_1), v2.provision("p-goals").orElseThrow().revoked());
        assertEquals(List.of(ProblemKind.UNKNOWN_PROVISION), kinds(v2.revoke("nope", APRIL_1).problems()));
        Validated<DirectiveSet> invalid = v2.add(Provision.permit("").build());
        assertFalse(invalid.isValid());
        assertTrue(kinds(invalid.problems()).contains(ProblemKind.BLANK_ID));
    }

    @Test
    void revokingANestedProvisionKeepsItsParent() {
        Provision p = Provision.permit("p").to(RIVERSIDE_LINK_WORKERS).covering(Scope.sections(StorySection.GOALS))
                .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(MARCH_3)
                .with(Provision.deny("p.no-notes").covering(Scope.paths("Goal.note")).build()).build();
        DirectiveSet v2 = directives(p).revoke("p.no-notes", APRIL_1).orElseThrow();
        assertEquals(Optional.empty(), v2.provision("p").orElseThrow().revoked());
        assertEquals(Optional.of(APRIL_1), v2.provision("p.no-notes").orElseThrow().revoked());
        Decision d = ConsentEngine.standard()
                .decide(AccessRequest.of(SAM, Purpose.SUPPORT_PLANNING, JUNE_3.minusSeconds(1)), v2, goals());
        assertEquals(3, d.disclosedPaths().size());
    }

    @Test
    void revokingAgainKeepsTheEarlierRevocation() {
        DirectiveSet v2 = directives(goalsForLinkWorkers()).revoke("p-goals", APRIL_1).orElseThrow();
        DirectiveSet v3 = v2.revoke("p-goals", JUNE_3).orElseThrow();
        assertEquals(3, v3.version());
        assertEquals(Optional.of(APRIL_1), v3.provision("p-goals").orElseThrow().revoked());
        DirectiveSet v4 = v3.revoke("p-goals", MARCH_3).orElseThrow();
        assertEquals(Optional.of(MARCH_3), v4.provision("p-goals").orElseThrow().revoked());
    }
}
