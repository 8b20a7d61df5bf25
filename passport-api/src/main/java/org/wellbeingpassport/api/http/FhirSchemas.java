package org.wellbeingpassport.api.http;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * OpenAPI descriptions of the FHIR R4 resources that routes outside /fhir take or return (issue 12): one named
 * component per resource kind, with its {@code resourceType} fixed and the rest of the resource described by the FHIR
 * R4 JSON schema (https://hl7.org/fhir/R4/fhir.schema.json, definition of the same name). A resource allows the rest
 * of its elements (additionalProperties), so a generated client holds it whole, as a map; a Bundle and its entries
 * name the elements a client walks (entry, resource). These types describe the
 * contract only; the routes still read and write FHIR JSON through HAPI and the passport validator.
 */
public final class FhirSchemas {
    private FhirSchemas() {
    }

    static final String R4 = "https://hl7.org/fhir/R4/fhir.schema.json#/definitions/";

    @Schema(name = "FhirPatient", description = "A FHIR R4 Patient resource: " + R4
            + "Patient", additionalProperties = Schema.AdditionalPropertiesValue.TRUE, example = """
                    {"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"}],
                     "name": [{"family": "Okafor", "given": ["Amara"]}], "birthDate": "1987-04-12"}""")
    public record Patient(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "Patient") String resourceType,
            String id) {
    }

    @Schema(name = "FhirConsent", description = "A FHIR R4 Consent resource with the passport's provisions: " + R4
            + "Consent", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    public record Consent(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "Consent") String resourceType,
            String id) {
    }

    @Schema(name = "FhirBundle", description = "A FHIR R4 Bundle: " + R4 + "Bundle")
    public record Bundle(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "Bundle") String resourceType,
            @Schema(example = "collection") String type, List<BundleEntry> entry) {
    }

    @Schema(name = "FhirBundleEntry", description = "One entry of a FHIR R4 Bundle: " + R4 + "Bundle_Entry")
    public record BundleEntry(String fullUrl, Resource resource) {
    }

    @Schema(name = "FhirResource", description = "A FHIR R4 resource of a passport (Patient, Composition, Goal, "
            + "Observation, CarePlan, RelatedPerson, Condition, CareTeam, ServiceRequest, Consent, Provenance, Task, "
            + "AuditEvent): " + R4 + "ResourceList", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    public record Resource(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the kind of FHIR resource", example = "Goal") String resourceType,
            String id) {
    }

    @Schema(name = "FhirAuditEvent", description = "A FHIR R4 AuditEvent resource: " + R4
            + "AuditEvent", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    public record AuditEvent(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "AuditEvent") String resourceType,
            String id) {
    }

    @Schema(name = "FhirTask", description = "A FHIR R4 Task resource: " + R4
            + "Task", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    public record Task(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "Task") String resourceType,
            String id) {
    }

    @Schema(name = "JwkSet", description = "A JSON Web Key Set (RFC 7517 section 5)", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    public record JwkSet(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Object> keys) {
    }
}
