package org.wellbeingpassport.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.wellbeingpassport.consent.Fixtures.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

class ExplanationTest {
    private final ConsentEngine engine = ConsentEngine.standard();

    @Test
    void aPermitIsExplainedWithWhoWhatWhenWhyAndUntil() {
        Decision d = engine.decide(AccessRequest.of(SAM, Purpose.SUPPORT_PLANNING, APRIL_1),
                directives(goalsForLinkWorkers()), goals());
        assertEquals(List.of("The Riverside social prescribing link workers can see your goals and aspirations because "
                + "you allowed it on 3 March for support planning, until 3 June."), Explanation.sentences(d));
    }

    @Test
    void somethingNotIncludedIsExplainedPlainly() {
        Decision d = engine.decide(AccessRequest.of(SAM, Purpose.SUPPORT_PLANNING, APRIL_1),
                directives(goalsForLinkWorkers()), health());
        assertEquals(List.of("Sam Okafor (social prescribing link worker, Riverside) cannot see your health and "
                + "wellbeing because you did not include it."), Explanation.sentences(d));
    }

    @Test
    void expiryRevocationAndUnnamedCategoriesAreExplained() {
        Decision expired = engine.decide(AccessRequest.of(SAM, Purpose.SUPPORT_PLANNING, JULY_1),
                directives(goalsForLinkWorkers()), goals());
        assertEquals("Sam Okafor (social prescribing link worker, Riverside) cannot see your goals and aspirations "
                + "because your permission ended on 3 June.", Explanation.sentences(expired).get(0));

        DirectiveSet revoked = directives(goalsForLinkWorkers()).revoke("p-goals", APRIL_1).orElseThrow();
        Decision r = engine.decide(AccessRequest.of(SAM, Purpose.SUPPORT_PLANNING, APRIL_1.plusSeconds(5)), revoked,
                goals());
        assertEquals("Sam Okafor (social prescribing link worker, Riverside) cannot see your goals and aspirations "
                + "because you withdrew your permission on 1 April.", Explanation.sentences(r).get(0));

        Provision health = Provision.permit("p-health").to(RIVERSIDE_LINK_WORKERS)
                .covering(Scope.sections(StorySection.HEALTH_AND_WELLBEING)).forPurposes(Purpose.SUPPORT_PLANNING)
                .grantedAt(MARCH_3).build();
        Decision s = engine.decide(AccessRequest.of(SAM, Purpose.SUPPORT_PLANNING, APRIL_1), directives(health),
                sensitiveItem("Condition", StorySection.HEALTH_AND_WELLBEING,
                        Set.of(SensitivityCategory.MENTAL_HEALTH, SensitivityCategory.TRAUMA), "Condition.code"));
        assertEquals("Sam Okafor (social prescribing link worker, Riverside) cannot see the parts of your health and "
                + "wellbeing about mental health, trauma and PTSD because your choice on 3 March did not name them.",
                Explanation.sentences(s).get(0));
    }

    @Test
    void sectionLabelsAreTurnedToTheResident() {
        assertEquals("what matters to you", Explanation.yours(StorySection.WHAT_MATTERS.label()));
        assertEquals("who you are (name, date of birth, identifiers)",
                Explanation.yours(StorySection.IDENTITY.label()));
        assertEquals("how you have been feeling over time", Explanation.yours(StorySection.MEASURES.label()));
        assertEquals("your support network and carers", Explanation.yours(StorySection.SUPPORT_NETWORK.label()));
    }

    @Test
    void aDenyAndABreakGlassAreExplained() {
        Provision deny = Provision.deny("d").to(Recipient.named(SAM.id(), "Sam Okafor"))
                .covering(Scope.sections(StorySection.GOALS)).grantedAt(MARCH_3).build();
        Decision d = engine.decide(AccessRequest.of(SAM, Purpose.SUPPORT_PLANNING, APRIL_1), directives(deny), goals());
        assertEquals(
                List.of("Sam Okafor (social prescribing link worker, Riverside) cannot see your goals and "
                        + "aspirations because on 3 March you chose not to share it with Sam Okafor."),
                Explanation.sentences(d));

        BreakGlassGrant g = new BreakGlassGrant("bg", SAFEGUARDING_LEAD, "concern at discharge", Purpose.SAFEGUARDING,
                APRIL_1, APRIL_1.plusSeconds(3600), java.util.Optional.empty());
        Decision bg = engine.decide(AccessRequest.breakGlass(g, APRIL_1.plusSeconds(60)), directives(deny), patient());
        assertEquals(List.of("Priya Shah (safeguarding lead, Adult Social Care) can see who you are (name, date of "
                + "birth, identifiers) for a short time, until 1 April, for keeping you safe (safeguarding). You are "
                + "being told, and the access will be reviewed."), Explanation.sentences(bg));
    }
}
