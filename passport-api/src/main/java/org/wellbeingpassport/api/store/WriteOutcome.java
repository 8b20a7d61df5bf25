package org.wellbeingpassport.api.store;

import java.util.Optional;

/** What a versioned write did. Errors the caller must act on are values, not exceptions. */
public sealed interface WriteOutcome {
    /**
     * The write made a new version ({@code created} when it was the first); {@code step} is the passport's
     * compare-and-set that made it current, when this writer made it (absent for a new passport, or when another
     * writer published it).
     */
    record Written(StoredResource resource, boolean created,
            Optional<PassportStore.Step> step) implements WriteOutcome {
        public Written(StoredResource resource, boolean created) {
            this(resource, created, Optional.empty());
        }
    }

    /** If-Match named a version that is no longer current (or another writer won the race for it). */
    record VersionConflict(long currentVersion) implements WriteOutcome {
    }

    /** There is nothing at that address to update. */
    record NotFound() implements WriteOutcome {
    }
}
