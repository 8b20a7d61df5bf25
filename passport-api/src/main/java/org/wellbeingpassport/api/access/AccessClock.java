package org.wellbeingpassport.api.access;

import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * The time the access flows decide by (expiry of requests, codes, grants and delegations). One bean, so tests can
 * set it back to create what has already expired, instead of waiting for it.
 */
@Singleton
public class AccessClock {
    public Instant now() {
        return Instant.now();
    }
}
