package org.wellbeingpassport.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.consent.Fixtures.*;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

class ConsentEngineTest {
    private final ConsentEngine engine = ConsentEngine.standard();

    private Decision decide(Actor actor, Purpose purpose, java.time.Instant at, DirectiveSet d, DataItem item) {
        Decision decision = engine.decide(request(actor, purpose, at), d, item);
        // the fast path must always agree with the explained one
        DisclosureMask mask = engine.compile(d, request(actor, purpose, at)).disclose(item);
        for (int i = 0; i < item.elements().size(); i++) {
            assertEquals(decision.elements().get(i).disclosed(), mask.disclosed(i),
                    "fast and full path differ at " + i);
        }
        return decision;
    }

    @Test
    void withNoDirectivesNothingIsDisclosed() {
        Decision d = decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, DirectiveSet.empty(RESIDENT), goals());
        assertFalse(d.anyDisclosed());
        assertTrue(d.elements().stream().allMatch(e -> e.reason().kind() == ReasonKind.NOT_INCLUDED));
        assertEquals(0, d.directiveVersion());
    }

    @Test
    void aPermitDisclosesWhatItCoversToWhomItNamesAndNothingElse() {
        DirectiveSet dir = directives(goalsForLinkWorkers());
        Decision goals = decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, dir, goals());
        assertEquals(List.of("Goal.description", "Goal.target[0].measure", "Goal.note"), goals.disclosedPaths());
        ElementDecision first = goals.elements().get(0);
        assertEquals(ReasonKind.PERMITTED, first.reason().kind());
        assertEquals("p-goals", first.reason().provision().orElseThrow().id());
        assertEquals(Optional.of(JUNE_3), first.reason().provision().orElseThrow().until());

        Decision health = decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, dir, health());
        assertFalse(health.anyDisclosed());
        assertEquals(ReasonKind.NOT_INCLUDED, health.elements().get(0).reason().kind());

        // a GP at the same practice is not a link worker
        assertFalse(decide(DR_LEE, Purpose.SUPPORT_PLANNING, APRIL_1, dir, goals()).anyDisclosed());
    }

    @Test
    void denyOverridesPermitWhateverTheOrder() {
        Provision permitAll = Provision.permit("p-all").to(Recipient.organisation(RIVERSIDE.id(), "Riverside"))
                .covering(Scope.everything()).forPurposes(Purpose.DIRECT_CARE).grantedAt(MARCH_3).build();
        Provision denyNote = Provision.deny("d-note").to(Recipient.named(DR_LEE.id(), "Dr Lee"))
                .covering(Scope.paths("Condition.note")).grantedAt(MARCH_3).build();
        for (DirectiveSet dir : List.of(directives(permitAll, denyNote), directives(denyNote, permitAll))) {
            Decision d = decide(DR_LEE, Purpose.DIRECT_CARE, APRIL_1, dir, health());
            assertEquals(List.of("Condition.code", "Condition.clinicalStatus"), d.disclosedPaths());
            ElementDecision note = d.element("Condition.note").orElseThrow();
            assertEquals(ReasonKind.DENIED, note.reason().kind());
            assertEquals("d-note", note.reason().provision().orElseThrow().id());
        }
    }

    @Test
    void aNestedDenyCarvesAnExceptionOutOfItsPermit() {
        Provision p = Provision.permit("p-health").to(Recipient.role(ProfessionalRole.GP))
                .covering(Scope.sections(StorySection.HEALTH_AND_WELLBEING)).forPurposes(Purpose.DIRECT_CARE)
                .grantedAt(MARCH_3)
                .with(Provision.deny("p-health-no-notes").covering(Scope.paths("Condition.note")).build()).build();
        Decision d = decide(DR_LEE, Purpose.DIRECT_CARE, APRIL_1, directives(p), health());
        assertEquals(List.of("Condition.code", "Condition.clinicalStatus"), d.disclosedPaths());
        assertEquals(List.of("p-health", "p-health-no-notes"),
                d.element("Condition.note").orElseThrow().reason().provision().orElseThrow().path());
        // the nested deny is about GPs only: inherited who
        Provision other = Provision.permit("p-sam").to(Recipient.named(SAM.id(), "Sam"))
                .covering(Scope.sections(StorySection.HEALTH_AND_WELLBEING)).forPurposes(Purpose.DIRECT_CARE)
                .grantedAt(MARCH_3).build();
        assertEquals(3,
                decide(SAM, Purpose.DIRECT_CARE, APRIL_1, directives(p, other), health()).disclosedPaths().size());
    }

    @Test
    void aGrantOfHealthDoesNotDiscloseMentalHealthUnlessItNamesIt() {
        DataItem mh = sensitiveItem("Condition", StorySection.HEALTH_AND_WELLBEING,
                Set.of(SensitivityCategory.MENTAL_HEALTH), "Condition.code", "Condition.note");
        Provision health = Provision.permit("p-health").to(Recipient.named(DR_LEE.id(), "Dr Lee"))
                .covering(Scope.sections(StorySection.HEALTH_AND_WELLBEING)).forPurposes(Purpose.DIRECT_CARE)
                .grantedAt(MARCH_3).build();
        Decision d = decide(DR_LEE, Purpose.DIRECT_CARE, APRIL_1, directives(health), mh);
        assertFalse(d.anyDisclosed());
        Reason r = d.elements().get(0).reason();
        assertEquals(ReasonKind.SENSITIVE_NOT_NAMED, r.kind());
        assertEquals(Set.of(SensitivityCategory.MENTAL_HEALTH), r.categories());

        Provision named = Provision.permit("p-health-mh").to(Recipient.named(DR_LEE.id(), "Dr Lee"))
                .covering(
                        Scope.sections(StorySection.HEALTH_AND_WELLBEING).including(SensitivityCategory.MENTAL_HEALTH))
                .forPurposes(Purpose.DIRECT_CARE).grantedAt(MARCH_3).build();
        assertEquals(2, decide(DR_LEE, Purpose.DIRECT_CARE, APRIL_1, directives(named), mh).disclosedPaths().size());
        // and the whole record is no exception
        Provision everything = Provision.permit("p-everything").to(Recipient.named(DR_LEE.id(), "Dr Lee"))
                .covering(Scope.everything()).forPurposes(Purpose.DIRECT_CARE).grantedAt(MARCH_3).build();
        assertFalse(decide(DR_LEE, Purpose.DIRECT_CARE, APRIL_1, directives(everything), mh).anyDisclosed());
    }

    @Test
    void anInlineLabelWithholdsJustThatElement() {
        DataItem item = DataItem.of(RESIDENT, "Observation", Optional.of(StorySection.HEALTH_AND_WELLBEING), Set.of(),
                List.of(Element.of("Observation.code"), Element.of("Observation.note", SensitivityCategory.TRAUMA)),
                Origin.RESIDENT_ENTERED);
        Provision health = Provision.permit("p-health").to(Recipient.named(SAM.id(), "Sam"))
                .covering(Scope.sections(StorySection.HEALTH_AND_WELLBEING)).forPurposes(Purpose.SUPPORT_PLANNING)
                .grantedAt(MARCH_3).build();
        Decision d = decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, directives(health), item);
        assertEquals(List.of("Observation.code"), d.disclosedPaths());
        assertEquals(Set.of(SensitivityCategory.TRAUMA), item.categoriesOf(1));
    }

    @Test
    void aCategoryOnlyPermitCoversExactlyThatCategory() {
        DataItem trauma = sensitiveItem("Observation", StorySection.HEALTH_AND_WELLBEING,
                Set.of(SensitivityCategory.TRAUMA), "Observation.note");
        Provision p = Provision.permit("p-trauma").to(Recipient.named(SAM.id(), "Sam"))
                .covering(Scope.categories(SensitivityCategory.TRAUMA)).forPurposes(Purpose.SUPPORT_PLANNING)
                .grantedAt(MARCH_3).build();
        assertTrue(decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, directives(p), trauma).anyDisclosed());
        assertFalse(decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, directives(p), goals()).anyDisclosed());
        DataItem traumaAndHiv = sensitiveItem("Observation", StorySection.HEALTH_AND_WELLBEING,
                Set.of(SensitivityCategory.TRAUMA, SensitivityCategory.HIV), "Observation.note");
        assertFalse(decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, directives(p), traumaAndHiv).anyDisclosed());
    }

    @Test
    void aPermitCountsOnlyWithinItsPeriod() {
        DirectiveSet dir = directives(goalsForLinkWorkers());
        Decision before = decide(SAM, Purpose.SUPPORT_PLANNING, MARCH_3.minusSeconds(1), dir, goals());
        assertFalse(before.anyDisclosed());
        assertEquals(ReasonKind.NOT_YET_VALID, before.elements().get(0).reason().kind());
        assertTrue(decide(SAM, Purpose.SUPPORT_PLANNING, MARCH_3, dir, goals()).anyDisclosed());
        assertTrue(decide(SAM, Purpose.SUPPORT_PLANNING, JUNE_3.minusSeconds(1), dir, goals()).anyDisclosed());
        Decision after = decide(SAM, Purpose.SUPPORT_PLANNING, JUNE_3, dir, goals());
        assertFalse(after.anyDisclosed());
        assertEquals(ReasonKind.EXPIRED, after.elements().get(0).reason().kind());
    }

    @Test
    void revokingStopsDisclosureFromThatMomentAndMakesANewVersion() {
        DirectiveSet v1 = directives(goalsForLinkWorkers());
        DirectiveSet v2 = v1.revoke("p-goals", APRIL_1).orElseThrow();
        assertEquals(v1.version() + 1, v2.version());
        Decision later = decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, v2, goals());
        assertFalse(later.anyDisclosed());
        assertEquals(ReasonKind.REVOKED, later.elements().get(0).reason().kind());
        assertEquals(2, later.directiveVersion());
        // before the moment of revocation, and under the old version, the grant stood
        assertTrue(decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1.minusSeconds(1), v2, goals()).anyDisclosed());
        assertTrue(decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, v1, goals()).anyDisclosed());
    }

    @Test
    void aPermitForOnePurposeDoesNotServeAnother() {
        Decision d = decide(SAM, Purpose.BENEFITS_EMPLOYMENT, APRIL_1, directives(goalsForLinkWorkers()), goals());
        assertFalse(d.anyDisclosed());
        assertEquals(ReasonKind.PURPOSE_NOT_ALLOWED, d.elements().get(0).reason().kind());
    }

    @Test
    void aProxySeesOnlyWhatWasDelegatedToThemByName() {
        Provision delegated = Provision.permit("p-mum").to(Recipient.delegate(MUM.id(), "Maria"))
                .covering(Scope.sections(StorySection.COMMUNICATION, StorySection.GOALS))
                .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(MARCH_3).build();
        Provision forRiverside = Provision.permit("p-riverside").to(Recipient.organisation(RIVERSIDE.id(), "Riverside"))
                .covering(Scope.everything()).forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(MARCH_3).build();
        DirectiveSet dir = directives(delegated, forRiverside);
        assertTrue(decide(MUM, Purpose.SUPPORT_PLANNING, APRIL_1, dir, goals()).anyDisclosed());
        assertFalse(decide(MUM, Purpose.SUPPORT_PLANNING, APRIL_1, dir, health()).anyDisclosed());
        assertFalse(decide(MUM, Purpose.SUPPORT_PLANNING, APRIL_1, dir, patient()).anyDisclosed());
        // another proxy gets nothing
        assertFalse(decide(new Actor.Proxy("proxy-other", "Other"), Purpose.SUPPORT_PLANNING, APRIL_1, dir, goals())
                .anyDisclosed());
    }

    @Test
    void aPartnerSystemSeesOnlyWhatWasGrantedToThatSystem() {
        Provision forOrg = Provision.permit("p-org").to(Recipient.organisation(RIVERSIDE.id(), "Riverside"))
                .covering(Scope.everything()).forPurposes(Purpose.DIRECT_CARE).grantedAt(MARCH_3).build();
        assertFalse(decide(EMIS, Purpose.DIRECT_CARE, APRIL_1, directives(forOrg), goals()).anyDisclosed());
        Provision forSystem = Provision.permit("p-emis").to(Recipient.system(EMIS.id(), "EMIS"))
                .covering(Scope.resourceTypes("Goal")).forPurposes(Purpose.DIRECT_CARE).grantedAt(MARCH_3).build();
        assertTrue(decide(EMIS, Purpose.DIRECT_CARE, APRIL_1, directives(forSystem), goals()).anyDisclosed());
    }

    @Test
    void organisationTypeAndRoleRecipientsMatchByCode() {
        Provision p = Provision.permit("p-gp").to(Recipient.organisationType(OrganisationType.GP_PRACTICE))
                .covering(Scope.sections(StorySection.GOALS)).forPurposes(Purpose.DIRECT_CARE).grantedAt(MARCH_3)
                .build();
        assertTrue(decide(DR_LEE, Purpose.DIRECT_CARE, APRIL_1, directives(p), goals()).anyDisclosed());
        assertFalse(decide(WORK_COACH, Purpose.DIRECT_CARE, APRIL_1, directives(p), goals()).anyDisclosed());
    }

    @Test
    void aPathCoversItselfAndItsChildrenButNotSiblingsThatShareAPrefix() {
        DataItem item = item("Patient", StorySection.IDENTITY, "Patient.telecom", "Patient.telecom[0].value",
                "Patient.telecom.system", "Patient.telecomX", "Patient.name");
        Provision p = Provision.permit("p-tel").to(Recipient.named(SAM.id(), "Sam"))
                .covering(Scope.paths("Patient.telecom")).forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(MARCH_3)
                .build();
        assertEquals(List.of("Patient.telecom", "Patient.telecom[0].value", "Patient.telecom.system"),
                decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, directives(p), item).disclosedPaths());
    }

    @Test
    void dataReceivedUnderAStatutoryGatewayIsNeverPassedOn() {
        DataItem dwp = DataItem.of(RESIDENT, "Observation", Optional.of(StorySection.LIVING_SITUATION),
                Set.of(SensitivityCategory.BENEFITS_FINANCES), List.of(Element.of("Observation.value")),
                Origin.STATUTORY_GATEWAY);
        Provision all = Provision.permit("p-all").to(Recipient.named(WORK_COACH.id(), "Alex"))
                .covering(Scope.everything().including(SensitivityCategory.values()))
                .forPurposes(Purpose.BENEFITS_EMPLOYMENT).grantedAt(MARCH_3).build();
        Decision d = decide(WORK_COACH, Purpose.BENEFITS_EMPLOYMENT, APRIL_1, directives(all), dwp);
        assertFalse(d.anyDisclosed());
        assertEquals(ReasonKind.ONWARD_DISCLOSURE_FORBIDDEN, d.elements().get(0).reason().kind());
        // nor under a court order
        LawfulBasis order = new LawfulBasis("lb-1", LawfulBasisKind.COURT_ORDER, "Order 123", "Priya Shah", MARCH_3,
                Scope.everything().including(SensitivityCategory.values()), Period.from(MARCH_3), Optional.empty());
        AccessRequest lawful = AccessRequest.lawful(WORK_COACH, Purpose.BENEFITS_EMPLOYMENT, APRIL_1, order);
        assertFalse(engine.decide(lawful, directives(all), dwp).anyDisclosed());
        assertTrue(engine.compile(directives(all), lawful).disclose(dwp).none());
    }

    @Test
    void anItemOfAnotherResidentIsWithheld() {
        DataItem other = DataItem.of("resident-2", "Goal", Optional.of(StorySection.GOALS), Set.of(),
                List.of(Element.of("Goal.description")), Origin.RESIDENT_ENTERED);
        Decision d = decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, directives(goalsForLinkWorkers()), other);
        assertFalse(d.anyDisclosed());
        assertEquals(ReasonKind.OTHER_RESIDENT, d.elements().get(0).reason().kind());
    }

    @Test
    void obligationsRecordAttachDisputesAndMarkWhatWasWithheld() {
        DataItem disputed = new DataItem(RESIDENT, "Goal", Optional.of(StorySection.GOALS), Set.of(),
                List.of(Element.of("Goal.description"), Element.of("Goal.note")), Origin.PROFESSIONAL_ENTERED,
                List.of("dispute-7"));
        Provision p = Provision.permit("p").to(RIVERSIDE_LINK_WORKERS).covering(Scope.paths("Goal.description"))
                .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(MARCH_3).build();
        Decision d = decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, directives(p), disputed);
        assertEquals(List.of(new Obligation.Record(), new Obligation.AttachDisputes(List.of("dispute-7")),
                new Obligation.MarkWithheld(List.of("Goal.note"))), d.obligations());
        // nothing disclosed: no disputes to attach
        Decision none = decide(DR_LEE, Purpose.SUPPORT_PLANNING, APRIL_1, directives(p), disputed);
        assertFalse(none.has(Obligation.Kind.ATTACH_DISPUTES));
        assertTrue(none.has(Obligation.Kind.RECORD));
        assertFalse(none.has(Obligation.Kind.NOTIFY_RESIDENT));
    }

    @Test
    void aLawfulBasisDisclosesItsScopeOverADenyAndTellsTheResident() {
        Provision deny = Provision.deny("d-asc").to(Recipient.organisationType(OrganisationType.ADULT_SOCIAL_CARE))
                .covering(Scope.everything()).grantedAt(MARCH_3).build();
        LawfulBasis duty = new LawfulBasis("lb-s42", LawfulBasisKind.SAFEGUARDING_DUTY, "Care Act 2014 s42 enquiry",
                "Priya Shah", MARCH_3, Scope.sections(StorySection.SUPPORT_NETWORK), Period.between(MARCH_3, JUNE_3),
                Optional.empty());
        DataItem network = item("RelatedPerson", StorySection.SUPPORT_NETWORK, "RelatedPerson.name");
        AccessRequest r = AccessRequest.lawful(SAFEGUARDING_LEAD, Purpose.SAFEGUARDING, APRIL_1, duty);
        Decision d = engine.decide(r, directives(deny), network);
        assertTrue(d.anyDisclosed());
        assertEquals(ReasonKind.LAWFUL_BASIS, d.elements().get(0).reason().kind());
        assertTrue(d.has(Obligation.Kind.NOTIFY_RESIDENT));
        // outside its scope, the directives still decide
        Decision goals = engine.decide(r, directives(deny), goals());
        assertFalse(goals.anyDisclosed());
        assertEquals(ReasonKind.DENIED, goals.elements().get(0).reason().kind());
        // out of its period it is not used, and that is said
        Decision late = engine.decide(AccessRequest.lawful(SAFEGUARDING_LEAD, Purpose.SAFEGUARDING, JULY_1, duty),
                directives(deny), network);
        assertFalse(late.anyDisclosed());
        assertEquals(ReasonKind.LAWFUL_BASIS_REJECTED, late.notes().get(0).kind());
        // a lawful basis with no reference is never used
        LawfulBasis vague = new LawfulBasis("lb-x", LawfulBasisKind.COURT_ORDER, " ", "Priya Shah", MARCH_3,
                Scope.everything(), Period.from(MARCH_3), Optional.empty());
        assertFalse(LawfulBasis.validate(vague).isValid());
        assertFalse(engine.decide(AccessRequest.lawful(SAFEGUARDING_LEAD, Purpose.SAFEGUARDING, APRIL_1, vague),
                directives(deny), network).anyDisclosed());
    }

    @Test
    void sameInputsGiveEqualDecisions() {
        DirectiveSet dir = directives(goalsForLinkWorkers());
        AccessRequest r = request(SAM, Purpose.SUPPORT_PLANNING, APRIL_1);
        assertEquals(engine.decide(r, dir, goals()), engine.compile(dir, r).decide(goals()));
    }

    @Test
    void itemsWithMoreThan64ElementsAreDecidedElementByElement() {
        List<Element> elements = new java.util.ArrayList<>();
        for (int i = 0; i < 130; i++) {
            elements.add(Element.of(i % 2 == 0 ? "Goal.target[" + i + "]" : "Goal.note[" + i + "]"));
        }
        DataItem big = DataItem.of(RESIDENT, "Goal", Optional.of(StorySection.GOALS), Set.of(), elements,
                Origin.RESIDENT_ENTERED);
        Provision p = Provision.permit("p").to(RIVERSIDE_LINK_WORKERS).covering(Scope.paths("Goal.target"))
                .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(MARCH_3).build();
        Decision d = decide(SAM, Purpose.SUPPORT_PLANNING, APRIL_1, directives(p), big);
        assertEquals(65, d.disclosedPaths().size());
        DisclosureMask mask = engine.compile(directives(p), request(SAM, Purpose.SUPPORT_PLANNING, APRIL_1))
                .disclose(big);
        assertEquals(65, mask.disclosedCount());
        assertTrue(mask.disclosed(128));
        assertFalse(mask.disclosed(129));
    }
}
