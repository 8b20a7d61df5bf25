package org.wellbeingpassport.fhir.example;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.Origin;
import org.wellbeingpassport.fhir.codes.SecurityLabels;
import org.wellbeingpassport.fhir.codes.SubSection;
import org.wellbeingpassport.fhir.example.Directory.Worker;

/** Turns a {@link PassportSpec} into the passport's FHIR resources, in a collection Bundle. */
final class PassportAssembler {
    static final String BASE_URL = "https://api.wellbeingpassport.org/fhir/R4/";

    private final PassportSpec s;
    private final Reference patientRef;
    private final List<Resource> out = new ArrayList<>();
    private final List<Reference> goalRefs = new ArrayList<>();
    private final List<Reference> conditionRefs = new ArrayList<>();
    private final List<Reference> observationRefs = new ArrayList<>();
    private final List<Reference> relatedRefs = new ArrayList<>();
    private final List<Reference> referralRefs = new ArrayList<>();
    private Reference careTeamRef;

    private PassportAssembler(PassportSpec spec) {
        this.s = spec;
        this.patientRef = new Reference("Patient/" + spec.id).setDisplay(spec.given + " " + spec.family);
    }

    static Bundle assemble(PassportSpec spec) {
        return new PassportAssembler(spec).build();
    }

    private Bundle build() {
        Patient patient = patient();
        out.add(patient);
        goals();
        conditions();
        measures();
        related();
        referrals();
        CareTeam team = careTeam();
        CarePlan plan = carePlan();
        Composition story = story();
        out.add(1, story);
        out.add(2, plan);
        out.add(3, team);
        out.add(consent());
        out.add(provenance(story));
        if (s.dwpNote != null) {
            dwpRecord();
        }
        Bundle bundle = new Bundle();
        bundle.setId(s.id + "-passport");
        bundle.setType(Bundle.BundleType.COLLECTION);
        bundle.setTimestampElement(new org.hl7.fhir.r4.model.InstantType(s.storyDate + "T09:00:00Z"));
        for (Resource r : out) {
            bundle.addEntry().setFullUrl(BASE_URL + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r);
        }
        return bundle;
    }

    private String rid(String suffix) {
        return s.id + "-" + suffix;
    }

    private static Meta origin(Origin origin, Set<SensitivityCategory> labels) {
        Meta meta = new Meta();
        meta.addTag(origin.coding().coding());
        if (!labels.isEmpty()) {
            meta.addSecurity(SecurityLabels.RESTRICTED.coding());
            labels.stream().sorted().forEach(c -> meta.addSecurity(SecurityLabels.of(c).coding()));
        }
        return meta;
    }

    private Reference author(Worker w) {
        return w == null ? patientRef.copy() : w.reference();
    }

    private static Narrative narrative(String text) {
        Narrative n = new Narrative();
        n.setStatus(Narrative.NarrativeStatus.ADDITIONAL);
        StringBuilder div = new StringBuilder("<div xmlns=\"http://www.w3.org/1999/xhtml\">");
        for (String para : text.split("\n")) {
            div.append("<p>").append(escape(para)).append("</p>");
        }
        n.setDivAsString(div.append("</div>").toString());
        return n;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Extension inlineLabel(SensitivityCategory c) {
        return new Extension(CodeSystems.EXT_INLINE_SECURITY_LABEL, SecurityLabels.of(c).coding());
    }

    private Patient patient() {
        Patient p = new Patient();
        p.setId(s.id);
        p.setMeta(origin(Origin.RESIDENT_ENTERED, Set.of()));
        p.addIdentifier(new Identifier().setSystem(CodeSystems.NHS_NUMBER).setValue(s.nhsNumber));
        p.setActive(true);
        p.addName(new HumanName().setUse(HumanName.NameUse.OFFICIAL).setFamily(s.family).addGiven(s.given));
        if (s.mobile != null) {
            ContactPoint phone = new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(s.mobile)
                    .setUse(ContactPoint.ContactPointUse.MOBILE).setRank(1);
            p.addTelecom(phone);
        }
        if (s.email != null) {
            p.addTelecom(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(s.email)
                    .setUse(ContactPoint.ContactPointUse.HOME));
        }
        p.setGender(Enumerations.AdministrativeGender.fromCode(s.gender));
        p.setBirthDateElement(new DateType(s.birthDate));
        p.addAddress(new Address().setUse(Address.AddressUse.HOME).addLine(s.street).setCity(s.place.city)
                .setDistrict(s.place.area).setPostalCode(s.postcode).setCountry("GB"));
        p.addCommunication()
                .setLanguage(new CodeableConcept(new Coding(CodeSystems.LANGUAGE, s.language, s.languageDisplay)))
                .setPreferred(true);
        p.addExtension(new Extension(CodeSystems.EXT_INTERPRETER_REQUIRED, new BooleanType(s.interpreter)));
        for (String pref : s.contactPreferences) {
            p.addExtension(new Extension(CodeSystems.EXT_CONTACT_PREFERENCE,
                    new Coding(CodeSystems.CONTACT_PREFERENCE, pref, null)));
        }
        if (s.gpPractice != null) {
            p.addGeneralPractitioner(s.gpPractice.reference());
        }
        return p;
    }

    private void goals() {
        int i = 1;
        for (PassportSpec.GoalSpec g : s.goals) {
            Goal goal = new Goal();
            goal.setId(rid("goal-" + i++));
            goal.setMeta(origin(Origin.RESIDENT_ENTERED, Set.of()));
            goal.setLifecycleStatus(
                    g.achieved() ? Goal.GoalLifecycleStatus.COMPLETED : Goal.GoalLifecycleStatus.ACTIVE);
            goal.setAchievementStatus(
                    new CodeableConcept(new Coding(CodeSystems.GOAL_ACHIEVEMENT, g.achievement(), null)));
            goal.setDescription(new CodeableConcept().setText(g.description()));
            goal.setSubject(patientRef.copy());
            goal.setStart(new DateType(s.storyDate));
            goal.setExpressedBy(patientRef.copy());
            Goal.GoalTargetComponent target = goal.addTarget();
            target.setMeasure(new CodeableConcept().setText(g.target()));
            if (g.quantity() != null) {
                target.setDetail(new Quantity().setValue(g.quantity()).setUnit(g.unit()));
            } else {
                target.setDetail(new StringType(g.target()));
            }
            target.setDue(new DateType(g.due()));
            if (g.progress() != null) {
                goal.addNote(new Annotation(new org.hl7.fhir.r4.model.MarkdownType(g.progress()))
                        .setAuthor(patientRef.copy()).setTimeElement(new DateTimeType(s.storyDate)));
            }
            goalRefs.add(new Reference("Goal/" + goal.getIdPart()).setDisplay(g.description()));
            out.add(goal);
        }
    }

    private void conditions() {
        int i = 1;
        for (PassportSpec.ConditionSpec c : s.conditions) {
            Condition cond = new Condition();
            cond.setId(rid("condition-" + i++));
            Meta meta = origin(Origin.PROFESSIONAL_ENTERED, c.labels());
            if (c.noteLabel() != null) {
                meta.addSecurity(SecurityLabels.PROCESS_INLINE_LABEL.coding());
            }
            cond.setMeta(meta);
            cond.setClinicalStatus(new CodeableConcept(new Coding(CodeSystems.CONDITION_CLINICAL, "active", "Active")));
            cond.setVerificationStatus(
                    new CodeableConcept(new Coding(CodeSystems.CONDITION_VERIFICATION, "confirmed", "Confirmed")));
            cond.addCategory(new CodeableConcept(
                    new Coding(CodeSystems.CONDITION_CATEGORY, "problem-list-item", "Problem List Item")));
            cond.setCode(
                    new CodeableConcept(new Coding(CodeSystems.SNOMED, c.snomed(), c.display())).setText(c.display()));
            cond.setSubject(patientRef.copy());
            cond.setOnset(new StringType(c.onset()));
            cond.setRecordedDateElement(new DateTimeType(s.storyDate));
            cond.setRecorder(c.recorder().reference());
            cond.setAsserter(c.recorder().reference());
            if (c.note() != null) {
                cond.addNote(new Annotation(new org.hl7.fhir.r4.model.MarkdownType(c.note()))
                        .setAuthor(c.recorder().reference()));
            }
            if (c.labelledNote() != null) {
                Annotation labelled = new Annotation(new org.hl7.fhir.r4.model.MarkdownType(c.labelledNote()))
                        .setAuthor(c.recorder().reference());
                labelled.setId("sensitive-note");
                labelled.addExtension(inlineLabel(c.noteLabel()));
                cond.addNote(labelled);
            }
            conditionRefs.add(new Reference("Condition/" + cond.getIdPart()));
            out.add(cond);
        }
    }

    private void measures() {
        int i = 1;
        for (PassportSpec.MeasureSpec m : s.measures) {
            if (!m.measure().inRange(m.score())) {
                throw new IllegalArgumentException(m.measure() + " score out of range: " + m.score());
            }
            Observation o = new Observation();
            o.setId(rid("obs-" + i++));
            o.setMeta(origin(Origin.RESIDENT_ENTERED, Set.of()));
            o.setStatus(Observation.ObservationStatus.FINAL);
            o.addCategory(new CodeableConcept(new Coding(CodeSystems.OBSERVATION_CATEGORY, "survey", "Survey")));
            o.setCode(m.measure().coding().concept().setText(m.measure().display()));
            o.setSubject(patientRef.copy());
            o.setEffective(new DateTimeType(m.date()));
            o.addPerformer(patientRef.copy());
            o.setValue(new IntegerType(m.score()));
            observationRefs.add(new Reference("Observation/" + o.getIdPart()));
            out.add(o);
        }
    }

    private void related() {
        int i = 1;
        for (PassportSpec.RelatedSpec r : s.related) {
            RelatedPerson rp = new RelatedPerson();
            rp.setId(rid("related-" + i++));
            rp.setMeta(origin(Origin.RESIDENT_ENTERED, Set.of()));
            rp.setActive(true);
            rp.setPatient(patientRef.copy());
            rp.addRelationship(new CodeableConcept(
                    new Coding(CodeSystems.V3_ROLE_CODE, r.relationship(), r.relationshipDisplay())));
            if (r.carer()) {
                rp.addRelationship(new CodeableConcept(
                        new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "CAREGIVER", "caregiver")));
            }
            rp.addName(new HumanName().setFamily(r.family()).addGiven(r.given()));
            if (r.phone() != null) {
                rp.addTelecom(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(r.phone())
                        .setUse(ContactPoint.ContactPointUse.MOBILE));
            }
            relatedRefs.add(new Reference("RelatedPerson/" + rp.getIdPart()).setDisplay(r.given() + " " + r.family()));
            out.add(rp);
        }
    }

    private void referrals() {
        int i = 1;
        for (PassportSpec.ReferralSpec r : s.referrals) {
            ServiceRequest sr = new ServiceRequest();
            sr.setId(rid("referral-" + i++));
            sr.setMeta(origin(Origin.PROFESSIONAL_ENTERED, Set.of()));
            sr.setStatus(r.completed()
                    ? ServiceRequest.ServiceRequestStatus.COMPLETED
                    : ServiceRequest.ServiceRequestStatus.ACTIVE);
            sr.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
            sr.setCode(
                    new CodeableConcept(new Coding(CodeSystems.SNOMED, r.snomed(), r.display())).setText(r.display()));
            sr.setSubject(patientRef.copy());
            sr.setAuthoredOnElement(new DateTimeType(r.authoredOn()));
            sr.setRequester(r.requester().reference());
            sr.addPerformer(r.performer().reference());
            sr.addReasonCode(new CodeableConcept().setText(r.reason()));
            if (r.outcome() != null) {
                sr.addExtension(new Extension(CodeSystems.EXT_REFERRAL_OUTCOME, new StringType(r.outcome())));
            }
            referralRefs.add(new Reference("ServiceRequest/" + sr.getIdPart()).setDisplay(r.display()));
            out.add(sr);
        }
    }

    private CareTeam careTeam() {
        CareTeam t = new CareTeam();
        t.setId(rid("care-team"));
        t.setMeta(origin(Origin.PROFESSIONAL_ENTERED, Set.of()));
        t.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        t.setName("People supporting " + s.given);
        t.setSubject(patientRef.copy());
        t.setPeriod(new Period().setStartElement(new DateTimeType(s.storyDate)));
        CareTeam.CareTeamParticipantComponent lead = t.addParticipant();
        lead.addRole(new CodeableConcept(new Coding(CodeSystems.CARE_TEAM_ROLE, "lead", "named lead professional")))
                .addRole(role(s.lead));
        lead.setMember(s.lead.reference()).setOnBehalfOf(s.lead.org().reference());
        for (Worker w : s.team) {
            t.addParticipant().addRole(role(w)).setMember(w.reference()).setOnBehalfOf(w.org().reference());
        }
        t.addParticipant()
                .addRole(new CodeableConcept(new Coding(CodeSystems.CARE_TEAM_ROLE, "resident", "the resident")))
                .setMember(patientRef.copy());
        t.setManagingOrganization(List.of(s.lead.org().reference()));
        careTeamRef = new Reference("CareTeam/" + t.getIdPart()).setDisplay(t.getName());
        return t;
    }

    private static CodeableConcept role(Worker w) {
        return new CodeableConcept(new Coding(CodeSystems.PROFESSIONAL_ROLE, w.role().code(), w.role().label()));
    }

    private CarePlan carePlan() {
        CarePlan p = new CarePlan();
        p.setId(rid("care-plan"));
        p.setMeta(origin(Origin.RESIDENT_ENTERED, Set.of()));
        p.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        p.setIntent(CarePlan.CarePlanIntent.PLAN);
        p.setTitle(s.planTitle);
        p.setDescription(s.planDescription);
        p.setSubject(patientRef.copy());
        p.setPeriod(new Period().setStartElement(new DateTimeType(s.storyDate)));
        p.setCreatedElement(new DateTimeType(s.storyDate));
        p.setAuthor(patientRef.copy());
        p.addContributor(patientRef.copy());
        p.addContributor(s.lead.reference());
        p.addCareTeam(careTeamRef.copy());
        goalRefs.forEach(g -> p.addGoal(g.copy()));
        referralRefs.forEach(r -> p.addActivity().setReference(r.copy()));
        return p;
    }

    private Composition story() {
        Composition c = new Composition();
        c.setId(rid("story"));
        Meta meta = origin(Origin.RESIDENT_ENTERED, Set.of());
        boolean inline = s.subsections.values().stream().anyMatch(e -> !e.labels().isEmpty());
        if (inline) {
            meta.addSecurity(SecurityLabels.PROCESS_INLINE_LABEL.coding());
        }
        c.setMeta(meta);
        c.setStatus(Composition.CompositionStatus.FINAL);
        c.setType(new CodeableConcept(
                new Coding(CodeSystems.DOCUMENT_TYPE, "my-story", "My story (wellbeing passport)")));
        c.setSubject(patientRef.copy());
        c.setDateElement(new DateTimeType(s.storyDate + "T09:00:00Z"));
        c.addAuthor(patientRef.copy());
        c.setTitle("My story");
        for (StorySection section : StorySection.values()) {
            PassportSpec.Entry e = s.sections.get(section);
            if (e == null) {
                continue;
            }
            Composition.SectionComponent sc = c.addSection();
            fill(sc, section.code(), capitalise(section.label()), e);
            switch (section) {
                case GOALS -> goalRefs.forEach(r -> sc.addEntry(r.copy()));
                case HEALTH_AND_WELLBEING -> {
                    conditionRefs.forEach(r -> sc.addEntry(r.copy()));
                    observationRefs.forEach(r -> sc.addEntry(r.copy()));
                }
                case SUPPORT_NETWORK -> {
                    relatedRefs.forEach(r -> sc.addEntry(r.copy()));
                    sc.addEntry(careTeamRef.copy());
                }
                case SERVICES_INVOLVED -> referralRefs.forEach(r -> sc.addEntry(r.copy()));
                default -> {
                }
            }
            for (var sub : s.subsections.entrySet()) {
                if (sub.getKey().parent() == section) {
                    Composition.SectionComponent ss = sc.addSection();
                    fill(ss, sub.getKey().code(), capitalise(sub.getKey().label()), sub.getValue());
                    sub.getValue().labels().stream().sorted().forEach(l -> ss.addExtension(inlineLabel(l)));
                }
            }
        }
        return c;
    }

    private void fill(Composition.SectionComponent sc, String code, String title, PassportSpec.Entry e) {
        sc.setTitle(title);
        sc.setCode(new CodeableConcept(new Coding(CodeSystems.STORY_SECTION, code, title)));
        sc.addAuthor(author(e.author()));
        sc.addExtension(new Extension(CodeSystems.EXT_ASSERTED_ON, new DateTimeType(e.assertedOn())));
        sc.addExtension(new Extension(CodeSystems.EXT_RESIDENT_ASSERTION,
                new Coding(CodeSystems.RESIDENT_ASSERTION, e.assertion().code(), e.assertion().display())));
        sc.setText(narrative(e.text()));
    }

    static String capitalise(String label) {
        return Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }

    /** The resident's directives: one permit per spec permit, granted when the story was written. */
    static org.wellbeingpassport.consent.DirectiveSet directives(PassportSpec s) {
        java.time.Instant granted = java.time.Instant.parse(s.storyDate + "T09:00:00Z");
        List<org.wellbeingpassport.consent.Provision> provisions = new ArrayList<>();
        int n = 1;
        for (PassportSpec.Permit permit : s.permits) {
            provisions.add(org.wellbeingpassport.consent.Provision.permit(s.id + "-permit-" + n++).to(permit.to())
                    .forPurposes(permit.purpose()).grantedAt(granted).covering(permit.scope()).build());
        }
        return org.wellbeingpassport.consent.DirectiveSet.restore(s.id, 1, provisions).orElseThrow();
    }

    private Consent consent() {
        Consent c = org.wellbeingpassport.fhir.consent.ConsentMapping.toFhir(directives(s));
        c.setId(rid("consent"));
        c.getMeta().addTag(Origin.RESIDENT_ENTERED.coding().coding());
        c.setDateTimeElement(new DateTimeType(s.storyDate + "T09:00:00Z"));
        c.addPerformer(patientRef.copy());
        return c;
    }

    private Provenance provenance(Composition story) {
        Provenance p = new Provenance();
        p.setId(rid("story-provenance"));
        p.addTarget(new Reference("Composition/" + story.getIdPart()));
        p.setRecordedElement(new org.hl7.fhir.r4.model.InstantType(s.storyDate + "T09:00:00Z"));
        p.addAgent()
                .setType(new CodeableConcept(new Coding(CodeSystems.PROVENANCE_PARTICIPANT_TYPE, "author", "Author")))
                .setWho(patientRef.copy());
        s.sections.values().stream().map(PassportSpec.Entry::author).filter(w -> w != null).distinct()
                .forEach(w -> p.addAgent()
                        .setType(new CodeableConcept(
                                new Coding(CodeSystems.PROVENANCE_PARTICIPANT_TYPE, "informant", "Informant")))
                        .setWho(w.reference()).setOnBehalfOf(w.org().reference()));
        return p;
    }

    /** Benefits information received from DWP: its own resource, so it can carry its own origin and labels. */
    private void dwpRecord() {
        Observation o = new Observation();
        o.setId(rid("dwp-benefits"));
        Meta meta = origin(Origin.STATUTORY_GATEWAY, Set.of(SensitivityCategory.BENEFITS_FINANCES));
        meta.addSecurity(SecurityLabels.NO_REDISCLOSURE.coding());
        o.setMeta(meta);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(
                new CodeableConcept(new Coding(CodeSystems.OBSERVATION_CATEGORY, "social-history", "Social History")));
        o.setCode(new CodeableConcept(
                new Coding(CodeSystems.STORY_SECTION, SubSection.WORK_AND_BENEFITS.code(), "Work and benefits"))
                .setText("Benefits and assessments (shared by DWP)"));
        o.setSubject(patientRef.copy());
        o.setEffective(new DateTimeType(s.storyDate));
        o.addPerformer(s.dwpRecorder.reference());
        o.setValue(new StringType(s.dwpNote));
        out.add(o);

        Provenance p = new Provenance();
        p.setId(rid("dwp-provenance"));
        p.setMeta(origin(Origin.STATUTORY_GATEWAY, Set.of()));
        p.addTarget(new Reference("Observation/" + o.getIdPart()));
        p.setRecordedElement(new org.hl7.fhir.r4.model.InstantType(s.storyDate + "T10:00:00Z"));
        p.addPolicy("https://www.legislation.gov.uk/ukpga/2012/5/section/131");
        p.addAgent()
                .setType(new CodeableConcept(
                        new Coding(CodeSystems.PROVENANCE_PARTICIPANT_TYPE, "informant", "Informant")))
                .setWho(s.dwpRecorder.reference()).setOnBehalfOf(s.dwpRecorder.org().reference());
        p.addReason(new CodeableConcept()
                .setText("Shared by DWP under the Welfare Reform Act 2012 s131; not to be passed on (s132)"));
        out.add(p);
    }
}
