package org.wellbeingpassport.consent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/** Shared people, dates and items for the tests. */
final class Fixtures {
    static final String RESIDENT = "resident-1";
    static final Instant MARCH_3 = Instant.parse("2026-03-03T10:00:00Z");
    static final Instant APRIL_1 = Instant.parse("2026-04-01T10:00:00Z");
    static final Instant JUNE_3 = Instant.parse("2026-06-03T10:00:00Z");
    static final Instant JULY_1 = Instant.parse("2026-07-01T10:00:00Z");

    static final Organisation RIVERSIDE = new Organisation("org-riverside", "Riverside", OrganisationType.GP_PRACTICE);
    static final Organisation JOBCENTRE = new Organisation("org-jcp", "Hackney Jobcentre",
            OrganisationType.JOBCENTRE_DWP);
    static final Actor.Professional SAM = new Actor.Professional("prac-sam", "Sam Okafor",
            ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER, RIVERSIDE);
    static final Actor.Professional DR_LEE = new Actor.Professional("prac-lee", "Dr Lee", ProfessionalRole.GP,
            RIVERSIDE);
    static final Actor.Professional WORK_COACH = new Actor.Professional("prac-wc", "Alex Moss",
            ProfessionalRole.WORK_COACH, JOBCENTRE);
    static final Actor.Professional SAFEGUARDING_LEAD = new Actor.Professional("prac-sg", "Priya Shah",
            ProfessionalRole.SAFEGUARDING_LEAD,
            new Organisation("org-asc", "Adult Social Care", OrganisationType.ADULT_SOCIAL_CARE));
    static final Actor.Proxy MUM = new Actor.Proxy("proxy-mum", "Maria");
    static final Actor.PartnerSystem EMIS = new Actor.PartnerSystem("sys-emis", "EMIS at Riverside", RIVERSIDE);

    static final Recipient RIVERSIDE_LINK_WORKERS = Recipient.roleAt(ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER,
            RIVERSIDE.id(), RIVERSIDE.name());

    private Fixtures() {
    }

    static DirectiveSet directives(Provision... provisions) {
        return DirectiveSet.restore(RESIDENT, 1, List.of(provisions)).orElseThrow();
    }

    static AccessRequest request(Actor actor, Purpose purpose, Instant at) {
        return AccessRequest.of(actor, purpose, at);
    }

    static DataItem item(String type, StorySection section, String... paths) {
        return DataItem.of(RESIDENT, type, Optional.of(section), Set.of(),
                java.util.Arrays.stream(paths).map(Element::of).toList(), Origin.RESIDENT_ENTERED);
    }

    static DataItem sensitiveItem(String type, StorySection section, Set<SensitivityCategory> cats, String... paths) {
        return DataItem.of(RESIDENT, type, Optional.of(section), cats,
                java.util.Arrays.stream(paths).map(Element::of).toList(), Origin.PROFESSIONAL_ENTERED);
    }

    static DataItem goals() {
        return item("Goal", StorySection.GOALS, "Goal.description", "Goal.target[0].measure", "Goal.note");
    }

    static DataItem health() {
        return item("Condition", StorySection.HEALTH_AND_WELLBEING, "Condition.code", "Condition.clinicalStatus",
                "Condition.note");
    }

    static DataItem patient() {
        return item("Patient", StorySection.IDENTITY, "Patient.name", "Patient.birthDate", "Patient.telecom[0].value",
                "Patient.address");
    }

    /** Riverside link workers may see goals, for support planning, from 3 March until 3 June. */
    static Provision goalsForLinkWorkers() {
        return Provision.permit("p-goals").to(RIVERSIDE_LINK_WORKERS).covering(Scope.sections(StorySection.GOALS))
                .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(MARCH_3).during(Period.between(MARCH_3, JUNE_3))
                .build();
    }
}
