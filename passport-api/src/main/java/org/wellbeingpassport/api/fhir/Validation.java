package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.http.OperationOutcomes;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.validate.PassportValidator;

/**
 * {@code $validate}: the caller's own resource checked with fhir-adapter's {@link PassportValidator} (base R4, the
 * passport's profiles and rules), answered as an OperationOutcome (200 whether or not it is valid; an "all OK"
 * information issue when it is). Nothing is read from or written to any record, so nothing about any resident can be
 * learnt from it: an instance-level {@code $validate} checks the body against the id in the URL only, never looks
 * that id up. For Observation (the type partners create) the body is first made what {@code POST Observation} would
 * store (the caller's origin, its organisation as performer, proposed for the resident), so that an Observation
 * that would be accepted validates, and one that would be refused says why, with the same messages as the create.
 */
@Singleton
final class Validation {
    private final PartnerWrites writes;

    Validation(PartnerWrites writes) {
        this.writes = writes;
    }

    String validate(PartnerContext ctx, String type, Optional<String> id, String body) {
        ObjectNode resource = resourceOf(body, type);
        if (id.isPresent() && resource.has("id") && !resource.path("id").asText().equals(id.get())) {
            throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.INVALID,
                    "The resource's id is not the id in the URL", type + ".id")));
        }
        if (type.equals(PartnerWrites.OBSERVATION) && id.isEmpty()) {
            try {
                writes.prepare(ctx, Fhir.write(resource), Optional.empty());
                return OperationOutcomes
                        .json(List.of(new FhirException.Issue(IssueType.INFORMATIONAL, "No issues found", null)));
            } catch (FhirException e) {
                if (e.status() == HttpStatus.FORBIDDEN) {
                    throw e;
                }
                return OperationOutcomes.json(e.issues());
            }
        }
        return FhirJson.encode(PassportValidator.shared().validate(Fhir.write(resource)).toOperationOutcome());
    }

    /** The resource: the body itself, or the {@code resource} parameter of a Parameters body (mode create/update). */
    private static ObjectNode resourceOf(String body, String type) {
        if (body == null || body.isBlank()) {
            throw FhirException.invalid("Send the " + type + " to validate (or Parameters with a resource)");
        }
        JsonNode node;
        try {
            node = Fhir.json().readTree(body);
        } catch (JsonProcessingException e) {
            throw FhirException.invalid("The body is not JSON");
        }
        if (node instanceof ObjectNode o && o.path("resourceType").asText().equals("Parameters")) {
            ObjectNode found = null;
            for (JsonNode p : o.path("parameter")) {
                String name = p.path("name").asText();
                if (name.equals("resource") && p.path("resource") instanceof ObjectNode r) {
                    found = r;
                } else if (name.equals("mode")) {
                    String mode = p.path("valueCode").asText();
                    if (!mode.equals("create") && !mode.equals("update")) {
                        throw new FhirException(HttpStatus.BAD_REQUEST,
                                List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                                        "$validate supports mode create or update", "mode")));
                    }
                } else if (!name.equals("profile")) {
                    throw new FhirException(HttpStatus.BAD_REQUEST,
                            List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                                    "$validate takes resource, mode and profile", name)));
                }
            }
            node = found;
        }
        if (!(node instanceof ObjectNode r) || !r.path("resourceType").asText().equals(type)) {
            throw FhirException.invalid("$validate on " + type + " takes a " + type);
        }
        return r;
    }
}
