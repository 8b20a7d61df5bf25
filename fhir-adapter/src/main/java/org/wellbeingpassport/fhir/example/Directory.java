package org.wellbeingpassport.fhir.example;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * The invented organisations and practitioners the example passports refer to, in the four places of
 * the domain brief. Deterministic: the same ids and names every time.
 */
public final class Directory {
    private Directory() {
    }

    /** A place and its organisations. */
    public enum Place {
        WIRRAL("Wirral", "Birkenhead", "CH41"),
        SWANSEA("Swansea and Neath Port Talbot", "Neath", "SA11"),
        HACKNEY("Hackney", "London", "E8"),
        NEWHAM("Newham", "London", "E7");

        final String area;
        final String city;
        final String postcodeArea;

        Place(String area, String city, String postcodeArea) {
            this.area = area;
            this.city = city;
            this.postcodeArea = postcodeArea;
        }

        public String area() {
            return area;
        }
    }

    /** An organisation in the directory. */
    public record Org(String id, String name, OrganisationType type, Place place) {
        public Reference reference() {
            return new Reference("Organization/" + id).setDisplay(name);
        }
    }

    /** A practitioner and the role they hold at one organisation. */
    public record Worker(String id, String given, String family, ProfessionalRole role, Org org) {
        public Reference reference() {
            return new Reference("Practitioner/" + id).setDisplay(given + " " + family + " (" + role.label() + ")");
        }

        public Reference roleReference() {
            return new Reference("PractitionerRole/" + id + "-role")
                    .setDisplay(given + " " + family + ", " + role.label() + ", " + org.name());
        }
    }

    public static final Org WIRRAL_GP = new Org("org-leasowe-lane-practice", "Leasowe Lane Medical Practice",
            OrganisationType.GP_PRACTICE, Place.WIRRAL);
    public static final Org WIRRAL_HOUSING = new Org("org-wirral-housing-options", "Wirral Council Housing Options",
            OrganisationType.COUNCIL_HOUSING, Place.WIRRAL);
    public static final Org WIRRAL_VCS = new Org("org-wirral-walking-together", "Wirral Walking Together",
            OrganisationType.VOLUNTARY_COMMUNITY, Place.WIRRAL);
    public static final Org SWANSEA_GP = new Org("org-townhill-health-centre", "Townhill Health Centre",
            OrganisationType.GP_PRACTICE, Place.SWANSEA);
    public static final Org NPT_VCS = new Org("org-neath-valley-mens-shed", "Neath Valley Men's Shed",
            OrganisationType.VOLUNTARY_COMMUNITY, Place.SWANSEA);
    public static final Org SWANSEA_JOBCENTRE = new Org("org-neath-jobcentre", "Neath Jobcentre Plus",
            OrganisationType.JOBCENTRE_DWP, Place.SWANSEA);
    public static final Org HACKNEY_GP = new Org("org-clapton-common-practice", "Clapton Common Practice",
            OrganisationType.GP_PRACTICE, Place.HACKNEY);
    public static final Org HACKNEY_ASC = new Org("org-hackney-adult-social-care", "Hackney Council Adult Social Care",
            OrganisationType.ADULT_SOCIAL_CARE, Place.HACKNEY);
    public static final Org HACKNEY_MH = new Org("org-east-london-cmht", "East London Community Mental Health Team",
            OrganisationType.COMMUNITY_MENTAL_HEALTH_TRUST, Place.HACKNEY);
    public static final Org NEWHAM_GP = new Org("org-forest-gate-family-practice", "Forest Gate Family Practice",
            OrganisationType.GP_PRACTICE, Place.NEWHAM);
    public static final Org NEWHAM_VCS = new Org("org-newham-community-connectors", "Newham Community Connectors",
            OrganisationType.VOLUNTARY_COMMUNITY, Place.NEWHAM);
    public static final Org NEWHAM_JOBCENTRE = new Org("org-stratford-jobcentre", "Stratford Jobcentre Plus",
            OrganisationType.JOBCENTRE_DWP, Place.NEWHAM);
    public static final Org NEWHAM_HOUSING = new Org("org-newham-housing-association", "Newham Homes Together",
            OrganisationType.HOUSING_ASSOCIATION, Place.NEWHAM);

    public static final Worker WIRRAL_GP_DR = new Worker("prac-helen-moss", "Helen", "Moss", ProfessionalRole.GP,
            WIRRAL_GP);
    public static final Worker WIRRAL_LINK_WORKER = new Worker("prac-sam-okoro", "Sam", "Okoro",
            ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER, WIRRAL_GP);
    public static final Worker WIRRAL_HOUSING_OFFICER = new Worker("prac-gail-pritchard", "Gail", "Pritchard",
            ProfessionalRole.HOUSING_OFFICER, WIRRAL_HOUSING);
    public static final Worker WIRRAL_WALK_LEADER = new Worker("prac-kev-duffy", "Kev", "Duffy",
            ProfessionalRole.COMMUNITY_CONNECTOR, WIRRAL_VCS);
    public static final Worker SWANSEA_GP_DR = new Worker("prac-rhys-llewellyn", "Rhys", "Llewellyn",
            ProfessionalRole.GP, SWANSEA_GP);
    public static final Worker SWANSEA_COACH = new Worker("prac-cerys-morgan", "Cerys", "Morgan",
            ProfessionalRole.HEALTH_AND_WELLBEING_COACH, SWANSEA_GP);
    public static final Worker NPT_SHED_LEAD = new Worker("prac-dai-hopkins", "Dai", "Hopkins",
            ProfessionalRole.COMMUNITY_CONNECTOR, NPT_VCS);
    public static final Worker SWANSEA_WORK_COACH = new Worker("prac-bethan-rees", "Bethan", "Rees",
            ProfessionalRole.WORK_COACH, SWANSEA_JOBCENTRE);
    public static final Worker HACKNEY_GP_DR = new Worker("prac-priya-raman", "Priya", "Raman", ProfessionalRole.GP,
            HACKNEY_GP);
    public static final Worker HACKNEY_CARE_COORDINATOR = new Worker("prac-tom-ashby", "Tom", "Ashby",
            ProfessionalRole.CARE_COORDINATOR, HACKNEY_GP);
    public static final Worker HACKNEY_ASSESSOR = new Worker("prac-linda-crane", "Linda", "Crane",
            ProfessionalRole.SOCIAL_WORKER, HACKNEY_ASC);
    public static final Worker HACKNEY_SAFEGUARDING_LEAD = new Worker("prac-marcus-bell", "Marcus", "Bell",
            ProfessionalRole.SAFEGUARDING_LEAD, HACKNEY_ASC);
    public static final Worker HACKNEY_MH_PRACTITIONER = new Worker("prac-joanna-kowalski", "Joanna", "Kowalski",
            ProfessionalRole.MENTAL_HEALTH_PRACTITIONER, HACKNEY_MH);
    public static final Worker NEWHAM_GP_DR = new Worker("prac-farah-hussain", "Farah", "Hussain", ProfessionalRole.GP,
            NEWHAM_GP);
    public static final Worker NEWHAM_NAVIGATOR = new Worker("prac-kwame-mensah", "Kwame", "Mensah",
            ProfessionalRole.HEALTH_AND_SOCIAL_CARE_NAVIGATOR, NEWHAM_GP);
    public static final Worker NEWHAM_CONNECTOR = new Worker("prac-aisha-begum", "Aisha", "Begum",
            ProfessionalRole.COMMUNITY_CONNECTOR, NEWHAM_VCS);
    public static final Worker NEWHAM_WORK_COACH = new Worker("prac-daniel-osei", "Daniel", "Osei",
            ProfessionalRole.WORK_COACH, NEWHAM_JOBCENTRE);
    public static final Worker NEWHAM_HOUSING_OFFICER = new Worker("prac-ruth-adeyemi", "Ruth", "Adeyemi",
            ProfessionalRole.HOUSING_OFFICER, NEWHAM_HOUSING);

    public static final List<Org> ORGS = List.of(WIRRAL_GP, WIRRAL_HOUSING, WIRRAL_VCS, SWANSEA_GP, NPT_VCS,
            SWANSEA_JOBCENTRE, HACKNEY_GP, HACKNEY_ASC, HACKNEY_MH, NEWHAM_GP, NEWHAM_VCS, NEWHAM_JOBCENTRE,
            NEWHAM_HOUSING);

    public static final List<Worker> WORKERS = List.of(WIRRAL_GP_DR, WIRRAL_LINK_WORKER, WIRRAL_HOUSING_OFFICER,
            WIRRAL_WALK_LEADER, SWANSEA_GP_DR, SWANSEA_COACH, NPT_SHED_LEAD, SWANSEA_WORK_COACH, HACKNEY_GP_DR,
            HACKNEY_CARE_COORDINATOR, HACKNEY_ASSESSOR, HACKNEY_SAFEGUARDING_LEAD, HACKNEY_MH_PRACTITIONER,
            NEWHAM_GP_DR, NEWHAM_NAVIGATOR, NEWHAM_CONNECTOR, NEWHAM_WORK_COACH, NEWHAM_HOUSING_OFFICER);

    /** Workers by id. */
    public static final Map<String, Worker> WORKERS_BY_ID = WORKERS.stream()
            .collect(Collectors.toUnmodifiableMap(Worker::id, Function.identity()));

    /** Every Organization, Practitioner and PractitionerRole, as FHIR resources. */
    public static List<Resource> resources() {
        List<Resource> out = new ArrayList<>();
        for (Org org : ORGS) {
            out.add(organization(org));
        }
        for (Worker worker : WORKERS) {
            out.add(practitioner(worker));
            out.add(practitionerRole(worker));
        }
        return List.copyOf(out);
    }

    static Organization organization(Org org) {
        Organization o = new Organization();
        o.setId(org.id());
        o.setActive(true);
        o.setName(org.name());
        o.addType(
                new CodeableConcept(new Coding(CodeSystems.ORGANISATION_TYPE, org.type().code(), org.type().label())));
        o.addAddress(new Address().setCity(org.place().city).setDistrict(org.place().area).setCountry("GB"));
        return o;
    }

    static Practitioner practitioner(Worker worker) {
        Practitioner p = new Practitioner();
        p.setId(worker.id());
        p.setActive(true);
        p.addName(new HumanName().setFamily(worker.family()).addGiven(worker.given()));
        p.addTelecom(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.EMAIL)
                .setValue(worker.given().toLowerCase() + "." + worker.family().toLowerCase() + "@example.org")
                .setUse(ContactPoint.ContactPointUse.WORK));
        return p;
    }

    static PractitionerRole practitionerRole(Worker worker) {
        PractitionerRole r = new PractitionerRole();
        r.setId(worker.id() + "-role");
        r.setActive(true);
        r.setPractitioner(worker.reference());
        r.setOrganization(worker.org().reference());
        r.addCode(new CodeableConcept(
                new Coding(CodeSystems.PROFESSIONAL_ROLE, worker.role().code(), worker.role().label())));
        return r;
    }
}
