package org.wellbeingpassport.api.access;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.wellbeingpassport.api.store.MongoStore;

/**
 * A rolling-window limit per key (a caller's account, a resident), kept in the store so that every instance of the
 * service counts against the same limit. Counts are per fixed window, one document each, reached by its full _id
 * only ({@code name|key|window}: the embedded stand-in scans anything else): the count over the last window is the
 * current window's plus the previous window's weighted by how much of it still falls inside (the usual sliding-window
 * estimate, never more than the true count by more than the previous window's share). A count is one single-document
 * atomic increment; a few concurrent callers may pass the limit by the number in flight at once, never more.
 * Documents carry their expiry for a TTL index (real MongoDB removes them; the stand-in keeps them, one per active key
 * and window).
 */
final class RateLimiter {
    static final String COLLECTION = "rate_limits";
    private final MongoCollection<Document> counts;
    private final String name;
    private final int limit;
    private final Duration window;

    RateLimiter(MongoStore store, String name, int limit, Duration window) {
        this.counts = store.database().getCollection(COLLECTION);
        this.name = name;
        this.limit = limit;
        this.window = window;
        try {
            counts.createIndex(Indexes.ascending("expires"),
                    new IndexOptions().name("expires_ttl").expireAfter(0L, TimeUnit.SECONDS));
        } catch (RuntimeException e) {
            // the stand-in may not keep TTL indexes; the documents are small and bounded by active keys
        }
    }

    /** Counts a hit for the key; false (and not counted) when the key is at its limit. */
    boolean tryAcquire(String key, Instant now) {
        if (count(key, now) >= limit) {
            return false;
        }
        hit(key, now);
        return true;
    }

    /** True when the key may not be counted again now (does not count). */
    boolean exhausted(String key, Instant now) {
        return count(key, now) >= limit;
    }

    /** Counts a hit whatever the count (e.g. a failure, which happened whether or not it was allowed). */
    void hit(String key, Instant now) {
        long w = windowOf(now);
        counts.updateOne(eq("_id", id(key, w)),
                Updates.combine(Updates.inc("n", 1), Updates.setOnInsert("expires", Date.from(startOf(w + 2)))),
                new UpdateOptions().upsert(true));
    }

    /** The hits counted for the key over the last window (the sliding-window estimate). */
    double count(String key, Instant now) {
        long w = windowOf(now);
        double intoCurrent = (now.toEpochMilli() - startOf(w).toEpochMilli()) / (double) window.toMillis();
        return hits(key, w) + hits(key, w - 1) * (1.0 - intoCurrent);
    }

    int limit() {
        return limit;
    }

    Duration window() {
        return window;
    }

    private long hits(String key, long w) {
        Document d = counts.find(eq("_id", id(key, w))).first();
        return d == null ? 0 : ((Number) d.get("n")).longValue();
    }

    private String id(String key, long w) {
        return name + "|" + key + "|" + w;
    }

    private long windowOf(Instant now) {
        return Math.floorDiv(now.toEpochMilli(), window.toMillis());
    }

    private Instant startOf(long w) {
        return Instant.ofEpochMilli(w * window.toMillis());
    }
}
