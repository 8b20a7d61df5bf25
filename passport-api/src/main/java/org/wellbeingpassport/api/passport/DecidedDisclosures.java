package org.wellbeingpassport.api.passport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * What a consent-based read of one passport version discloses to one actor for one purpose, decided once and kept
 * (per instance) for the next reads of the same (docs/adr/0017-decided-disclosures.md). An entry is used only for
 * exactly the passport it was decided on (resident, start time, aggregate version and directive version: every
 * change of consent, delegation, dispute or resource raises the version, and the store is asked for it on every
 * read), for exactly the same actor (every field of its identity: id, name, role, organisation) and purpose, and only
 * while the read's time is in the window in which no provision starts, ends, was granted or is revoked (so an expiry
 * or a start in time acts on the very next read). Break-glass, lawful-basis and explaining reads are never kept.
 *
 * <p>
 * Entries hold what is sent (redacted, unsealed resources as bytes), so they are bounded: by weight
 * ({@code passport.read-cache.disclosures-max-mb}), by age ({@link #MAX_AGE}: no copy outlives it, even unused), by
 * {@link #PER_PASSPORT} readers per passport, and dropped at once when the passport is erased or found gone here.
 * The audit entry is still recorded by the gate on every read, before anything is sent.
 */
@Singleton
public final class DecidedDisclosures {
    /** The longest any decided disclosure is kept, used or not. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** At most this many readers' disclosures are kept per passport (the most recent). */
    static final int PER_PASSPORT = 16;

    /** Who asked, for what: the whole actor record (id, name, role, organisation) and the purpose. */
    private record Reader(Actor actor, Purpose purpose) {
    }

    private record Decided(Evaluation evaluation, Instant decidedAt, Instant validUntil, long keptAtNanos) {
    }

    /** The disclosures of one passport version; replaced whole when the version changes. */
    private record Kept(PassportStore.Version at, long directiveVersion, Map<Reader, Decided> decided, long weight) {
    }

    private final Cache<String, Kept> cache;
    private final Ticker ticker;

    @Inject
    public DecidedDisclosures(@Value("${passport.read-cache.disclosures-max-mb:256}") long maxMegabytes) {
        this(maxMegabytes, Ticker.systemTicker());
    }

    DecidedDisclosures(long maxMegabytes, Ticker ticker) {
        this.ticker = ticker;
        this.cache = Caffeine.newBuilder().maximumWeight(Math.max(0, maxMegabytes) * 1024 * 1024)
                .weigher((String k, Kept v) -> (int) Math.min(Integer.MAX_VALUE, v.weight())).expireAfterWrite(MAX_AGE)
                .ticker(ticker).recordStats().build();
        org.wellbeingpassport.api.http.CacheMeters.monitor(cache, "decided_disclosures");
    }

    /** The disclosure decided earlier for exactly this passport, reader, purpose and time window, if kept. */
    Optional<Evaluation> find(PreparedPassport passport, Actor actor, Purpose purpose, Instant at) {
        Kept kept = cache.getIfPresent(passport.residentId());
        if (kept == null || !kept.at().equals(passport.at())
                || kept.directiveVersion() != passport.directives().version()) {
            return Optional.empty();
        }
        Decided d = kept.decided().get(new Reader(actor, purpose));
        if (d == null || at.isBefore(d.decidedAt()) || !at.isBefore(d.validUntil()) || tooOld(d)) {
            return Optional.empty();
        }
        return Optional.of(d.evaluation());
    }

    /**
     * Keeps a disclosure decided at {@code at} ({@code evaluation} must be {@link Evaluation#kept()}); a newer
     * passport version replaces everything kept for the resident, an older one is ignored.
     */
    void keep(PreparedPassport passport, Actor actor, Purpose purpose, Instant at, Evaluation evaluation) {
        Instant until = nextChange(passport.directives(), at);
        if (!at.isBefore(until)) {
            return;
        }
        Decided d = new Decided(evaluation, at, until, ticker.read());
        Reader reader = new Reader(actor, purpose);
        cache.asMap().compute(passport.residentId(), (rid, old) -> {
            if (old != null && newer(old, passport)) {
                return old;
            }
            Map<Reader, Decided> next = new HashMap<>();
            if (old != null && old.at().equals(passport.at())
                    && old.directiveVersion() == passport.directives().version()) {
                old.decided().forEach((r, x) -> {
                    if (!tooOld(x)) {
                        next.put(r, x);
                    }
                });
            }
            next.put(reader, d);
            while (next.size() > PER_PASSPORT) {
                Reader oldest = next.entrySet().stream()
                        .min(java.util.Comparator.comparingLong(e -> e.getValue().keptAtNanos())).orElseThrow()
                        .getKey();
                next.remove(oldest);
            }
            long weight = 256;
            for (Decided x : next.values()) {
                weight += 128 + x.evaluation().weightBytes();
            }
            return new Kept(passport.at(), passport.directives().version(), Map.copyOf(next), weight);
        });
    }

    /** How many readers' disclosures are kept for this resident now (metrics and tests). */
    public int keptFor(String residentId) {
        Kept kept = cache.getIfPresent(residentId);
        return kept == null ? 0 : kept.decided().size();
    }

    /** Drops everything kept for the resident (erasure, or the passport found gone). */
    public void forget(String residentId) {
        cache.invalidate(residentId);
    }

    private boolean tooOld(Decided d) {
        return ticker.read() - d.keptAtNanos() >= MAX_AGE.toNanos();
    }

    private static boolean newer(Kept old, PreparedPassport passport) {
        PassportStore.Version a = old.at();
        PassportStore.Version b = passport.at();
        return a.created() > b.created() || (a.created() == b.created() && a.ver() > b.ver());
    }

    /**
     * The first instant at or after {@code at} at which any provision (at any depth) starts, ends, was granted or is
     * revoked: the consent engine compares a read's time only with these, so every read at a time in
     * {@code [at, nextChange)} is decided exactly as one at {@code at}. {@link Instant#MAX} when there is none.
     */
    static Instant nextChange(DirectiveSet directives, Instant at) {
        Instant[] next = {Instant.MAX};
        for (Provision p : directives.provisions()) {
            boundaries(p, at, next);
        }
        return next[0];
    }

    private static void boundaries(Provision p, Instant at, Instant[] next) {
        p.granted().ifPresent(t -> consider(t, at, next));
        p.revoked().ifPresent(t -> consider(t, at, next));
        p.period().ifPresent(period -> {
            consider(period.start(), at, next);
            period.end().ifPresent(t -> consider(t, at, next));
        });
        for (Provision n : p.nested()) {
            boundaries(n, at, next);
        }
    }

    private static void consider(Instant t, Instant at, Instant[] next) {
        if (!t.isBefore(at) && t.isBefore(next[0])) {
            next[0] = t;
        }
    }
}
