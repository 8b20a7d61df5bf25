package org.wellbeingpassport.fhir.example;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.codes.ResidentAssertion;
import org.wellbeingpassport.fhir.codes.SubSection;
import org.wellbeingpassport.fhir.codes.WellbeingMeasure;
import org.wellbeingpassport.fhir.example.Directory.Org;
import org.wellbeingpassport.fhir.example.Directory.Place;
import org.wellbeingpassport.fhir.example.Directory.Worker;
import org.wellbeingpassport.fhir.example.PassportSpec.ConditionSpec;
import org.wellbeingpassport.fhir.example.PassportSpec.GoalSpec;
import org.wellbeingpassport.fhir.example.PassportSpec.MeasureSpec;
import org.wellbeingpassport.fhir.example.PassportSpec.Permit;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.example.PassportSpec.ReferralSpec;
import org.wellbeingpassport.fhir.example.PassportSpec.RelatedSpec;

/**
 * Deterministic example passports: six hand-written residents, one per scenario of the domain brief,
 * and as many generated ones as a load test wants ({@link #generated(int)}: the same index always
 * gives the same passport). Everyone is invented; NHS numbers are in the 999 test range. Stories are
 * asset-based: goals, strengths and interests come first.
 */
public final class ExamplePassports {
    private ExamplePassports() {
    }

    /** A hand-written resident: a stable key, the scenario they illustrate, their passport. */
    public record NamedResident(String key, String scenario, Bundle passport, DirectiveSet directives) {
        /** The resident's Patient id (also their resident id in the examples). */
        public String patientId() {
            return passport.getEntryFirstRep().getResource().getIdPart();
        }
    }

    /** Organisations, practitioners and practitioner roles the passports refer to. */
    public static List<Resource> directory() {
        return Directory.resources();
    }

    /** The hand-written residents, in a fixed order. New objects on every call (callers may change them). */
    public static List<NamedResident> named() {
        return List.of(
                resident("jean-whitfield", "referral: GP to link worker to a walking group, outcome back in the plan",
                        jean()),
                resident("nasreen-akhtar", "first contact: a community connector meets her and asks for access",
                        nasreen()),
                resident("delroy-campbell", "correction: he disputes a council assessment written about him", delroy()),
                resident("kayleigh-brennan", "safeguarding: a concern raised at discharge; a lead breaks the glass",
                        kayleigh()),
                resident("gareth-pryce", "sensitive detail: trauma detail limited to one named worker", gareth()),
                resident("ikenna-eze", "carer: his mother helps him, seeing only what he delegates", ikenna()));
    }

    private static NamedResident resident(String key, String scenario, PassportSpec spec) {
        return new NamedResident(key, scenario, PassportAssembler.assemble(spec), PassportAssembler.directives(spec));
    }

    private static Permit permit(Worker w, Purpose purpose, List<String> paths, SensitivityCategory... named) {
        return new Permit(Recipient.named(w.id(), w.given() + " " + w.family()), purpose,
                Scope.paths(paths.toArray(String[]::new)).including(named));
    }

    /** The directives of generated passport {@code index} (the same ones its Consent holds). */
    public static DirectiveSet generatedDirectives(int index) {
        return PassportAssembler.directives(generatedSpec(index));
    }

    /** One hand-written resident by key. */
    public static NamedResident named(String key) {
        return named().stream().filter(r -> r.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no example resident " + key));
    }

    /** The generated passport number {@code index} (0 or more): 20-40 resources, deterministic. */
    public static Bundle generated(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be 0 or more");
        }
        return PassportAssembler.assemble(generatedSpec(index));
    }

    /**
     * An AuditEvent for a read of a named resident's passport by a worker, for a purpose (HL7 v3
     * ActReason code such as TREAT or COC): what passport-api writes for every disclosure.
     */
    public static org.hl7.fhir.r4.model.AuditEvent exampleAuditEvent(String residentKey, String workerId,
            String purposeOfUse) {
        NamedResident r = named(residentKey);
        Worker w = Directory.WORKERS_BY_ID.get(workerId);
        if (w == null) {
            throw new IllegalArgumentException("no worker " + workerId);
        }
        org.hl7.fhir.r4.model.AuditEvent a = new org.hl7.fhir.r4.model.AuditEvent();
        a.setId("audit-" + residentKey + "-" + workerId);
        a.setType(new org.hl7.fhir.r4.model.Coding("http://dicom.nema.org/resources/ontology/DCM", "110110",
                "Patient Record"));
        a.addSubtype(new org.hl7.fhir.r4.model.Coding("http://hl7.org/fhir/restful-interaction", "read", "read"));
        a.setAction(org.hl7.fhir.r4.model.AuditEvent.AuditEventAction.R);
        a.setRecordedElement(new org.hl7.fhir.r4.model.InstantType("2026-11-22T10:15:30.250Z"));
        a.setOutcome(org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome._0);
        a.addPurposeOfEvent(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                org.wellbeingpassport.fhir.codes.CodeSystems.V3_ACT_REASON, purposeOfUse, null)));
        a.addAgent().setWho(w.reference()).setRequestor(true)
                .addRole(new org.hl7.fhir.r4.model.CodeableConcept(
                        new org.hl7.fhir.r4.model.Coding(org.wellbeingpassport.fhir.codes.CodeSystems.PROFESSIONAL_ROLE,
                                w.role().code(), w.role().label())));
        a.getSource().setSite("Wellbeing Passport")
                .setObserver(new org.hl7.fhir.r4.model.Reference().setDisplay("passport-api"));
        a.addEntity().setWhat(new org.hl7.fhir.r4.model.Reference("Patient/" + r.patientId()))
                .setType(new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type",
                        "1", "Person"));
        return a;
    }

    /**
     * The documented example (src/main/resources/examples/passport-example.json): Jean Whitfield's
     * passport, the organisations, practitioners and roles it refers to, and an AuditEvent for a read
     * by her link worker: every resource type of the model in one Bundle.
     */
    public static Bundle documentedExample() {
        Bundle b = named("jean-whitfield").passport();
        String json = org.wellbeingpassport.fhir.Fhir.encode(b);
        for (Resource r : directory()) {
            String ref = r.fhirType() + "/" + r.getIdPart();
            boolean referenced = json.contains("\"" + ref + "\"");
            if (r instanceof org.hl7.fhir.r4.model.PractitionerRole role) {
                referenced = json.contains("\"" + role.getPractitioner().getReference() + "\"");
            }
            if (referenced) {
                b.addEntry().setFullUrl(PassportAssembler.BASE_URL + ref).setResource(r);
            }
        }
        org.hl7.fhir.r4.model.AuditEvent audit = exampleAuditEvent("jean-whitfield", "prac-sam-okoro", "COC");
        b.addEntry().setFullUrl(PassportAssembler.BASE_URL + "AuditEvent/" + audit.getIdPart()).setResource(audit);
        return b;
    }

    /** The Patient id of generated passport {@code index}, without building it. */
    public static String generatedPatientId(int index) {
        return String.format("gen-%06d", index);
    }

    // ---------------------------------------------------------------- hand-written residents

    private static PassportSpec base(String id, String given, String family, String gender, String birthDate,
            long nhsSeed, Place place, String street, String postcode, Org gp, Worker lead, String storyDate) {
        PassportSpec s = new PassportSpec();
        s.id = id;
        s.given = given;
        s.family = family;
        s.gender = gender;
        s.birthDate = birthDate;
        s.nhsNumber = NhsNumber.forSeed(nhsSeed);
        s.place = place;
        s.street = street;
        s.postcode = postcode;
        s.gpPractice = gp;
        s.lead = lead;
        s.storyDate = storyDate;
        return s;
    }

    static PassportSpec jean() {
        PassportSpec s = base("jean-whitfield", "Jean", "Whitfield", "female", "1958-03-14", 1, Place.WIRRAL,
                "12 Laird Street", "CH41 8AB", Directory.WIRRAL_GP, Directory.WIRRAL_LINK_WORKER, "2026-09-15");
        s.mobile = "07700 900101";
        s.contactPreferences.addAll(List.of("text-message", "phone"));
        s.team.add(Directory.WIRRAL_GP_DR);
        s.team.add(Directory.WIRRAL_WALK_LEADER);
        s.section(StorySection.ABOUT_ME,
                "I'm Jean. I worked at the Cammell Laird canteen for thirty years and I've lived in Birkenhead all my life.\nSince Frank died last year the house has been very quiet.")
                .section(StorySection.WHAT_MATTERS,
                        "Getting out of the house most days, and seeing my grandchildren in Wallasey.")
                .section(StorySection.GOALS,
                        "Walk to the park and back without stopping. Join something on a Tuesday so the week has a shape.")
                .section(StorySection.STRENGTHS,
                        "Baking (my scones are famous), organising people, knowing everyone on the street.")
                .section(StorySection.HEALTH_AND_WELLBEING,
                        "Arthritis in my knees. Some days are low since Frank died.")
                .sub(SubSection.GOOD_AND_BAD_DAYS, "Good days: when my daughter rings. Bad days: Sundays.")
                .section(StorySection.LIVING_SITUATION,
                        "I own my house. Money is fine but tight since Frank's pension stopped.")
                .sub(SubSection.HOUSING, "Terraced house, stairs are getting harder.")
                .section(StorySection.SUPPORT_NETWORK,
                        "My daughter Lisa is in Wallasey. Sam at the surgery is my link worker.")
                .section(StorySection.COMMUNICATION, "Text me first, then ring. I don't use email.")
                .sub(SubSection.CONTACT_PREFERENCES, "Text message first; phone calls after 10am.")
                .section(StorySection.WHAT_HELPED, "Talking to Sam helped. A leaflet on its own did not.",
                        Directory.WIRRAL_LINK_WORKER, ResidentAssertion.CONFIRMED)
                .section(StorySection.SERVICES_INVOLVED, "Leasowe Lane surgery; Wirral Walking Together.");
        s.goals.add(new GoalSpec("Walk to Birkenhead Park and back without stopping", false, "improving",
                "distance walked without a rest", new BigDecimal("1.50"), "km", "2027-01-31",
                "Managed the first half with the group in October."));
        s.goals.add(new GoalSpec("Go to the Tuesday walking group for six weeks", true, "achieved", "weeks attended",
                null, null, "2026-11-01", "Six weeks done. Now helping with the tea urn."));
        s.goals.add(new GoalSpec("Bake for the church coffee morning", false, "in-progress",
                "coffee mornings baked for", null, null, "2026-12-20", null));
        s.conditions.add(new ConditionSpec("396275006", "Osteoarthritis", "since 2015", Set.of(),
                Directory.WIRRAL_GP_DR, "Knees mainly.", null, null));
        s.conditions.add(
                new ConditionSpec("35489007", "Depressive disorder", "2025", Set.of(SensitivityCategory.MENTAL_HEALTH),
                        Directory.WIRRAL_GP_DR, "Low mood after bereavement.", null, null));
        s.measures.add(new MeasureSpec(WellbeingMeasure.WEMWBS, "2026-09-15", 38));
        s.measures.add(new MeasureSpec(WellbeingMeasure.WEMWBS, "2026-11-10", 45));
        ons4(s, "2026-09-15", 4, 5, 4, 6);
        ons4(s, "2026-11-10", 6, 7, 6, 4);
        s.measures.add(new MeasureSpec(WellbeingMeasure.UCLA3_LONELINESS, "2026-09-15", 8));
        s.measures.add(new MeasureSpec(WellbeingMeasure.UCLA3_LONELINESS, "2026-11-10", 6));
        s.related.add(new RelatedSpec("DAU", "daughter", "Lisa", "Whitfield", "07700 900102", false));
        s.referrals.add(new ReferralSpec("871731000000106", "Referral to social prescribing service",
                Directory.WIRRAL_GP_DR, Directory.WIRRAL_GP, true, "2026-09-01",
                "Lonely since bereavement; wants to get out more", "Seen by Sam Okoro; plan agreed 15 September."));
        s.referrals.add(new ReferralSpec("871731000000106", "Referral to walking group", Directory.WIRRAL_LINK_WORKER,
                Directory.WIRRAL_VCS, true, "2026-09-20", "Wants to walk with others on Tuesdays",
                "Attended six weeks; now a volunteer tea-maker."));
        s.permits.add(permit(Directory.WIRRAL_WALK_LEADER, Purpose.CARE_COORDINATION,
                List.of("Composition.section[goals]", "Composition.section[communication]")));
        s.planTitle = "Jean's plan: out and about";
        s.planDescription = "Agreed with Sam: walking group on Tuesdays, baking for the coffee morning, review in January.";
        return s;
    }

    private static void ons4(PassportSpec s, String date, int life, int worthwhile, int happy, int anxious) {
        s.measures.add(new MeasureSpec(WellbeingMeasure.ONS4_LIFE_SATISFACTION, date, life));
        s.measures.add(new MeasureSpec(WellbeingMeasure.ONS4_WORTHWHILE, date, worthwhile));
        s.measures.add(new MeasureSpec(WellbeingMeasure.ONS4_HAPPINESS, date, happy));
        s.measures.add(new MeasureSpec(WellbeingMeasure.ONS4_ANXIETY, date, anxious));
    }

    static PassportSpec nasreen() {
        PassportSpec s = base("nasreen-akhtar", "Nasreen", "Akhtar", "female", "1985-07-02", 2, Place.NEWHAM,
                "48 Woodgrange Road", "E7 0QH", Directory.NEWHAM_GP, Directory.NEWHAM_CONNECTOR, "2026-11-02");
        s.language = "bn";
        s.languageDisplay = "Bengali";
        s.interpreter = true;
        s.mobile = "07700 900201";
        s.contactPreferences.addAll(List.of("text-message", "contact-proactively"));
        s.team.add(Directory.NEWHAM_GP_DR);
        s.section(StorySection.ABOUT_ME,
                "I came to Forest Gate in 2019 with my two children. I was a teacher in Sylhet.")
                .section(StorySection.WHAT_MATTERS, "My children doing well at school. Speaking better English.")
                .section(StorySection.GOALS, "Start an ESOL class. Find out if my teaching can count here.")
                .section(StorySection.STRENGTHS, "Teaching, sewing, cooking for many people.")
                .section(StorySection.HEALTH_AND_WELLBEING, "Headaches and not sleeping well.")
                .section(StorySection.COMMUNICATION, "Please book a Bengali interpreter. Text is better than calls.")
                .sub(SubSection.LANGUAGE, "Bengali (Sylheti). Interpreter needed for appointments.")
                .sub(SubSection.CONTACT_PREFERENCES, "Text message; contact me proactively, I may not ring back.")
                .section(StorySection.SERVICES_INVOLVED, "Forest Gate Family Practice; Newham Community Connectors.");
        s.goals.add(new GoalSpec("Start an ESOL class this term", false, "in-progress", "classes attended", null, null,
                "2027-01-15", null));
        s.goals.add(new GoalSpec("Find out how my teaching qualification counts in the UK", false, "in-progress",
                "advice session booked", null, null, "2027-02-28", null));
        s.conditions.add(
                new ConditionSpec("193462001", "Insomnia", "2024", Set.of(), Directory.NEWHAM_GP_DR, null, null, null));
        s.measures.add(new MeasureSpec(WellbeingMeasure.SWEMWBS, "2026-11-02", 19));
        ons4(s, "2026-11-02", 5, 7, 5, 6);
        s.measures.add(new MeasureSpec(WellbeingMeasure.UCLA3_LONELINESS, "2026-11-02", 7));
        s.related.add(new RelatedSpec("FRND", "friend", "Shirin", "Rahman", "07700 900202", false));
        s.referrals.add(new ReferralSpec("871731000000106", "Referral to community connector", Directory.NEWHAM_GP_DR,
                Directory.NEWHAM_VCS, false, "2026-10-28", "Isolated; wants English classes", null));
        s.permits.add(permit(Directory.NEWHAM_CONNECTOR, Purpose.CARE_COORDINATION,
                List.of("Patient.name", "Patient.communication", "Composition.section[communication]")));
        s.planTitle = "Nasreen's plan: first steps";
        s.planDescription = "First meeting with Aisha; ESOL class and qualification advice.";
        return s;
    }

    static PassportSpec delroy() {
        PassportSpec s = base("delroy-campbell", "Delroy", "Campbell", "male", "1968-05-21", 3, Place.HACKNEY,
                "7 Chatsworth Road", "E5 0LH", Directory.HACKNEY_GP, Directory.HACKNEY_CARE_COORDINATOR, "2026-10-05");
        s.mobile = "07700 900301";
        s.email = "delroy.campbell@example.net";
        s.contactPreferences.addAll(List.of("email", "letter"));
        s.team.add(Directory.HACKNEY_GP_DR);
        s.team.add(Directory.HACKNEY_ASSESSOR);
        s.section(StorySection.ABOUT_ME,
                "I drove the 38 bus for twenty years. I live with my wife Marcia and her parents.")
                .section(StorySection.WHAT_MATTERS, "Looking after my in-laws properly. Being believed.")
                .section(StorySection.GOALS, "Get the right help at home for my in-laws. Get back to the allotment.")
                .section(StorySection.STRENGTHS, "Gardening, fixing things, dominoes at the community centre.")
                .section(StorySection.HEALTH_AND_WELLBEING,
                        "Type 2 diabetes, managed. Back pain since the accident at work.")
                .section(StorySection.LIVING_SITUATION,
                        "Assessment: the family spend all day in front of the TV and refused the day centre.",
                        Directory.HACKNEY_ASSESSOR, ResidentAssertion.DISPUTED)
                .sub(SubSection.HOUSING, "Housing association flat, second floor, lift often broken.")
                .section(StorySection.SUPPORT_NETWORK, "Marcia, my wife. Tom at the surgery coordinates things.")
                .section(StorySection.COMMUNICATION, "Email or letter please. I work shifts, so no calls in the day.")
                .section(StorySection.WHAT_HELPED,
                        "Tom coming to the house helped. Being sent forms by post without help did not.")
                .section(StorySection.SERVICES_INVOLVED, "Clapton Common Practice; Hackney Adult Social Care.");
        s.goals.add(new GoalSpec("Get a carers assessment that describes us correctly", false, "in-progress",
                "assessment corrected", null, null, "2026-12-31", "Dispute raised about the living situation entry."));
        s.goals.add(new GoalSpec("Back on the allotment twice a week", false, "improving", "visits per week",
                new BigDecimal("2"), "/wk", "2027-04-01", null));
        s.conditions.add(new ConditionSpec("44054006", "Type 2 diabetes mellitus", "2016", Set.of(),
                Directory.HACKNEY_GP_DR, null, null, null));
        s.conditions.add(new ConditionSpec("161891005", "Backache", "2019", Set.of(), Directory.HACKNEY_GP_DR, null,
                null, null));
        s.measures.add(new MeasureSpec(WellbeingMeasure.WEMWBS, "2026-10-05", 44));
        ons4(s, "2026-10-05", 5, 8, 6, 5);
        s.related.add(new RelatedSpec("WIFE", "wife", "Marcia", "Campbell", "07700 900302", true));
        s.referrals.add(new ReferralSpec("305390007", "Referral to social services", Directory.HACKNEY_GP_DR,
                Directory.HACKNEY_ASC, true, "2026-08-10", "Carers assessment for the household",
                "Assessment done 2 September; disputed by Delroy."));
        s.permits.add(permit(Directory.HACKNEY_ASSESSOR, Purpose.RECORD_CORRECTION,
                List.of("Composition.section[living-situation]")));
        s.planTitle = "Delroy's plan";
        s.planDescription = "Correct the assessment; carers support; allotment.";
        return s;
    }

    static PassportSpec kayleigh() {
        PassportSpec s = base("kayleigh-brennan", "Kayleigh", "Brennan", "female", "1997-01-30", 4, Place.HACKNEY,
                "Flat 3, 22 Mare Street", "E8 4RP", Directory.HACKNEY_GP, Directory.HACKNEY_CARE_COORDINATOR,
                "2026-10-20");
        s.mobile = "07700 900401";
        s.contactPreferences.addAll(List.of("text-message", "no-voicemail"));
        s.team.add(Directory.HACKNEY_MH_PRACTITIONER);
        s.section(StorySection.ABOUT_ME,
                "I'm Kayleigh, I'm 29 and I do nails. I've got a little boy, Alfie, who's four.")
                .section(StorySection.WHAT_MATTERS, "Alfie. Feeling safe at home.")
                .section(StorySection.GOALS, "Finish my nail tech level 3. Somewhere safe for me and Alfie.")
                .section(StorySection.STRENGTHS, "Creative, good with people, a good mum.")
                .section(StorySection.HEALTH_AND_WELLBEING, "Anxiety. I was in hospital in October.")
                .sub(SubSection.TRAUMA_DETAIL, "Concern raised at discharge about my ex-partner. Police aware.",
                        Directory.HACKNEY_MH_PRACTITIONER, ResidentAssertion.CONFIRMED,
                        SensitivityCategory.SAFEGUARDING)
                .section(StorySection.LIVING_SITUATION, "Council flat. Rent arrears after he left.")
                .sub(SubSection.MONEY, "Rent arrears of about eight hundred pounds; payment plan agreed.",
                        SensitivityCategory.BENEFITS_FINANCES)
                .section(StorySection.COMMUNICATION,
                        "Text only. Don't leave voicemails. Please don't talk about him in front of Alfie.")
                .sub(SubSection.TRAUMA_INFORMED, "Trauma-informed approach requested.")
                .section(StorySection.SERVICES_INVOLVED,
                        "Clapton Common Practice; East London community mental health team.");
        s.goals.add(new GoalSpec("Finish nail technician level 3", false, "in-progress", "modules complete",
                new BigDecimal("4"), "{modules}", "2027-06-30", "Two of four modules done."));
        s.goals.add(new GoalSpec("A safe home for me and Alfie", false, "in-progress", "safe housing", null, null,
                "2027-03-31", null));
        s.conditions.add(
                new ConditionSpec("197480006", "Anxiety disorder", "2023", Set.of(SensitivityCategory.MENTAL_HEALTH),
                        Directory.HACKNEY_MH_PRACTITIONER, "Panic attacks, better with CBT.", null, null));
        s.conditions.add(new ConditionSpec("95930005", "Victim of domestic violence", "2026",
                Set.of(SensitivityCategory.SAFEGUARDING), Directory.HACKNEY_MH_PRACTITIONER,
                "Safeguarding referral made at discharge.", null, null));
        s.measures.add(new MeasureSpec(WellbeingMeasure.SWEMWBS, "2026-10-20", 17));
        ons4(s, "2026-10-20", 4, 7, 4, 8);
        s.related.add(new RelatedSpec("SIS", "sister", "Chantelle", "Brennan", "07700 900402", false));
        s.referrals.add(new ReferralSpec("306206005", "Referral to safeguarding", Directory.HACKNEY_MH_PRACTITIONER,
                Directory.HACKNEY_ASC, false, "2026-10-18", "Concern raised at discharge", null));
        s.permits.add(permit(Directory.HACKNEY_MH_PRACTITIONER, Purpose.DIRECT_CARE,
                List.of("Composition.section[health-and-wellbeing]")));
        s.planTitle = "Kayleigh's plan";
        s.planDescription = "Safety first; then course and housing.";
        return s;
    }

    static PassportSpec gareth() {
        PassportSpec s = base("gareth-pryce", "Gareth", "Pryce", "male", "1981-09-09", 5, Place.SWANSEA,
                "31 Heol y Nant", "SA11 3LP", Directory.SWANSEA_GP, Directory.SWANSEA_COACH, "2026-10-12");
        s.mobile = "07700 900501";
        s.contactPreferences.addAll(List.of("text-message"));
        s.team.add(Directory.SWANSEA_GP_DR);
        s.team.add(Directory.NPT_SHED_LEAD);
        s.section(StorySection.ABOUT_ME, "Gareth, 45, from Neath. Twenty years at the steelworks until the accident.")
                .section(StorySection.WHAT_MATTERS, "My daughter Ffion. Being useful again.")
                .section(StorySection.GOALS, "Go to the Men's Shed every week. Volunteer fixing bikes.")
                .section(StorySection.STRENGTHS, "Welding, bikes, anything mechanical. Rugby (watching now).")
                .section(StorySection.HEALTH_AND_WELLBEING,
                        "Flashbacks and bad sleep since the accident. Working on it with Cerys.")
                .sub(SubSection.TRAUMA_DETAIL,
                        "The accident at the works in 2022: I was first to reach my mate. I only want Cerys to know the details.",
                        SensitivityCategory.TRAUMA)
                .section(StorySection.LIVING_SITUATION, "Rented house. Work capability assessment coming up.")
                .sub(SubSection.WORK_AND_BENEFITS,
                        "On Universal Credit since 2023. Work capability assessment booked for January.",
                        SensitivityCategory.BENEFITS_FINANCES)
                .section(StorySection.COMMUNICATION, "Texts are fine. Trauma-informed approach please.")
                .sub(SubSection.TRAUMA_INFORMED,
                        "Trauma-informed approach requested: sit where I can see the door; no sudden changes of plan.")
                .section(StorySection.WHAT_HELPED, "Walking the canal helped. Group therapy in a big room did not.")
                .section(StorySection.SERVICES_INVOLVED,
                        "Townhill Health Centre; Neath Valley Men's Shed; Neath Jobcentre Plus.");
        s.goals.add(new GoalSpec("Men's Shed every Thursday", false, "improving", "Thursdays attended", null, null,
                "2027-01-31", "Five in a row."));
        s.goals.add(new GoalSpec("Volunteer fixing bikes for the kids' club", false, "in-progress",
                "sessions volunteered", null, null, "2027-03-31", null));
        s.conditions.add(new ConditionSpec("47505003", "Posttraumatic stress disorder", "2022",
                Set.of(SensitivityCategory.MENTAL_HEALTH, SensitivityCategory.TRAUMA), Directory.SWANSEA_GP_DR,
                "Under review with the coach.", "Details of the 2022 accident shared with Cerys only.",
                SensitivityCategory.TRAUMA));
        s.measures.add(new MeasureSpec(WellbeingMeasure.WEMWBS, "2026-10-12", 36));
        ons4(s, "2026-10-12", 4, 5, 5, 7);
        s.measures.add(new MeasureSpec(WellbeingMeasure.UCLA3_LONELINESS, "2026-10-12", 7));
        s.related.add(new RelatedSpec("DAU", "daughter", "Ffion", "Pryce", null, false));
        s.referrals.add(new ReferralSpec("871731000000106", "Referral to Men's Shed", Directory.SWANSEA_COACH,
                Directory.NPT_VCS, true, "2026-10-14", "Wants to be useful with his hands", "Attending weekly."));
        s.permits.add(permit(Directory.SWANSEA_COACH, Purpose.DIRECT_CARE,
                List.of("Composition.section[health-and-wellbeing]", "Condition"), SensitivityCategory.TRAUMA,
                SensitivityCategory.MENTAL_HEALTH));
        s.permits.add(permit(Directory.NPT_SHED_LEAD, Purpose.CARE_COORDINATION,
                List.of("Composition.section[communication]", "Composition.section[strengths]")));
        s.dwpNote = "Universal Credit (limited capability for work) claim open; WCA appointment 14 January 2027.";
        s.dwpRecorder = Directory.SWANSEA_WORK_COACH;
        s.planTitle = "Gareth's plan";
        s.planDescription = "Men's Shed, bikes, and the sleep work with Cerys.";
        return s;
    }

    static PassportSpec ikenna() {
        PassportSpec s = base("ikenna-eze", "Ikenna", "Eze", "male", "2002-04-17", 6, Place.NEWHAM, "15 Plashet Grove",
                "E6 1AB", Directory.NEWHAM_GP, Directory.NEWHAM_NAVIGATOR, "2026-10-25");
        s.email = "ikenna.eze@example.net";
        s.contactPreferences.addAll(List.of("email", "no-phone-calls"));
        s.team.add(Directory.NEWHAM_WORK_COACH);
        s.section(StorySection.ABOUT_ME,
                "I'm Ikenna. I like trains and coding. My mum Grace helps me with appointments.")
                .section(StorySection.WHAT_MATTERS, "Routine. Knowing what will happen before it happens.")
                .section(StorySection.GOALS, "A coding apprenticeship. Travel to appointments on my own.")
                .section(StorySection.STRENGTHS, "Python, remembering timetables, honesty.")
                .section(StorySection.HEALTH_AND_WELLBEING, "Waiting for an autism assessment: 18 months so far.")
                .sub(SubSection.CONDITIONS_AND_TREATMENT,
                        "On the waiting list for an adult autism assessment since April 2025.")
                .section(StorySection.LIVING_SITUATION, "I live with my mum.")
                .sub(SubSection.WORK_AND_BENEFITS, "Looking for an apprenticeship; work coach at Stratford.",
                        SensitivityCategory.BENEFITS_FINANCES)
                .section(StorySection.SUPPORT_NETWORK,
                        "My mum Grace is my carer. She can see my plan and appointments.")
                .section(StorySection.COMMUNICATION, "Email only, please. Tell me what will happen in advance.")
                .sub(SubSection.ACCESSIBILITY, "Quiet room; written agenda before meetings.")
                .section(StorySection.SERVICES_INVOLVED, "Forest Gate Family Practice; Stratford Jobcentre Plus.");
        s.goals.add(new GoalSpec("Start a coding apprenticeship", false, "in-progress", "applications sent",
                new BigDecimal("5"), "{applications}", "2027-05-31", "Two applications sent."));
        s.goals.add(new GoalSpec("Travel to appointments on my own", false, "improving", "journeys alone", null, null,
                "2027-02-28", null));
        s.goals.add(new GoalSpec("Get a date for my autism assessment", false, "no-progress", "date received", null,
                null, "2027-04-30", "Still waiting after 18 months."));
        s.measures.add(new MeasureSpec(WellbeingMeasure.SWEMWBS, "2026-10-25", 22));
        ons4(s, "2026-10-25", 6, 6, 6, 6);
        s.related.add(new RelatedSpec("MTH", "mother", "Grace", "Eze", "07700 900602", true));
        s.referrals.add(new ReferralSpec("406158007", "Adult autism assessment", Directory.NEWHAM_GP_DR,
                Directory.NEWHAM_GP, false, "2025-04-10", "Possible autism; assessment requested", null));
        s.permits.add(permit(Directory.NEWHAM_NAVIGATOR, Purpose.CARE_COORDINATION,
                List.of("Composition.section[goals]", "CarePlan")));
        // his mother Grace sees his goals and plan only: what he delegated to her
        s.permits.add(new Permit(Recipient.delegate("ikenna-eze-related-1", "Grace Eze"), Purpose.SUPPORT_PLANNING,
                Scope.sections(StorySection.GOALS, StorySection.CARE_PLAN)));
        s.dwpNote = "Jobseeker's support: apprenticeship search agreed; no sanctions.";
        s.dwpRecorder = Directory.NEWHAM_WORK_COACH;
        s.planTitle = "Ikenna's plan";
        s.planDescription = "Apprenticeship, independent travel, assessment date.";
        return s;
    }

    // ---------------------------------------------------------------- generated residents

    private record Person(String given, String gender) {
    }

    private static final Place[] PLACES = Place.values();
    private static final Person[] GIVEN = {new Person("Aaliyah", "female"), new Person("Bronwen", "female"),
            new Person("Callum", "male"), new Person("Darren", "male"), new Person("Eilidh", "female"),
            new Person("Fatima", "female"), new Person("Gwyn", "male"), new Person("Hassan", "male"),
            new Person("Irene", "female"), new Person("Jamal", "male"), new Person("Karen", "female"),
            new Person("Liam", "male"), new Person("Maria", "female"), new Person("Nia", "female"),
            new Person("Olu", "male"), new Person("Paula", "female"), new Person("Rashid", "male"),
            new Person("Siân", "female"), new Person("Terry", "male"), new Person("Uzma", "female"),
            new Person("Viktor", "male"), new Person("Wendy", "female"), new Person("Yusuf", "male"),
            new Person("Zofia", "female"), new Person("Alex", "other")};
    private static final String[] FAMILY = {"Ahmed", "Bevan", "Clarke", "Davies", "Evans", "Fernandes", "Griffiths",
            "Hughes", "Islam", "Jones", "Kaur", "Lewis", "Murphy", "Nowak", "Okonkwo", "Patel", "Quinn", "Roberts",
            "Smith", "Thomas", "Uddin", "Vaughan", "Williams", "Yilmaz"};
    private static final String[][] STREETS = {{"Conway Street", "CH41"}, {"Old Road", "SA11"}, {"Amhurst Road", "E8"},
            {"Romford Road", "E7"}};
    private static final String[] WORK = {"worked in a call centre", "was a care assistant", "drove a forklift",
            "worked on the tills", "was a hairdresser", "worked in the docks", "cleaned offices", "was a chef"};
    private static final String[] MATTERS = {"my grandchildren", "my dog, Bella", "my faith community",
            "getting back to work", "my allotment", "my football team", "seeing friends again", "my health"};
    private static final String[] STRENGTHS = {"cooking for crowds", "DIY and fixing things", "singing in a choir",
            "knitting", "football coaching", "languages (I speak three)", "looking after people",
            "not sure yet; happy to find out"};
    private static final String[][] GOALS = {{"Join a local group once a week", "weeks attended"},
            {"Walk 30 minutes a day", "days walked"}, {"Sort out my debts with an adviser", "debts on a plan"},
            {"Get back into work, part-time", "hours a week"},
            {"Sleep through the night more often", "good nights a week"},
            {"Learn to use online banking", "sessions done"}, {"Volunteer at the food bank", "shifts done"},
            {"Cook a proper meal three times a week", "meals cooked"}};
    private static final String[] ACHIEVEMENT = {"in-progress", "improving", "worsening", "no-change", "achieved",
            "sustaining", "not-achieved", "no-progress", "not-attainable"};
    private record CondPick(String code, String display, SensitivityCategory label) {
    }

    private static final CondPick[] CONDITIONS = {new CondPick("195967001", "Asthma", null),
            new CondPick("44054006", "Type 2 diabetes mellitus", null), new CondPick("161891005", "Backache", null),
            new CondPick("396275006", "Osteoarthritis", null),
            new CondPick("13645005", "Chronic obstructive pulmonary disease", null),
            new CondPick("35489007", "Depressive disorder", SensitivityCategory.MENTAL_HEALTH),
            new CondPick("197480006", "Anxiety disorder", SensitivityCategory.MENTAL_HEALTH),
            new CondPick("47505003", "Posttraumatic stress disorder", SensitivityCategory.TRAUMA),
            new CondPick("66590003", "Alcohol dependence", SensitivityCategory.SUBSTANCE_USE),
            new CondPick("86406008", "Human immunodeficiency virus infection", SensitivityCategory.HIV)};

    private static Org[] orgs(Place p) {
        return switch (p) {
            case WIRRAL -> new Org[]{Directory.WIRRAL_GP, Directory.WIRRAL_VCS, Directory.WIRRAL_HOUSING};
            case SWANSEA -> new Org[]{Directory.SWANSEA_GP, Directory.NPT_VCS, Directory.SWANSEA_JOBCENTRE};
            case HACKNEY -> new Org[]{Directory.HACKNEY_GP, Directory.HACKNEY_MH, Directory.HACKNEY_ASC};
            case NEWHAM -> new Org[]{Directory.NEWHAM_GP, Directory.NEWHAM_VCS, Directory.NEWHAM_JOBCENTRE};
        };
    }

    private static Worker[] workers(Place p) {
        return switch (p) {
            case WIRRAL -> new Worker[]{Directory.WIRRAL_LINK_WORKER, Directory.WIRRAL_GP_DR,
                    Directory.WIRRAL_WALK_LEADER, Directory.WIRRAL_HOUSING_OFFICER};
            case SWANSEA -> new Worker[]{Directory.SWANSEA_COACH, Directory.SWANSEA_GP_DR, Directory.NPT_SHED_LEAD,
                    Directory.SWANSEA_WORK_COACH};
            case HACKNEY -> new Worker[]{Directory.HACKNEY_CARE_COORDINATOR, Directory.HACKNEY_GP_DR,
                    Directory.HACKNEY_MH_PRACTITIONER, Directory.HACKNEY_ASSESSOR};
            case NEWHAM -> new Worker[]{Directory.NEWHAM_NAVIGATOR, Directory.NEWHAM_GP_DR, Directory.NEWHAM_CONNECTOR,
                    Directory.NEWHAM_WORK_COACH};
        };
    }

    static PassportSpec generatedSpec(int index) {
        Random r = new Random(0x5EED_0000L + index * 0x9E3779B97F4A7C15L);
        Place place = PLACES[index % PLACES.length];
        Person person = GIVEN[r.nextInt(GIVEN.length)];
        String family = FAMILY[r.nextInt(FAMILY.length)];
        Worker[] w = workers(place);
        Org[] o = orgs(place);
        LocalDate storyDate = LocalDate.of(2026, 1, 5).plusDays(r.nextInt(300));
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(r.nextInt(365 * 52));
        String street = (1 + r.nextInt(120)) + " " + STREETS[place.ordinal()][0];
        PassportSpec s = base(generatedPatientId(index), person.given(), family, person.gender(), birth.toString(),
                1000L + index, place, street, STREETS[place.ordinal()][1] + " " + (1 + r.nextInt(9)) + "XY", o[0], w[0],
                storyDate.toString());
        s.mobile = r.nextInt(5) == 0 ? null : String.format("07700 9%05d", index % 100000);
        s.email = r.nextBoolean()
                ? person.given().toLowerCase().replace("â", "a") + "." + family.toLowerCase() + index + "@example.net"
                : null;
        if (s.mobile == null && s.email == null) {
            s.email = "resident" + index + "@example.net";
        }
        s.contactPreferences.add(s.mobile != null ? "text-message" : "email");
        if (r.nextInt(3) == 0) {
            s.contactPreferences.add("contact-proactively");
        }
        if (place == Place.NEWHAM && r.nextInt(3) == 0) {
            String[][] langs = {{"bn", "Bengali"}, {"ur", "Urdu"}, {"pl", "Polish"}, {"so", "Somali"}};
            String[] lang = langs[r.nextInt(langs.length)];
            s.language = lang[0];
            s.languageDisplay = lang[1];
            s.interpreter = true;
        } else if (place == Place.SWANSEA && r.nextInt(4) == 0) {
            s.language = "cy";
            s.languageDisplay = "Welsh";
        }
        s.team.add(w[1]);
        s.team.add(w[2]);
        String matters = MATTERS[r.nextInt(MATTERS.length)];
        String strengths = STRENGTHS[r.nextInt(STRENGTHS.length)];
        int nGoals = 3 + r.nextInt(3);
        List<String[]> goals = pick(r, GOALS, nGoals);
        s.section(StorySection.ABOUT_ME,
                "I'm " + person.given() + ". I " + WORK[r.nextInt(WORK.length)] + " and I've lived in " + place.area()
                        + " for " + (2 + r.nextInt(40)) + " years.")
                .section(StorySection.WHAT_MATTERS, "What matters most is " + matters + ".")
                .section(StorySection.GOALS,
                        "My goals: " + String.join("; ", goals.stream().map(g -> g[0].toLowerCase()).toList()) + ".")
                .section(StorySection.STRENGTHS, "Strengths and interests: " + strengths + ".");
        boolean trauma = r.nextInt(4) == 0;
        s.section(StorySection.HEALTH_AND_WELLBEING,
                "Some good days and some bad days. Coping: " + (r.nextBoolean() ? "walking" : "music") + ".");
        if (trauma) {
            s.sub(SubSection.TRAUMA_DETAIL,
                    "Something that happened in " + (2000 + r.nextInt(25))
                            + " still affects me; I share the details with my key worker only.",
                    SensitivityCategory.TRAUMA);
        }
        s.section(StorySection.LIVING_SITUATION,
                r.nextBoolean() ? "I rent from the council." : "I rent privately; the damp is a worry.")
                .sub(SubSection.HOUSING,
                        r.nextInt(4) == 0
                                ? "I was homeless for a while in " + (2010 + r.nextInt(15)) + "."
                                : "Settled where I am.");
        if (r.nextBoolean()) {
            s.sub(SubSection.MONEY, "Some debt (" + (100 + r.nextInt(4000)) + " pounds) on a payment plan.",
                    SensitivityCategory.BENEFITS_FINANCES);
        }
        s.section(StorySection.SUPPORT_NETWORK,
                "People I can count on: family and " + w[0].given() + ", my lead worker.")
                .section(StorySection.COMMUNICATION,
                        s.mobile != null ? "Text me first." : "Email please; I don't answer the phone.");
        if (trauma) {
            s.sub(SubSection.TRAUMA_INFORMED, "Trauma-informed approach requested.");
        }
        s.section(StorySection.WHAT_HELPED, "What helped: a person who listened. What didn't: being sent a leaflet.",
                w[0], ResidentAssertion.CONFIRMED)
                .section(StorySection.SERVICES_INVOLVED, String.join("; ", o[0].name(), o[1].name()) + ".");
        for (String[] g : goals) {
            String ach = ACHIEVEMENT[r.nextInt(ACHIEVEMENT.length)];
            boolean decimal = r.nextInt(3) == 0;
            s.goals.add(new GoalSpec(g[0], ach.equals("achieved"), ach, g[1],
                    decimal ? new BigDecimal((1 + r.nextInt(9)) + "." + r.nextInt(10) + "0") : null,
                    decimal ? "h" : null, storyDate.plusDays(60 + r.nextInt(200)).toString(),
                    r.nextBoolean() ? "Going steadily." : null));
        }
        int nCond = 2 + r.nextInt(3);
        for (CondPick c : pick(r, CONDITIONS, nCond)) {
            Set<SensitivityCategory> labels = c.label() == null
                    ? Set.of()
                    : c.label() == SensitivityCategory.TRAUMA
                            ? Set.of(SensitivityCategory.MENTAL_HEALTH, SensitivityCategory.TRAUMA)
                            : Set.of(c.label());
            boolean inline = c.label() != null && r.nextBoolean();
            s.conditions.add(new ConditionSpec(c.code(), c.display(), String.valueOf(1995 + r.nextInt(31)), labels,
                    w[1], "Reviewed at the practice.",
                    inline ? "Detail shared in confidence with " + w[0].given() + "." : null,
                    inline ? c.label() : null));
        }
        int points = 1 + r.nextInt(2);
        boolean shortForm = r.nextBoolean();
        for (int t = 0; t < points; t++) {
            String d = storyDate.plusDays(t * 56L).toString();
            s.measures.add(shortForm
                    ? new MeasureSpec(WellbeingMeasure.SWEMWBS, d, 7 + r.nextInt(29))
                    : new MeasureSpec(WellbeingMeasure.WEMWBS, d, 14 + r.nextInt(57)));
            ons4(s, d, r.nextInt(11), r.nextInt(11), r.nextInt(11), r.nextInt(11));
            s.measures.add(new MeasureSpec(WellbeingMeasure.UCLA3_LONELINESS, d, 3 + r.nextInt(7)));
        }
        String[][] rel = {{"MTH", "mother"}, {"SON", "son"}, {"DAU", "daughter"}, {"SIS", "sister"}, {"FRND", "friend"},
                {"NBOR", "neighbor"}};
        int nRel = 1 + r.nextInt(2);
        for (String[] x : pick(r, rel, nRel)) {
            s.related.add(new RelatedSpec(x[0], x[1], GIVEN[r.nextInt(GIVEN.length)].given(), family,
                    String.format("07700 8%05d", r.nextInt(100000)), r.nextInt(3) == 0));
        }
        int nRef = 1 + r.nextInt(3);
        for (int i = 0; i < nRef; i++) {
            boolean done = r.nextBoolean();
            Org to = o[1 + (i % 2)];
            s.referrals.add(new ReferralSpec("871731000000106", "Referral to " + to.name(), i == 0 ? w[1] : w[0], to,
                    done, storyDate.minusDays(20 - i).toString(), "Agreed with " + person.given(),
                    done ? "Attended; goals updated." : null));
        }
        s.permits.add(permit(w[2], Purpose.CARE_COORDINATION, List.of("Composition.section[goals]",
                "Composition.section[strengths]", "Composition.section[communication]")));
        if (place == Place.SWANSEA || place == Place.NEWHAM) {
            if (r.nextInt(3) == 0) {
                s.dwpNote = "Universal Credit claim open; "
                        + (r.nextBoolean() ? "no sanctions." : "work capability assessment booked.");
                s.dwpRecorder = w[3];
            }
        }
        s.planTitle = person.given() + "'s plan";
        s.planDescription = "Agreed with " + w[0].given() + ": " + goals.get(0)[0].toLowerCase() + " first.";
        return s;
    }

    private static <T> List<T> pick(Random r, T[] from, int n) {
        List<T> pool = new ArrayList<>(List.of(from));
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n && !pool.isEmpty(); i++) {
            out.add(pool.remove(r.nextInt(pool.size())));
        }
        return out;
    }
}
