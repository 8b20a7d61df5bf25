package org.wellbeingpassport.api.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wellbeingpassport.fhir.example.Directory;
import org.wellbeingpassport.fhir.example.ExamplePassports;

/**
 * The demo's people and the claims of their tokens: the six example residents, Ikenna's mother as his carer,
 * every practitioner of the example directory, an auditor, an administrator and a partner system. Invented people.
 */
public final class DemoPeople {
    /** One person you can sign in as in the demo. */
    public record Person(String key, String kind, String name, String description, Map<String, Object> claims) {
    }

    public static final String CARER_KEY = "grace-eze";

    private DemoPeople() {
    }

    public static List<Person> all() {
        List<Person> people = new ArrayList<>();
        for (ExamplePassports.NamedResident r : ExamplePassports.named()) {
            String name = displayName(r);
            people.add(new Person(r.key(), "resident", name, "resident; scenario: " + r.scenario(),
                    claims("resident", name)));
        }
        people.add(new Person(CARER_KEY, "carer", "Grace Eze", "carer: Ikenna Eze's mother",
                claims("carer", "Grace Eze")));
        for (Directory.Worker w : Directory.WORKERS) {
            String name = w.given() + " " + w.family();
            Map<String, Object> c = claims("professional", name);
            c.put("wp_role", w.role().code());
            c.put("wp_org", w.org().id());
            c.put("wp_org_name", w.org().name());
            c.put("wp_org_type", w.org().type().code());
            people.add(new Person(w.id(), "professional", name, w.role().label() + ", " + w.org().name(), c));
        }
        people.add(new Person("auditor", "auditor", "Olu Bankole", "privacy officer (auditor)",
                claims("auditor", "Olu Bankole")));
        people.add(new Person("admin", "admin", "Passport Administrator", "service administrator",
                claims("admin", "Passport Administrator")));
        Map<String, Object> system = claims("system", "Leasowe Lane GP system");
        system.put("wp_org", Directory.WIRRAL_GP.id());
        system.put("wp_org_name", Directory.WIRRAL_GP.name());
        system.put("wp_org_type", Directory.WIRRAL_GP.type().code());
        people.add(new Person("system-leasowe-gp", "system", "Leasowe Lane GP system",
                "partner system (GP clinical system)", system));
        return List.copyOf(people);
    }

    /** The token subject of a demo person: residents and carers get a stable subject of their own. */
    public static String subject(Person p) {
        return switch (p.kind()) {
            case "resident" -> "resident:" + p.key();
            case "carer" -> "carer:" + p.key();
            default -> p.key();
        };
    }

    private static String displayName(ExamplePassports.NamedResident r) {
        var patient = (org.hl7.fhir.r4.model.Patient) r.passport().getEntryFirstRep().getResource();
        return patient.getNameFirstRep().getNameAsSingleString();
    }

    private static Map<String, Object> claims(String kind, String name) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("wp_kind", kind);
        c.put("name", name);
        return c;
    }
}
