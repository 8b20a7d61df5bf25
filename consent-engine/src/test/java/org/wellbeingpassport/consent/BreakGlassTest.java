package org.wellbeingpassport.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.consent.Fixtures.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

class BreakGlassTest {
    private final ConsentEngine engine = ConsentEngine.standard();
    private static final Instant START = APRIL_1;
    private static final Instant END = APRIL_1.plus(Duration.ofHours(4));

    /** The resident has shut adult social care out entirely. */
    private final DirectiveSet denied = directives(
            Provision.deny("d-asc").to(Recipient.organisationType(OrganisationType.ADULT_SOCIAL_CARE))
                    .covering(Scope.everything()).grantedAt(MARCH_3).build());

    private static BreakGlassGrant grant(Optional<String> deferral) {
        return new BreakGlassGrant("bg-1", SAFEGUARDING_LEAD, "concern raised at discharge", Purpose.SAFEGUARDING,
                START, END, deferral);
    }

    private Decision decide(BreakGlassGrant g, Instant at, DataItem item) {
        AccessRequest r = AccessRequest.breakGlass(g, at);
        Decision d = engine.decide(r, denied, item);
        DisclosureMask mask = engine.compile(denied, r).disclose(item);
        for (int i = 0; i < item.elements().size(); i++) {
            assertEquals(d.elements().get(i).disclosed(), mask.disclosed(i));
        }
        return d;
    }

    @Test
    void breakGlassDisclosesOnlyTheMinimalSet() {
        BreakGlassGrant g = grant(Optional.empty());
        Decision who = decide(g, START.plusSeconds(60), patient());
        assertEquals(4, who.disclosedPaths().size());
        assertEquals(ReasonKind.BREAK_GLASS, who.elements().get(0).reason().kind());
        assertEquals(Optional.of("concern raised at discharge"), who.elements().get(0).reason().detail());

        // key condition code and status, not the notes
        assertEquals(List.of("Condition.code", "Condition.clinicalStatus"),
                decide(g, START.plusSeconds(60), health()).disclosedPaths());
        // goals are not part of the minimal set
        assertFalse(decide(g, START.plusSeconds(60), goals()).anyDisclosed());
        // a safety alert is, even when labelled safeguarding
        DataItem flag = sensitiveItem("Flag", StorySection.HEALTH_AND_WELLBEING,
                Set.of(SensitivityCategory.SAFEGUARDING), "Flag.code");
        assertTrue(decide(g, START.plusSeconds(60), flag).anyDisclosed());
        // but a mental health condition is not
        DataItem mh = sensitiveItem("Condition", StorySection.HEALTH_AND_WELLBEING,
                Set.of(SensitivityCategory.MENTAL_HEALTH), "Condition.code");
        assertFalse(decide(g, START.plusSeconds(60), mh).anyDisclosed());
    }

    @Test
    void breakGlassAlwaysNotifiesAndQueuesForReview() {
        Decision d = decide(grant(Optional.empty()), START.plusSeconds(60), patient());
        assertEquals(new Obligation.Record(), d.obligations().get(0));
        assertEquals(new Obligation.NotifyResident(), d.obligations().get(1));
        assertEquals(Obligation.Kind.QUEUE_FOR_REVIEW, d.obligations().get(2).kind());
    }

    @Test
    void aRecordedRiskDefersNoticeButNotReview() {
        Decision d = decide(grant(Optional.of("partner is the alleged abuser")), START.plusSeconds(60), patient());
        assertTrue(d.obligations().contains(new Obligation.NotifyDeferred("partner is the alleged abuser")));
        assertFalse(d.has(Obligation.Kind.NOTIFY_RESIDENT));
        assertTrue(d.has(Obligation.Kind.QUEUE_FOR_REVIEW));
    }

    @Test
    void breakGlassEndsAtExpiryAndDoesNotStartEarly() {
        BreakGlassGrant g = grant(Optional.empty());
        for (Instant t : List.of(END, START.minusSeconds(1))) {
            Decision d = decide(g, t, patient());
            assertFalse(d.anyDisclosed());
            assertEquals(ReasonKind.BREAK_GLASS_EXPIRED, d.notes().get(0).kind());
            assertFalse(d.has(Obligation.Kind.NOTIFY_RESIDENT));
            assertTrue(d.has(Obligation.Kind.QUEUE_FOR_REVIEW));
        }
        assertTrue(decide(g, END.minusSeconds(1), patient()).anyDisclosed());
    }

    @Test
    void anInvalidGrantIsRejectedWithEveryProblemListed() {
        BreakGlassGrant bad = new BreakGlassGrant("bg-2", SAFEGUARDING_LEAD, " ", Purpose.SUPPORT_PLANNING, START,
                START.plus(Duration.ofDays(3)), Optional.empty());
        List<Problem> problems = BreakGlassGrant.validate(bad, engine.breakGlassPolicy()).problems();
        assertEquals(List.of(ProblemKind.NO_REASON, ProblemKind.BREAK_GLASS_PURPOSE, ProblemKind.BREAK_GLASS_TOO_LONG),
                problems.stream().map(Problem::kind).toList());
        Decision d = decide(bad, START.plusSeconds(60), patient());
        assertFalse(d.anyDisclosed());
        assertEquals(ReasonKind.BREAK_GLASS_REJECTED, d.notes().get(0).kind());
    }

    @Test
    void aGrantIsOnlyForTheActorItWasGivenTo() {
        BreakGlassGrant g = grant(Optional.empty());
        AccessRequest someoneElse = new AccessRequest(WORK_COACH, Purpose.SAFEGUARDING, START.plusSeconds(60),
                new AccessBasis.BreakGlass(g));
        Decision d = engine.decide(someoneElse, denied, patient());
        assertFalse(d.anyDisclosed());
        assertEquals(ReasonKind.BREAK_GLASS_REJECTED, d.notes().get(0).kind());
    }

    @Test
    void theMinimalSetIsConfigurable() {
        ConsentEngine narrow = new ConsentEngine(
                new BreakGlassPolicy(Set.of(), Set.of(), Set.of("Patient.name"), Set.of(), Duration.ofHours(1)));
        BreakGlassGrant g = new BreakGlassGrant("bg-3", SAFEGUARDING_LEAD, "unconscious at A&E",
                Purpose.EMERGENCY_TREATMENT, START, START.plus(Duration.ofMinutes(30)), Optional.empty());
        Decision d = narrow.decide(AccessRequest.breakGlass(g, START.plusSeconds(1)), denied, patient());
        assertEquals(List.of("Patient.name"), d.disclosedPaths());
    }
}
