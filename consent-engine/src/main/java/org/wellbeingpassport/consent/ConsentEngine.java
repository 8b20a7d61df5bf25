package org.wellbeingpassport.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * The one place disclosure is decided. A pure function of (request, directives, item): no state
 * beyond the configured break-glass policy, so one engine serves every thread.
 *
 * <pre>
 * Decision d = engine.decide(request, directives, item);          // one-off, with reasons
 * CompiledPolicy p = engine.compile(directives, request);         // once per request and version
 * DisclosureMask m = p.disclose(item);                            // hot path, per resource
 * </pre>
 */
public final class ConsentEngine {
    private final BreakGlassPolicy breakGlassPolicy;

    public ConsentEngine(BreakGlassPolicy breakGlassPolicy) {
        this.breakGlassPolicy = Objects.requireNonNull(breakGlassPolicy, "breakGlassPolicy");
    }

    /** An engine with {@link BreakGlassPolicy#standard()}. */
    public static ConsentEngine standard() {
        return new ConsentEngine(BreakGlassPolicy.standard());
    }

    public BreakGlassPolicy breakGlassPolicy() {
        return breakGlassPolicy;
    }

    /** Per-element decision with reasons and obligations for one item. */
    public Decision decide(AccessRequest request, DirectiveSet directives, DataItem item) {
        return compile(directives, request).decide(item);
    }

    /**
     * The directives prepared for one request (actor, purpose, time, basis). Reuse it for every
     * item of the request; it is immutable and thread-safe.
     */
    public CompiledPolicy compile(DirectiveSet directives, AccessRequest request) {
        Objects.requireNonNull(directives, "directives");
        Objects.requireNonNull(request, "request");
        List<Rule> denies = new ArrayList<>();
        List<Rule> permits = new ArrayList<>();
        List<Rule> inactivePermits = new ArrayList<>();
        for (Provision p : directives.provisions()) {
            flatten(p, Context.root(p), request, List.of(), denies, permits, inactivePermits);
        }
        return new CompiledPolicy(this, directives, request, denies.toArray(Rule[]::new), permits.toArray(Rule[]::new),
                inactivePermits.toArray(Rule[]::new));
    }

    /**
     * Top-level denies (and denies nested in them) apply to everything. A deny nested in a permit
     * is an exception to that permit and to the permits nested in it, and to nothing else: so
     * revoking or narrowing a permit can never disclose more through another permit.
     */
    private static void flatten(Provision p, Context parent, AccessRequest request, List<Rule> exceptions,
            List<Rule> denies, List<Rule> permits, List<Rule> inactivePermits) {
        Context c = parent.enter(p);
        if (p.type() == ProvisionType.DENY) {
            collectDenies(p, c, request, denies);
            return;
        }
        List<Rule> mine = new ArrayList<>(exceptions);
        for (Provision child : p.nested()) {
            if (child.type() == ProvisionType.DENY) {
                collectDenies(child, c.enter(child), request, mine);
            }
        }
        if (c.whoMatches(request.actor())) {
            ReasonKind status = c.status(request.at(), request.purpose(), p.type());
            Rule rule = new Rule(c.levels.toArray(Selection[]::new), c.licence, c.summary(p), status,
                    mine.toArray(Rule[]::new));
            (status == ReasonKind.PERMITTED ? permits : inactivePermits).add(rule);
        }
        for (Provision child : p.nested()) {
            if (child.type() == ProvisionType.PERMIT) {
                flatten(child, c, request, mine, denies, permits, inactivePermits);
            }
        }
    }

    /** A deny and the denies nested in it, those in force for this request only. */
    private static void collectDenies(Provision p, Context c, AccessRequest request, List<Rule> out) {
        if (c.whoMatches(request.actor())) {
            ReasonKind status = c.status(request.at(), request.purpose(), p.type());
            if (status == ReasonKind.DENIED) {
                out.add(new Rule(c.levels.toArray(Selection[]::new), 0, c.summary(p), status, new Rule[0]));
            }
        }
        for (Provision child : p.nested()) {
            // validation rejects a permit inside a deny
            if (child.type() == ProvisionType.DENY) {
                collectDenies(child, c.enter(child), request, out);
            }
        }
    }

    /** What a nested provision inherits from the provisions around it. */
    private static final class Context {
        final List<String> path = new ArrayList<>();
        final List<List<Recipient>> who = new ArrayList<>();
        final List<Set<Purpose>> purposes = new ArrayList<>();
        final List<Selection> levels = new ArrayList<>();
        Instant granted;
        Instant from;
        Optional<Instant> until = Optional.empty();
        Optional<Instant> revoked = Optional.empty();
        int licence;

        static Context root(Provision top) {
            Context c = new Context();
            // validation guarantees a top-level granted date
            c.granted = top.granted().orElseThrow();
            c.from = c.granted;
            return c;
        }

        Context enter(Provision p) {
            Context c = new Context();
            c.path.addAll(path);
            c.path.add(p.id());
            c.who.addAll(who);
            if (!p.who().isEmpty()) {
                c.who.add(p.who());
            }
            c.purposes.addAll(purposes);
            if (!p.purposes().isEmpty()) {
                c.purposes.add(p.purposes());
            }
            c.levels.addAll(levels);
            c.levels.add(new Selection(p.what(), p.type()));
            c.granted = granted;
            c.from = from;
            c.until = until;
            c.revoked = min(revoked, p.revoked());
            c.licence = licence;
            if (p.type() == ProvisionType.PERMIT) {
                c.licence |= Categories.mask(p.what().categories());
            }
            p.period().ifPresent(period -> {
                if (period.start().isAfter(c.from)) {
                    c.from = period.start();
                }
                c.until = min(c.until, period.end());
            });
            return c;
        }

        boolean whoMatches(Actor actor) {
            for (List<Recipient> level : who) {
                boolean any = false;
                for (Recipient r : level) {
                    any |= r.matches(actor);
                }
                if (!any) {
                    return false;
                }
            }
            return !who.isEmpty();
        }

        ReasonKind status(Instant at, Purpose purpose, ProvisionType type) {
            if (revoked.isPresent() && !at.isBefore(revoked.get())) {
                return ReasonKind.REVOKED;
            }
            if (at.isBefore(from)) {
                return ReasonKind.NOT_YET_VALID;
            }
            if (until.isPresent() && !at.isBefore(until.get())) {
                return ReasonKind.EXPIRED;
            }
            for (Set<Purpose> allowed : purposes) {
                if (!allowed.contains(purpose)) {
                    return ReasonKind.PURPOSE_NOT_ALLOWED;
                }
            }
            return type == ProvisionType.DENY ? ReasonKind.DENIED : ReasonKind.PERMITTED;
        }

        ProvisionSummary summary(Provision p) {
            List<Recipient> innermostWho = who.isEmpty() ? List.of() : who.get(who.size() - 1);
            Set<Purpose> innermostPurposes = purposes.isEmpty() ? Set.of() : purposes.get(purposes.size() - 1);
            return new ProvisionSummary(p.id(), path, p.type(), innermostWho, p.what(), innermostPurposes,
                    Categories.set(licence), granted, from, until, revoked);
        }

        private static Optional<Instant> min(Optional<Instant> a, Optional<Instant> b) {
            if (a.isEmpty()) {
                return b;
            }
            if (b.isEmpty()) {
                return a;
            }
            return a.get().isBefore(b.get()) ? a : b;
        }
    }
}
