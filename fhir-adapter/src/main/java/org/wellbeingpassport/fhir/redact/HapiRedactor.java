package org.wellbeingpassport.fhir.redact;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.wellbeingpassport.fhir.Fhir;

/**
 * Redaction for callers holding HAPI model objects (partner integrations). It goes through the JSON
 * form and {@link JsonRedactor}, so both paths give the same answer by construction; it costs a HAPI
 * encode and parse on top (see bench/RESULTS.md), which is why the read path does not use it.
 */
public final class HapiRedactor {
    private HapiRedactor() {
    }

    /** The redacted copy of a resource, or empty when nothing of it may be disclosed. The input is not changed. */
    public static Optional<IBaseResource> redact(IBaseResource resource, Redaction r) {
        ObjectNode tree = Fhir.tree(resource);
        if (JsonRedactor.redact(tree, r) == JsonRedactor.Outcome.DROPPED) {
            return Optional.empty();
        }
        return Optional.of(Fhir.parse(Fhir.write(tree)));
    }

    /** The redacted copy of a Bundle. The input is not changed. */
    public static Bundle redact(Bundle bundle, Function<ObjectNode, Redaction> decide) {
        ObjectNode tree = Fhir.tree(bundle);
        JsonRedactor.redactBundle(tree, decide);
        return Fhir.parse(Bundle.class, Fhir.write(tree));
    }
}
