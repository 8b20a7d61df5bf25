package org.wellbeingpassport.api.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the audit trail counts: every entry by action and outcome (so every consent decision: a read allowed or
 * refused, a grant, a break-glass), how long a request waited for its entry to be stored (the audit lag), and the
 * entries that could not be stored (each one a refused request), and how many entries each stored block holds.
 *
 * <p>
 * The meters are built once and kept (one per action and outcome, one lag timer): building a meter and looking it up
 * in the registry cost more than counting. Micrometer's global registry is a composite whose meters follow the
 * registries added to or removed from it, so a kept meter records into whichever registry is there.
 */
final class AuditMetrics {
    private static final ConcurrentHashMap<AuditAction, AtomicReferenceArray<Counter>> ENTRIES = new ConcurrentHashMap<>();
    private static volatile Timer lag;
    private static volatile DistributionSummary blocks;

    private AuditMetrics() {
    }

    static void stored(AuditEntry entry, long nanos) {
        entries(entry.action(), entry.outcome()).increment();
        lag().record(nanos, TimeUnit.NANOSECONDS);
    }

    static Counter entries(AuditAction action, AuditOutcome outcome) {
        AtomicReferenceArray<Counter> byOutcome = ENTRIES.computeIfAbsent(action,
                a -> new AtomicReferenceArray<>(AuditOutcome.values().length));
        Counter c = byOutcome.get(outcome.ordinal());
        if (c == null) {
            // a race builds the same counter twice: the registry returns the one it holds both times
            c = Metrics.counter("passport.audit.entries", "action", action.name().toLowerCase(Locale.ROOT), "outcome",
                    outcome.name().toLowerCase(Locale.ROOT));
            byOutcome.set(outcome.ordinal(), c);
        }
        return c;
    }

    static Timer lag() {
        Timer t = lag;
        if (t == null) {
            t = Timer.builder("passport.audit.lag")
                    .description("time from a request's audit entry to its block being stored")
                    .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                            Duration.ofSeconds(1))
                    .register(Metrics.globalRegistry);
            lag = t;
        }
        return t;
    }

    /** One block stored with this many entries (how well group commit batches: entries per signature and insert). */
    static void block(int entries) {
        DistributionSummary b = blocks;
        if (b == null) {
            b = DistributionSummary.builder("passport.audit.block.entries")
                    .description("entries per audit block stored (one insert and one signature each)")
                    .register(Metrics.globalRegistry);
            blocks = b;
        }
        b.record(entries);
    }

    static void failed() {
        Metrics.counter("passport.audit.failures").increment();
    }
}
