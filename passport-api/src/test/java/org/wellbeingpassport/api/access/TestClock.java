package org.wellbeingpassport.api.access;

import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * The access flows' clock, which a test may set back to create something that has already expired (then set it
 * right again): expiry is tested by what the next request sees, never by waiting. Offset zero is the system clock.
 */
@Singleton
@Replaces(AccessClock.class)
public class TestClock extends AccessClock {
    private volatile Duration offset = Duration.ZERO;

    @Override
    public Instant now() {
        return Instant.now().plus(offset);
    }

    /** Runs the action with the clock set back by {@code ago}, then restores it. */
    public void back(Duration ago, Runnable action) {
        offset = ago.negated();
        try {
            action.run();
        } finally {
            offset = Duration.ZERO;
        }
    }
}
