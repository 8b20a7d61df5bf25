package org.wellbeingpassport.api.demo;

import static org.wellbeingpassport.consent.vocabulary.StorySection.ABOUT_ME;
import static org.wellbeingpassport.consent.vocabulary.StorySection.CARE_PLAN;
import static org.wellbeingpassport.consent.vocabulary.StorySection.COMMUNICATION;
import static org.wellbeingpassport.consent.vocabulary.StorySection.GOALS;
import static org.wellbeingpassport.consent.vocabulary.StorySection.HEALTH_AND_WELLBEING;
import static org.wellbeingpassport.consent.vocabulary.StorySection.IDENTITY;
import static org.wellbeingpassport.consent.vocabulary.StorySection.LIVING_SITUATION;
import static org.wellbeingpassport.consent.vocabulary.StorySection.MEASURES;
import static org.wellbeingpassport.consent.vocabulary.StorySection.SERVICES_INVOLVED;
import static org.wellbeingpassport.consent.vocabulary.StorySection.STRENGTHS;
import static org.wellbeingpassport.consent.vocabulary.StorySection.SUPPORT_NETWORK;
import static org.wellbeingpassport.consent.vocabulary.StorySection.WHAT_HELPED;
import static org.wellbeingpassport.consent.vocabulary.StorySection.WHAT_MATTERS;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.wellbeingpassport.consent.Period;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.fhir.example.Directory;

/** What each demo resident has chosen to share, matching their scenario in the domain brief. */
final class DemoDirectives {
    private DemoDirectives() {
    }

    /** The everyday story: everything but health detail and the especially sensitive categories. */
    static Scope everyday() {
        return new Scope(
                java.util.Set.of(IDENTITY, ABOUT_ME, WHAT_MATTERS, GOALS, STRENGTHS, COMMUNICATION, WHAT_HELPED,
                        SUPPORT_NETWORK, SERVICES_INVOLVED, CARE_PLAN, LIVING_SITUATION, MEASURES),
                java.util.Set.of(), java.util.Set.of(), java.util.Set.of(), false);
    }

    static List<Provision> forResident(String key, Instant now) {
        Instant granted = now.minus(Duration.ofDays(20));
        Period threeMonths = Period.between(granted, granted.plus(Duration.ofDays(92)));
        return switch (key) {
            case "jean-whitfield" -> List.of(
                    Provision.permit("gp-practice-care")
                            .to(Recipient.organisation(Directory.WIRRAL_GP.id(), Directory.WIRRAL_GP.name()))
                            .covering(Scope.everything().including(SensitivityCategory.MENTAL_HEALTH))
                            .forPurposes(Purpose.DIRECT_CARE, Purpose.CARE_COORDINATION).grantedAt(granted).build(),
                    Provision.permit("link-worker-support")
                            .to(Recipient.named(Directory.WIRRAL_LINK_WORKER.id(), "Sam Okoro")).covering(everyday())
                            .forPurposes(Purpose.SUPPORT_PLANNING, Purpose.CARE_COORDINATION).grantedAt(granted)
                            .during(threeMonths).build(),
                    Provision.permit("walking-group")
                            .to(Recipient.organisation(Directory.WIRRAL_VCS.id(), Directory.WIRRAL_VCS.name()))
                            .covering(Scope.sections(IDENTITY, ABOUT_ME, WHAT_MATTERS, COMMUNICATION))
                            .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(granted).during(threeMonths).build());
            case "delroy-campbell" -> List.of(
                    Provision.permit("gp-care")
                            .to(Recipient.organisation(Directory.HACKNEY_GP.id(), Directory.HACKNEY_GP.name()))
                            .covering(Scope.everything()).forPurposes(Purpose.DIRECT_CARE, Purpose.CARE_COORDINATION)
                            .grantedAt(granted).build(),
                    Provision.permit("social-care")
                            .to(Recipient.organisation(Directory.HACKNEY_ASC.id(), Directory.HACKNEY_ASC.name()))
                            .covering(everyday()).forPurposes(Purpose.CARE_COORDINATION, Purpose.RECORD_CORRECTION)
                            .grantedAt(granted).build());
            case "kayleigh-brennan" -> List.of(
                    Provision.permit("gp-care")
                            .to(Recipient.organisation(Directory.HACKNEY_GP.id(), Directory.HACKNEY_GP.name()))
                            .covering(Scope.everything()).forPurposes(Purpose.DIRECT_CARE).grantedAt(granted).build(),
                    Provision.permit("mental-health-team")
                            .to(Recipient.organisation(Directory.HACKNEY_MH.id(), Directory.HACKNEY_MH.name()))
                            .covering(Scope.everything().including(SensitivityCategory.MENTAL_HEALTH))
                            .forPurposes(Purpose.DIRECT_CARE).grantedAt(granted).build());
            case "gareth-pryce" -> List.of(
                    Provision.permit("coach-trauma-detail")
                            .to(Recipient.named(Directory.SWANSEA_COACH.id(), "Cerys Morgan"))
                            .covering(Scope.everything().including(SensitivityCategory.TRAUMA,
                                    SensitivityCategory.MENTAL_HEALTH))
                            .forPurposes(Purpose.SUPPORT_PLANNING, Purpose.DIRECT_CARE).grantedAt(granted).build(),
                    Provision.permit("everyone-else-communication")
                            .to(Recipient.organisationType(OrganisationType.GP_PRACTICE),
                                    Recipient.organisationType(OrganisationType.VOLUNTARY_COMMUNITY))
                            .covering(Scope.sections(IDENTITY, COMMUNICATION))
                            .forPurposes(Purpose.DIRECT_CARE, Purpose.SUPPORT_PLANNING).grantedAt(granted).build());
            case "ikenna-eze" -> List.of(Provision.permit("mum-helps")
                    .to(Recipient.delegate(DemoData.carerAccount(), "Grace Eze"))
                    .covering(Scope.sections(IDENTITY, CARE_PLAN, GOALS, COMMUNICATION, SERVICES_INVOLVED))
                    .forPurposes(Purpose.CARE_COORDINATION, Purpose.SUPPORT_PLANNING).grantedAt(granted).build(),
                    Provision.permit("navigator").to(Recipient.named(Directory.NEWHAM_NAVIGATOR.id(), "Kwame Mensah"))
                            .covering(Scope.everything()).forPurposes(Purpose.CARE_COORDINATION, Purpose.DIRECT_CARE)
                            .grantedAt(granted).build());
            // nasreen-akhtar has shared nothing yet: her scenario is first contact
            default -> List.of();
        };
    }

    /** Generated residents (the load test): the Wirral link workers see the everyday story for support planning. */
    static List<Provision> forGenerated(Instant now) {
        Instant granted = now.minus(Duration.ofDays(10));
        return List.of(
                Provision.permit("link-workers").to(Recipient.roleAt(
                        org.wellbeingpassport.consent.vocabulary.ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER,
                        Directory.WIRRAL_GP.id(), Directory.WIRRAL_GP.name())).covering(everyday())
                        .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(granted)
                        .during(Period.between(granted, granted.plus(Duration.ofDays(365)))).build(),
                Provision.permit("gp-care").to(Recipient.organisationType(OrganisationType.GP_PRACTICE))
                        .covering(Scope.sections(HEALTH_AND_WELLBEING)).forPurposes(Purpose.DIRECT_CARE)
                        .grantedAt(granted).build(),
                // the practice's clinical system (the partner load test, bench/partner): the everyday story
                Provision.permit("gp-system").to(Recipient.system("system-leasowe-gp", "Leasowe Lane GP system"))
                        .covering(everyday()).forPurposes(Purpose.DIRECT_CARE).grantedAt(granted).build());
    }
}
