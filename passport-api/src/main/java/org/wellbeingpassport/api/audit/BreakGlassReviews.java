package org.wellbeingpassport.api.audit;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * The break-glass review queue: every break-glass entry waits for an auditor's disposition and note. A review is
 * insert-only ({@code _id} = the entry id, so an entry is reviewed once), and the review itself is recorded in the
 * audit trail (disposition only; the note stays in the review record).
 */
public final class BreakGlassReviews {
    static final String REVIEWS = "audit_reviews";
    public static final int MAX_NOTE = 4000;

    private final MongoCollection<Document> reviews;
    private final AuditQueries queries;
    private final AuditTrail trail;
    private final Clock clock;

    public BreakGlassReviews(MongoDatabase database, AuditQueries queries, AuditTrail trail) {
        this(database, queries, trail, Clock.systemUTC());
    }

    BreakGlassReviews(MongoDatabase database, AuditQueries queries, AuditTrail trail, Clock clock) {
        this.reviews = database.getCollection(REVIEWS);
        this.queries = queries;
        this.trail = trail;
        this.clock = clock;
    }

    /** Break-glass entries, oldest first; with {@code pendingOnly}, those not yet reviewed. */
    public List<ReviewQueueItem> queue(boolean pendingOnly, int limit) {
        Map<String, BreakGlassReview> done = new HashMap<>();
        for (Document d : reviews.find()) {
            BreakGlassReview r = fromDocument(d);
            done.put(r.entryId(), r);
        }
        List<ReviewQueueItem> out = new ArrayList<>();
        for (StoredEntry s : queries.search(AuditQuery.all().withBreakGlass(true))) {
            BreakGlassReview r = done.get(s.entryId());
            if (pendingOnly && r != null) {
                continue;
            }
            out.add(new ReviewQueueItem(s, Optional.ofNullable(r)));
            if (out.size() >= limit) {
                break;
            }
        }
        return List.copyOf(out);
    }

    public Optional<BreakGlassReview> find(String entryId) {
        return Optional.ofNullable(reviews.find(eq("_id", entryId)).first()).map(BreakGlassReviews::fromDocument);
    }

    /** Outcome of recording a review. */
    public sealed interface Result {
        record Recorded(BreakGlassReview review) implements Result {
        }

        record AlreadyReviewed(BreakGlassReview existing) implements Result {
        }

        record NotBreakGlass() implements Result {
        }
    }

    /**
     * Records a disposition for a break-glass entry. The review is audited first (fail closed: no audit, no review).
     */
    public Result review(String entryId, ReviewDisposition disposition, String note, AuditAgent reviewer) {
        if (note == null || note.isBlank() || note.length() > MAX_NOTE) {
            throw new IllegalArgumentException("a note of 1.." + MAX_NOTE + " characters is required");
        }
        Optional<BreakGlassReview> existing = find(entryId);
        if (existing.isPresent()) {
            return new Result.AlreadyReviewed(existing.get());
        }
        Optional<StoredEntry> target = queries.search(AuditQuery.all().withBreakGlass(true)).stream()
                .filter(s -> s.entryId().equals(entryId)).findFirst();
        if (target.isEmpty()) {
            return new Result.NotBreakGlass();
        }
        Instant now = clock.instant();
        AuditEntry.Builder audit = AuditEntry.builder(AuditAction.REVIEW, AuditOutcome.SUCCESS, reviewer).at(now)
                .purpose("audit").detail("break-glass review of entry " + entryId + ": " + disposition.name());
        target.get().entry().residentId().ifPresent(audit::resident);
        trail.record(audit.build());
        BreakGlassReview review = new BreakGlassReview(entryId, disposition, note, reviewer.id(), reviewer.name(), now);
        try {
            reviews.insertOne(new Document("_id", entryId).append("d", disposition.name()).append("note", note)
                    .append("by", reviewer.id()).append("byName", reviewer.name()).append("at", Date.from(now)));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return new Result.AlreadyReviewed(find(entryId).orElse(review));
            }
            throw e;
        }
        return new Result.Recorded(review);
    }

    private static BreakGlassReview fromDocument(Document d) {
        return new BreakGlassReview(d.getString("_id"), ReviewDisposition.valueOf(d.getString("d")),
                d.getString("note"), d.getString("by"), d.getString("byName"), d.getDate("at").toInstant());
    }
}
