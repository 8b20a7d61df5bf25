package org.wellbeingpassport.api.store;

/** What a versioned write did. Errors the caller must act on are values, not exceptions. */
public sealed interface WriteOutcome {
    /** The write made a new version ({@code created} when it was the first). */
    record Written(StoredResource resource, boolean created) implements WriteOutcome {
    }

    /** If-Match named a version that is no longer current (or another writer won the race for it). */
    record VersionConflict(long currentVersion) implements WriteOutcome {
    }

    /** There is nothing at that address to update. */
    record NotFound() implements WriteOutcome {
    }
}
