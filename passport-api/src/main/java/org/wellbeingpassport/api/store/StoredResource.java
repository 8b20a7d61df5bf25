package org.wellbeingpassport.api.store;

import java.time.Instant;

/** One version of one FHIR resource as stored: its JSON already carries meta.versionId and meta.lastUpdated. */
public record StoredResource(String residentId, String type, String id, long version, Instant lastUpdated,
        String json) {
}
