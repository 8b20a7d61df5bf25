package org.wellbeingpassport.api.store;

import java.time.Instant;

/**
 * Produces the JSON of a resource for the version the store is about to write. Called again if the store has to
 * retry at another version, so it must not have side effects.
 */
@FunctionalInterface
public interface VersionedRenderer {
    String render(String id, long version, Instant lastUpdated);
}
