package org.wellbeingpassport.api.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sliding-window limit per key (a caller's account, or one global key), in memory: each instance of the service
 * counts on its own, so N instances allow up to N times the limit. Keys whose window is empty are dropped, so memory
 * follows the callers active in the last window.
 */
final class RateLimiter {
    private final int limit;
    private final Duration window;
    private final Map<String, Deque<Instant>> hits = new ConcurrentHashMap<>();

    RateLimiter(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    /** Counts a hit for the key; false (and not counted) when the key is at its limit. */
    boolean tryAcquire(String key, Instant now) {
        boolean[] ok = new boolean[1];
        hits.compute(key, (k, q) -> {
            Deque<Instant> d = q == null ? new ArrayDeque<>() : q;
            prune(d, now);
            if (d.size() < limit) {
                d.addLast(now);
                ok[0] = true;
            }
            return d.isEmpty() ? null : d;
        });
        return ok[0];
    }

    /** True when the key may not be counted again now (does not count). */
    boolean exhausted(String key, Instant now) {
        boolean[] full = new boolean[1];
        hits.computeIfPresent(key, (k, d) -> {
            prune(d, now);
            full[0] = d.size() >= limit;
            return d.isEmpty() ? null : d;
        });
        return full[0];
    }

    int limit() {
        return limit;
    }

    Duration window() {
        return window;
    }

    private void prune(Deque<Instant> d, Instant now) {
        Instant from = now.minus(window);
        while (!d.isEmpty() && !d.peekFirst().isAfter(from)) {
            d.pollFirst();
        }
    }
}
