package org.wellbeingpassport.api.audit;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * What the audit trail counts: every entry by action and outcome (so every consent decision: a read allowed or
 * refused, a grant, a break-glass), how long a request waited for its entry to be stored (the audit lag), and the
 * entries that could not be stored (each one a refused request).
 */
final class AuditMetrics {
    private AuditMetrics() {
    }

    static void stored(AuditEntry entry, long nanos) {
        Metrics.counter("passport.audit.entries", "action", entry.action().name().toLowerCase(java.util.Locale.ROOT),
                "outcome", entry.outcome().name().toLowerCase(java.util.Locale.ROOT)).increment();
        Timer.builder("passport.audit.lag").description("time from a request's audit entry to its block being stored")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1))
                .register(Metrics.globalRegistry).record(Duration.ofNanos(nanos));
    }

    static void failed() {
        Metrics.counter("passport.audit.failures").increment();
    }
}
