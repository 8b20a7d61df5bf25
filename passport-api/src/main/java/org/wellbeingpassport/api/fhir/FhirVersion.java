package org.wellbeingpassport.api.fhir;

import java.time.Instant;
import org.wellbeingpassport.api.store.StoredResource;

/** One version of a resource as the partner API sends it (unsealed FHIR JSON), without the store's own types. */
record FhirVersion(String type, String id, long version, Instant lastUpdated, String json) {
    static FhirVersion of(StoredResource r) {
        return new FhirVersion(r.type(), r.id(), r.version(), r.lastUpdated(), r.json());
    }
}
