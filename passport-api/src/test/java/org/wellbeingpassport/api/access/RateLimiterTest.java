package org.wellbeingpassport.api.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.TwoInstances;

/**
 * Limits held in the store: two instances (two MongoStores, each with its own driver client) on one real
 * wire-protocol server count against one limit; keys never share a count; the window rolls.
 */
class RateLimiterTest {
    final TwoInstances stores = new TwoInstances(); // new for each test (JUnit makes an instance per test)

    @AfterEach
    void stop() {
        stores.close();
    }

    @Test
    void twoInstancesShareOneLimit() {
        RateLimiter a = new RateLimiter(stores.one, "test", 5, Duration.ofMinutes(15));
        RateLimiter b = new RateLimiter(stores.two, "test", 5, Duration.ofMinutes(15));
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        for (int i = 0; i < 5; i++) {
            assertTrue((i % 2 == 0 ? a : b).tryAcquire("prof-1", now.plusSeconds(i)), "hit " + i);
        }
        assertFalse(a.tryAcquire("prof-1", now.plusSeconds(6)), "the other instance's hits count here");
        assertFalse(b.tryAcquire("prof-1", now.plusSeconds(6)));
        assertTrue(b.exhausted("prof-1", now.plusSeconds(7)));
        assertTrue(a.tryAcquire("prof-2", now.plusSeconds(7)), "another key has its own count");
    }

    @Test
    void theWindowRolls() {
        RateLimiter a = new RateLimiter(stores.one, "roll", 4, Duration.ofMinutes(10));
        Instant start = Instant.parse("2026-12-02T10:00:00Z");
        for (int i = 0; i < 4; i++) {
            a.hit("k", start.plusSeconds(i));
        }
        assertTrue(a.exhausted("k", start.plusSeconds(60)));
        // half way into the next window, half the previous window's hits still count
        assertEquals(2.0, a.count("k", start.plus(Duration.ofMinutes(15))), 0.01);
        assertTrue(a.tryAcquire("k", start.plus(Duration.ofMinutes(15))));
        // at the start of the next window, that hit counts in full; a window later, nothing does
        assertEquals(1.0, a.count("k", start.plus(Duration.ofMinutes(20))), 0.01);
        assertEquals(0.0, a.count("k", start.plus(Duration.ofMinutes(30))), 0.01);
    }

    @Test
    void countsAreReachedByTheirFullId() {
        RateLimiter a = new RateLimiter(stores.one, "ids", 3, Duration.ofMinutes(1));
        Instant now = Instant.parse("2026-12-02T10:00:30Z");
        a.hit("caller|x", now);
        long window = now.toEpochMilli() / Duration.ofMinutes(1).toMillis();
        var doc = stores.one.database().getCollection(RateLimiter.COLLECTION)
                .find(com.mongodb.client.model.Filters.eq("_id", "ids|caller|x|" + window)).first();
        assertEquals(1, doc.getInteger("n"));
        assertTrue(doc.getDate("expires").toInstant().isAfter(now), "carries its own expiry for a TTL index");
    }
}
