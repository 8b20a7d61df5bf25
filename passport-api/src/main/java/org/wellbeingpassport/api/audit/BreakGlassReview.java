package org.wellbeingpassport.api.audit;

import java.time.Instant;

/** An auditor's recorded disposition of one break-glass entry. */
public record BreakGlassReview(String entryId, ReviewDisposition disposition, String note, String reviewerId,
        String reviewerName, Instant at) {
}
