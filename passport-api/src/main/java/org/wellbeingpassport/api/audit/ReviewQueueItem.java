package org.wellbeingpassport.api.audit;

import java.util.Optional;

/** A break-glass entry and its review, if it has one yet. */
public record ReviewQueueItem(StoredEntry entry, Optional<BreakGlassReview> review) {
}
