package org.wellbeingpassport.api.fhir;

import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;
import org.wellbeingpassport.api.partner.PartnerRegistration;
import org.wellbeingpassport.api.partner.PartnerRegistrations;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.example.Directory;

/**
 * The Organizations, Practitioners and PractitionerRoles that passport resources refer to: the service's directory
 * (no resident's data, so no consent decision), and the organisation of every registered partner system (the
 * performer of what it writes).
 */
@Singleton
final class DirectoryResources {
    private final Map<String, String> byRef = new HashMap<>();
    private final PartnerRegistrations partners;

    DirectoryResources(PartnerRegistrations partners) {
        this.partners = partners;
        for (Resource r : Directory.resources()) {
            byRef.put(r.fhirType() + "/" + r.getIdElement().getIdPart(), FhirJson.encode(r));
        }
    }

    Optional<String> read(String type, String id) {
        String known = byRef.get(type + "/" + id);
        if (known != null) {
            return Optional.of(known);
        }
        if (!type.equals("Organization") || !FhirJson.isValidId(id)) {
            return Optional.empty();
        }
        return partners.all().stream().filter(p -> p.organisationId().equals(id)).findFirst()
                .map(DirectoryResources::organisation);
    }

    private static String organisation(PartnerRegistration p) {
        Organization o = new Organization();
        o.setId(p.organisationId());
        o.setActive(true);
        o.setName(p.organisationName());
        o.addType(new CodeableConcept(
                new Coding(CodeSystems.ORGANISATION_TYPE, p.organisationType().code(), p.organisationType().label())));
        return FhirJson.encode(o);
    }
}
